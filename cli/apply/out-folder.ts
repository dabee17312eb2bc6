import { createRequire } from "node:module";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type picomatchType from "picomatch";
import type { BundleManifest } from "../../compiler/types/manifest.js";
import { DEFAULT_MISSION_GLOBS, DEFAULT_PHASE_GLOBS } from "../../compiler/constants.js";
import { ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH, LEDGER_PATH, REJECTION_REPORT_PATH, VALIDATION_REPORTS_PATH } from "../../compiler/evidence/paths.js";
import { CliError } from "../cli-error.js";
import { lstatSync, mkdirSync, readlinkSync } from "node:fs";
import { describeKind, displayPath, kindOf, openFolder, type ContainedFolder } from "../contained-folder.js";
import { awaitUnlocked, lockOutput, type OutputLock } from "../output-lock.js";
import { readIndexOf } from "../output-writer.js";

export { displayPath } from "../contained-folder.js";

function contains(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (rel.split(sep)[0] !== ".." && !isAbsolute(rel));
}

/** The output folder `--out` names; refused when replacing it would move the bundle or the current directory. */
export function resolveOutDir(out: unknown, bundleDir: string): string {
  if (Array.isArray(out)) throw new CliError("--out may be given only once");
  if (typeof out !== "string" || out === "") throw new CliError("--out needs a folder name");
  const dir = resolve(out);
  if (contains(dir, resolve(bundleDir))) throw new CliError(`--out ${out} holds the bundle; generate into a folder of its own`);
  if (contains(dir, process.cwd())) throw new CliError(`--out ${out} holds the current directory; generate into a folder of its own`);
  return dir;
}

/**
 * Opens the folder `--out` names (undefined when it does not exist yet). Refuses a link (spec-kit
 * would replace the link by a real folder, or write wherever it points), a file or a special file.
 */
export function openOutFolder(out: string, flag = "--out"): ContainedFolder | undefined {
  let kind;
  try {
    kind = kindOf(lstatSync(out));
  } catch {
    return undefined;
  }
  if (kind === "link") {
    let target = "";
    try {
      target = ` to ${readlinkSync(out)}`;
    } catch {
      target = "";
    }
    throw new CliError(`${flag} ${displayPath(out)} is a symbolic link${target}; spec-kit writes only into a real folder and never replaces a link: give the real folder or remove the link`);
  }
  if (kind !== "folder") throw new CliError(`${flag} ${displayPath(out)} is ${describeKind(kind)}, not a folder`);
  return openFolder(out, { label: displayPath(out) });
}

/**
 * Refuses to replace what is not an output folder: a folder holding files but no index of
 * spec-kit's (a mistaken `--out src` would otherwise be swapped out whole). A link or a file
 * named by `--out` is refused when the folder is opened.
 */
export function assertOutputFolder(folder: ContainedFolder | undefined, mode: "write" | "read"): void {
  if (!folder || mode !== "write") return;
  if (readIndexOf(folder) === undefined && folder.walk().length > 0) {
    throw new CliError(`--out ${displayPath(folder.path)} holds files spec-kit did not write; empty it or choose another folder`);
  }
}

/** Every evidence file a run may write, besides the ones `apply` lists. */
const VERIFY_EVIDENCE = [LEDGER_PATH, VALIDATION_REPORTS_PATH, ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH, REJECTION_REPORT_PATH];

/**
 * Refuses an output folder inside the bundle where the bundle's phase or mission globs would
 * pick up what apply and verify write (the next `check` would read generated files as
 * documents). `paths` are the files about to be written, relative to the output folder.
 */
export async function refuseOutInsideGlobs(out: string, bundleDir: string, manifest: BundleManifest, paths: readonly string[]): Promise<void> {
  const rel = relative(resolve(bundleDir), out);
  if (rel === "" || rel.split(sep)[0] === ".." || isAbsolute(rel)) return;
  const prefix = rel.split(sep).join("/");
  // Required, not imported: an import of this CommonJS package first loads and runs Node's
  // export scanner over it, a cost every `apply` paid (and the fast path of a no-op one).
  const picomatch = createRequire(import.meta.url)("picomatch") as typeof picomatchType;
  const globs = [
    { field: "phases", globs: manifest.phases ?? DEFAULT_PHASE_GLOBS },
    { field: "missions", globs: manifest.missions ?? DEFAULT_MISSION_GLOBS },
  ];
  for (const { field, globs: patterns } of globs) {
    const matches = picomatch([...patterns], { dot: false });
    const hit = [...paths, ...VERIFY_EVIDENCE].map((path) => `${prefix}/${path}`).find((path) => matches(path));
    if (hit !== undefined) {
      throw new CliError(
        `--out ${displayPath(out)} lies where the bundle's ${field} glob (${patterns.map((p) => JSON.stringify(p)).join(", ")}) would read what spec-kit writes (${hit}) as a document; generate outside the bundle or narrow the glob`,
      );
    }
  }
}

/** The CliError (exit 2) for a failed write of the output folder. */
export function writeFailure(error: unknown, out: string): CliError {
  if (error instanceof CliError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot write ${displayPath(out)}: ${reason}`);
}

/**
 * The lock of the output folder. Writing takes it; `--check` and `--dry-run` write nothing, not
 * even a lock, and only wait while a live run holds it (so they never read a folder mid-swap).
 */
export function lockFor(out: string, write: boolean, waitSeconds: number): OutputLock | undefined {
  if (!write) {
    awaitUnlocked(out, waitSeconds);
    return undefined;
  }
  try {
    mkdirSync(dirname(out), { recursive: true });
  } catch (error) {
    throw writeFailure(error, out);
  }
  return lockOutput(out, "spec-kit apply", waitSeconds);
}
