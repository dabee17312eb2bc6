import type { ContainedFolder } from "../contained-folder.js";

/**
 * Writes evidence files (path relative to the output folder to text), each atomically, and
 * removes the ones named in `remove`, all through the output folder's layer: a link or special
 * file where evidence goes is refused, never written through or removed. Only `verify` calls it;
 * `apply` carries these files over (they are not in its index) except the statement and
 * envelope, which it owns.
 */
export function writeEvidenceFiles(folder: ContainedFolder, files: ReadonlyMap<string, string>, remove: readonly string[] = []): void {
  for (const path of remove) folder.removeFile(path);
  for (const [path, text] of files) folder.writeFile(path, text);
}
