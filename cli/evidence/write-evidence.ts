import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../write-file-atomic.js";

/**
 * Writes evidence files (path relative to the output folder to text), each atomically, and
 * removes the ones named in `remove`. Files `apply` does not own are never touched by it.
 */
export function writeEvidenceFiles(outDir: string, files: ReadonlyMap<string, string>, remove: readonly string[] = []): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileAtomic(join(outDir, path), text);
  }
  for (const path of remove) rmSync(join(outDir, path), { force: true });
}
