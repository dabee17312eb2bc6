import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { CliError } from "../cli-error.js";
import { writeFileAtomic } from "../write-file-atomic.js";

/**
 * Writes evidence files (path relative to the output folder to text), each atomically, and
 * removes the ones named in `remove`. Only `verify` calls it; `apply` carries these files over
 * (they are not in its index) except the statement and envelope, which it owns.
 */
export function writeEvidenceFiles(outDir: string, files: ReadonlyMap<string, string>, remove: readonly string[] = []): void {
  try {
    for (const [path] of files) mkdirSync(dirname(join(outDir, path)), { recursive: true });
    for (const path of remove) rmSync(join(outDir, path), { force: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new CliError(`cannot write the evidence into ${join(outDir, "evidence")} (${e.code ?? "unknown error"})`);
  }
  for (const [path, text] of files) writeFileAtomic(join(outDir, path), text);
}
