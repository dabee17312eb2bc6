import { readdirSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { CliError } from "../cli-error.js";
import { readOutputIndex } from "../output-writer.js";

/** A folder as printed: relative to the current directory when below it, else absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  const shown = rel === "" ? "." : rel.split(sep)[0] === ".." || isAbsolute(rel) ? path : rel;
  return sep === "/" ? shown : shown.split(sep).join("/");
}

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
 * Refuses to replace what is not an output folder: a file, or a folder holding files but no
 * index of spec-kit's (a mistaken `--out src` would otherwise be swapped out whole).
 */
export function assertOutputFolder(dir: string, mode: "write" | "read"): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    return;
  }
  if (!isDirectory) throw new CliError(`--out ${displayPath(dir)} is a file, not a folder`);
  if (mode === "write" && readOutputIndex(dir) === undefined && readdirSync(dir).length > 0) {
    throw new CliError(`--out ${displayPath(dir)} holds files spec-kit did not write; empty it or choose another folder`);
  }
}

/** The CliError (exit 2) for a failed write of the output folder. */
export function writeFailure(error: unknown, out: string): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot write ${displayPath(out)}: ${reason}`);
}
