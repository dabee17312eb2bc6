import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { relative, resolve } from "node:path";
import type { CodeHost, CodeInput, TypeScriptApi } from "../compiler/code/code-host.js";
import { compareStrings } from "../compiler/diagnostics.js";
import { CliError } from "./cli-error.js";
import { isDirectory, toSlash } from "./fs-paths.js";

const SOURCE_FILE = /\.(?:ts|tsx|mts|cts)$/;
const SKIPPED_DIR = /^(?:node_modules|\..*)$/;

let typescript: TypeScriptApi | undefined;

/** Loads TypeScript on first use, so that checks without code never pay for it. */
function loadTypeScript(): TypeScriptApi {
  return (typescript ??= createRequire(import.meta.url)("typescript") as TypeScriptApi);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The code model's file access on disk for the bundle at `bundleDir`. Reading is not confined
 * to the bundle: module resolution needs the project's tsconfig chain and node_modules.
 */
export function createNodeCodeHost(bundleDir: string): CodeHost {
  const bundleRoot = toSlash(resolve(bundleDir));
  return {
    bundleRoot,
    useCaseSensitiveFileNames: process.platform !== "win32" && process.platform !== "darwin",
    typescript: loadTypeScript,
    listSourceFiles(dir) {
      const out: string[] = [];
      const seen = new Set<string>();
      const walk = (current: string): void => {
        let real: string;
        let entries;
        try {
          real = realpathSync(current);
          entries = readdirSync(current, { withFileTypes: true });
        } catch {
          return;
        }
        if (seen.has(real)) return;
        seen.add(real);
        for (const entry of entries) {
          const path = `${current}/${entry.name}`;
          const directory = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path));
          if (directory) {
            if (!SKIPPED_DIR.test(entry.name)) walk(path);
          } else if (SOURCE_FILE.test(entry.name) && (entry.isFile() || isFile(path))) {
            out.push(path);
          }
        }
      };
      walk(dir);
      return out.sort(compareStrings);
    },
    fileExists: isFile,
    readFile(path) {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
    directoryExists: isDirectory,
    getDirectories(path) {
      try {
        return readdirSync(path, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(`${path}/${entry.name}`)))
          .map((entry) => entry.name);
      } catch {
        return [];
      }
    },
    realpath(path) {
      try {
        return toSlash(realpathSync.native(path));
      } catch {
        return path;
      }
    },
  };
}

/**
 * A code host over in-memory files (path relative to the bundle root to text), rooted at the
 * virtual folder `root`; for rule examples and tests.
 */
export function createMemoryCodeHost(files: Readonly<Record<string, string>>, root = "/bundle"): CodeHost {
  const byPath = new Map(Object.entries(files).map(([path, text]) => [`${root}/${path}`, text]));
  const directories = new Set<string>();
  for (const path of byPath.keys()) {
    for (let at = path.lastIndexOf("/"); at > 0; at = path.lastIndexOf("/", at - 1)) directories.add(path.slice(0, at));
  }
  return {
    bundleRoot: root,
    useCaseSensitiveFileNames: true,
    typescript: loadTypeScript,
    listSourceFiles: (dir) => [...byPath.keys()].filter((path) => path.startsWith(`${dir}/`) && SOURCE_FILE.test(path) && !/\/node_modules\//.test(path)).sort(compareStrings),
    fileExists: (path) => byPath.has(path),
    readFile: (path) => byPath.get(path),
    directoryExists: (path) => directories.has(path),
    getDirectories: (path) =>
      [...directories].filter((dir) => dir.startsWith(`${path}/`) && !dir.slice(path.length + 1).includes("/")).map((dir) => dir.slice(path.length + 1)),
    realpath: (path) => path,
  };
}

/** The code flags of `spec-kit check`. */
export interface CodeOptions {
  /** `--code DIR`: the code root, relative to the current folder. */
  code?: string;
  /** `--diff REV`: check the files changed since REV against the phases' write_modules. */
  diff?: string;
  /** `--phase ID`: the phases bounding the change (default: the phases in progress). */
  phases?: readonly string[];
}

function git(cwd: string, args: readonly string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n")[0];
    throw new CliError(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

/**
 * The files changed since `rev` in the repository holding `bundleDir`, relative to the bundle
 * root: what `git diff --name-only REV` lists (a rename as both its paths), plus untracked
 * files that are not ignored, since a new file is a change too.
 */
export function changedFilesSince(bundleDir: string, rev: string): string[] {
  if (rev === "" || rev.startsWith("-")) throw new CliError(`--diff takes a revision, not "${rev}"`, { usageHint: true });
  const bundleRoot = realpathSync(resolve(bundleDir));
  const top = git(bundleRoot, ["rev-parse", "--show-toplevel"]).trim();
  const changed = git(top, ["diff", "--name-only", "--no-renames", "-z", rev, "--"]);
  const untracked = git(top, ["ls-files", "--others", "--exclude-standard", "-z"]);
  const listed = `${changed}\0${untracked}`.split("\0").filter(Boolean);
  return [...new Set(listed.map((name) => toSlash(relative(bundleRoot, resolve(top, name)))))].sort(compareStrings);
}

/** The code input of a `check` of the bundle at `bundleDir`: file access, and what the flags add. */
export function createCodeInput(bundleDir: string, options: CodeOptions = {}): CodeInput {
  const input: CodeInput = { host: createNodeCodeHost(bundleDir) };
  if (options.code !== undefined) {
    if (!isDirectory(options.code)) throw new CliError(`--code ${options.code}: no such folder`);
    input.root = toSlash(relative(resolve(bundleDir), resolve(options.code))) || ".";
  }
  if (options.diff !== undefined) input.changedFiles = changedFilesSince(bundleDir, options.diff);
  if (options.phases !== undefined && options.phases.length > 0) input.phases = [...options.phases];
  return input;
}

/**
 * The code input of a rule example: its files in memory; when the example holds phase
 * documents, its code files are the change set `code/write-scope` checks.
 */
export function createExampleCodeInput(files: Readonly<Record<string, string>>): CodeInput {
  const input: CodeInput = { host: createMemoryCodeHost(files) };
  const names = Object.keys(files);
  if (names.some((name) => name.startsWith("phases/"))) input.changedFiles = names.filter((name) => SOURCE_FILE.test(name)).sort(compareStrings);
  return input;
}
