import { isEvidencePath } from "../../compiler/evidence/paths.js";
import type { AttestedFile } from "../../compiler/evidence/statement.js";
import { describeKind, type ContainedFolder, type TreeEntry } from "../contained-folder.js";

/** An output folder as evidence sees it, read without following a link or opening a special file. */
export interface OutputTree {
  /** Every regular file outside evidence/ (the output record included), read: what a statement attests. Sorted. */
  files: AttestedFile[];
  /** The regular files under evidence/. Sorted. */
  evidence: TreeEntry[];
  /** One line for each link or special file anywhere, and each folder under evidence/: never read, never attested. */
  refused: string[];
}

/** The line naming a refused entry. */
function refusal(entry: TreeEntry): string {
  const target = entry.target === undefined ? "" : ` to ${entry.target}`;
  return `refused: ${entry.path} is ${describeKind(entry.kind)}${target} (evidence attests regular files only; links are never followed)`;
}

/**
 * Reads an output folder for evidence: the files a statement attests, the evidence files, and
 * what is refused. A file that cannot be read is a CliError (exit 2).
 */
export function readOutputTree(folder: ContainedFolder): OutputTree {
  const tree: OutputTree = { files: [], evidence: [], refused: [] };
  for (const entry of folder.walk()) {
    if (entry.kind === "folder") {
      if (isEvidencePath(entry.path) && entry.path !== "evidence") tree.refused.push(`unknown: ${entry.path}/ (a folder under evidence/, which holds only spec-kit's evidence files)`);
      continue;
    }
    if (entry.kind !== "file") {
      tree.refused.push(refusal(entry));
      continue;
    }
    if (isEvidencePath(entry.path)) tree.evidence.push(entry);
    else tree.files.push({ path: entry.path, content: folder.readFile(entry.path)! });
  }
  return tree;
}

/** The files a statement attests (see {@link readOutputTree}). */
export function readAttestedFiles(folder: ContainedFolder): AttestedFile[] {
  return readOutputTree(folder).files;
}
