import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The built CLI (`npm run build` makes it). */
export const BIN = join(REPO_ROOT, "dist/cli/main.js");
/** The CLI fixtures, relative to the repository root (the tests run the CLI from there). */
export const FIXTURES = "test/fixtures/cli";

/** How long one CLI run may take; generous, as a loaded CI machine runs many test files at once. */
export const SPAWN_TIMEOUT_MS = 60_000;
/** Timeout for a test that spawns the CLI (a few runs each). */
export const CLI_TEST_TIMEOUT_MS = 180_000;

/** What one CLI run gave. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables that change the output; removed so that the caller's shell cannot affect a test. */
const STRIPPED_ENV = ["NO_COLOR", "FORCE_COLOR", "SPEC_KIT_DEBUG", "TERM", "NODE_OPTIONS"];

/** Runs `node [nodeArgs] dist/cli/main.js ...args` from the repository root (or `cwd`) and waits for it. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): CliRun {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first`);
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of STRIPPED_ENV) delete env[name];
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...env, ...options.env },
    encoding: "utf8",
    timeout: SPAWN_TIMEOUT_MS,
  });
  if (result.error || result.signal) {
    throw new Error(`spec-kit ${args.join(" ")} did not finish: ${result.error?.message ?? `killed by ${result.signal}`}`);
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fixture bundle's path, relative to the repository root. */
export function fixture(name: string): string {
  return `${FIXTURES}/${name}`;
}

/** Asserts nothing in a run looks like a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text);
}
