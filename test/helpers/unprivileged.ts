// Runs the built CLI as an unprivileged user, so that tests about permissions mean something
// where the tests run as root (CI and most containers): root ignores read-only folders.
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { lchownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, REPO_ROOT } from "../cli/spawn-cli.js";

/** The uid and gid the CLI runs as, or undefined to run as the current user (who then is not root). */
export interface RunAs {
  uid: number;
  gid: number;
}

function nobody(): RunAs | undefined {
  let passwd = "";
  try {
    passwd = readFileSync("/etc/passwd", "utf8");
  } catch {
    return undefined;
  }
  const line = passwd.split("\n").find((entry) => entry.startsWith("nobody:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) return undefined;
  const as = { uid: Number(uid), gid: Number(gid) };
  // The user must be able to run node and read the built CLI.
  const probe = spawnSync(process.execPath, [BIN, "--version"], { ...as, cwd: "/", encoding: "utf8", timeout: 30_000 });
  return probe.status === 0 ? as : undefined;
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Who the permission tests run the CLI as: `nobody` when the tests run as root, else the current user. */
export const RUN_AS: RunAs | undefined = isRoot ? nobody() : undefined;

/**
 * Why the permission tests cannot run here, or undefined when they can: as root they need a
 * user `nobody` that can run node and read the build (root would ignore every read-only folder).
 */
export const UNPRIVILEGED_SKIP_REASON: string | undefined =
  process.platform === "win32" ? "POSIX permissions only" : isRoot && !RUN_AS ? "running as root and no usable unprivileged user (nobody) to run the CLI as" : undefined;

/** Makes everything below `dir` (and `dir`) belong to the user the CLI runs as; links themselves, never their targets. */
export function giveAway(dir: string): void {
  if (!RUN_AS) return;
  const stack = [dir];
  while (stack.length > 0) {
    const path = stack.pop()!;
    lchownSync(path, RUN_AS.uid, RUN_AS.gid);
    if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) stack.push(join(path, name));
  }
}

const made: string[] = [];

/** A fresh scratch folder in the system temp folder, belonging to the user the CLI runs as. */
export function ownedScratch(prefix = "spec-kit-unpriv-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  giveAway(dir);
  return dir;
}

/** Removes the scratch folders made by {@link ownedScratch} (call from afterAll). */
export function removeOwnedScratch(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** What one run gave. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the run had to be killed at the timeout (a hang). */
  timedOut: boolean;
}

const STRIPPED_ENV = ["NO_COLOR", "FORCE_COLOR", "SPEC_KIT_DEBUG", "TERM", "NODE_OPTIONS"];

function envFor(extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of STRIPPED_ENV) delete env[name];
  return { ...env, HOME: tmpdir(), NO_COLOR: "1", ...extra };
}

function toRun(result: SpawnSyncReturns<string>): Run {
  return { code: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", timedOut: result.error !== undefined || result.signal === "SIGKILL" || result.signal === "SIGTERM" };
}

/** Runs the built CLI as {@link RUN_AS} and waits (killed after `timeoutMs`: a hang shows as `timedOut`). */
export function runAs(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: envFor(options.env ?? {}),
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
    killSignal: "SIGKILL",
    ...(RUN_AS ?? {}),
  });
  return toRun(result);
}

/** Starts the built CLI as {@link RUN_AS} without waiting; resolves with the run. */
export function startAs(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: envFor({}), ...(RUN_AS ?? {}) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut: signal === "SIGKILL" });
    });
  });
}

/** True when nothing in a run looks like a stack trace. */
export function noStackTrace(run: Run): boolean {
  return !/^\s+at .+:\d+:\d+\)?$/m.test(run.stdout + run.stderr);
}
