/**
 * `check --against REV`: loads the other version of the bundle, from a folder or from a git
 * revision, for the pure comparison of contracts (compiler/contracts/breaking.ts). Reading a
 * revision runs `git ls-tree` and `git cat-file --batch` without a shell and keeps the blobs in
 * memory: nothing is checked out or written.
 */
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Baseline, Bundle } from "../compiler/bundle.js";
import { compareStrings } from "../compiler/diagnostics.js";
import { loadBundle } from "../compiler/validate/validate-bundle.js";
import { DEFAULT_LIMITS, type BundleHost, type ReadResult } from "../compiler/load/source-document.js";
import { CliError } from "./cli-error.js";
import { createMemoryHost } from "./memory-host.js";
import { createNodeHost } from "./node-host.js";
import { isDirectory, toSlash } from "./fs-paths.js";

/** The version compared against, loaded, and the prefix naming its files in messages. */
export type Against = Baseline;

/** Folders never read from a tree, as the disk host never lists them. */
const SKIPPED = /(^|\/)(node_modules|\.git|\.hg|\.svn)\//;

function git(cwd: string, args: readonly string[], options: { input?: string; maxBuffer?: number; what: string }): Buffer {
  try {
    return execFileSync("git", args, { cwd, input: options.input ?? "", stdio: ["pipe", "pipe", "pipe"], maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024 });
  } catch (error) {
    const failure = error as { code?: string; stderr?: unknown };
    if (failure.code === "ENOENT") throw new CliError(`${options.what}: git is not installed`);
    const stderr = String(failure.stderr ?? "").trim().split("\n")[0];
    throw new CliError(`${options.what}${stderr ? `: ${stderr}` : ""}`);
  }
}

/** One file of a tree: its blob and size. */
interface TreeFile {
  oid: string;
  size: number;
}

/** Reads the blobs of `files` no larger than `cap` in one `git cat-file --batch`. */
function readBlobs(top: string, files: ReadonlyMap<string, TreeFile>, cap: number, what: string): Map<string, Uint8Array> {
  const wanted = [...new Set([...files.values()].filter((f) => f.size <= cap).map((f) => f.oid))];
  const out = new Map<string, Uint8Array>();
  if (wanted.length === 0) return out;
  const total = [...files.values()].filter((f) => f.size <= cap).reduce((sum, f) => sum + f.size + 128, 1024 * 1024);
  const batch = git(top, ["cat-file", "--batch"], { input: `${wanted.join("\n")}\n`, maxBuffer: total, what });
  let at = 0;
  while (at < batch.length) {
    const headerEnd = batch.indexOf(10, at);
    if (headerEnd === -1) break;
    const [oid, type, sizeText] = batch.subarray(at, headerEnd).toString("utf8").split(" ");
    if (type === "missing" || sizeText === undefined) throw new CliError(`${what}: git could not read object ${oid}`);
    const size = Number(sizeText);
    out.set(oid!, new Uint8Array(batch.subarray(headerEnd + 1, headerEnd + 1 + size)));
    at = headerEnd + 1 + size + 1;
  }
  return out;
}

/** A host over the bundle folder as it is at `rev` in the repository holding `bundleDir`. */
export function gitRevisionHost(bundleDir: string, rev: string): { host: BundleHost; prefix: string } {
  const what = `--against ${rev}`;
  if (rev === "" || rev.startsWith("-")) throw new CliError(`--against takes a git revision or a folder, not "${rev}"`, { usageHint: true });
  const bundleRoot = realpathSync(resolve(bundleDir));
  const top = realpathSync(git(bundleRoot, ["rev-parse", "--show-toplevel"], { what: `${what}: ${bundleDir} is not in a git repository, and ${rev} is no folder` }).toString("utf8").trim());
  git(top, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{tree}`], { what: `${what}: neither a folder nor a revision of the repository at ${toSlash(top)}` });
  const inRepo = toSlash(relative(top, bundleRoot));
  const base = inRepo === "" ? "" : `${inRepo}/`;
  const listing = git(top, ["ls-tree", "-r", "-l", "-z", "--end-of-options", rev, ...(base ? ["--", base] : [])], { what }).toString("utf8");
  const files = new Map<string, TreeFile>();
  for (const entry of listing.split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab === -1) continue;
    const [mode, type, oid, size] = entry.slice(0, tab).split(/ +/);
    const path = entry.slice(tab + 1);
    if (type !== "blob" || (mode !== "100644" && mode !== "100755") || !path.startsWith(base)) continue;
    const rel = path.slice(base.length);
    if (SKIPPED.test(rel)) continue;
    files.set(rel, { oid: oid!, size: Number(size) });
  }
  const blobs = readBlobs(top, files, DEFAULT_LIMITS.maxBytes, what);
  const names = [...files.keys()].sort(compareStrings);
  const host: BundleHost = {
    listFiles: () => names,
    readFile(path, maxBytes): ReadResult {
      const file = files.get(path);
      const display = `${rev}:${base}${path}`;
      if (!file) return { ok: false, reason: "not-found", message: `${display} does not exist` };
      if (file.size > maxBytes) return { ok: false, reason: "too-large", message: `${display} is ${file.size} bytes, over the limit of ${maxBytes} bytes` };
      const bytes = blobs.get(file.oid) ?? new Uint8Array(git(top, ["cat-file", "blob", file.oid], { what, maxBuffer: file.size + 1024 }));
      return { ok: true, bytes };
    },
  };
  return { host, prefix: `${rev}:${base}` };
}

function loaded(host: BundleHost, where: string): Bundle {
  const { bundle } = loadBundle(host);
  if (!bundle) throw new CliError(`--against ${where}: no spec-kit manifest there (spec-kit.yaml or spec-kit.json)`);
  return bundle;
}

/**
 * Loads the version `check --against` compares with: `target` is a folder holding that version
 * of the bundle when one exists by that path, else a git revision of the repository holding
 * `bundleDir` (the bundle at the same place in the tree).
 */
export function loadAgainst(bundleDir: string, target: string): Against {
  if (isDirectory(target)) {
    const shown = toSlash(target).replace(/\/+$/, "");
    return { bundle: loaded(createNodeHost(target, { parallel: false }), shown), prefix: `${shown}/` };
  }
  const { host, prefix } = gitRevisionHost(bundleDir, target);
  return { bundle: loaded(host, `${target} (${prefix.slice(target.length + 1) || "the repository root"})`), prefix };
}

/** The files of a rule example under this folder are the version compared against. */
export const EXAMPLE_AGAINST_DIR = "against/";

/** Splits a rule example into the bundle and, when it has files under against/, the version it is compared against. */
export function exampleAgainst<T extends string | Uint8Array>(files: Readonly<Record<string, T>>): { files: Record<string, T>; against?: Against } {
  const current: Record<string, T> = {};
  const before: Record<string, T> = {};
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith(EXAMPLE_AGAINST_DIR)) before[path.slice(EXAMPLE_AGAINST_DIR.length)] = text;
    else current[path] = text;
  }
  if (Object.keys(before).length === 0) return { files: current };
  const { bundle } = loadBundle(createMemoryHost(before));
  return bundle ? { files: current, against: { bundle, prefix: EXAMPLE_AGAINST_DIR } } : { files: current };
}
