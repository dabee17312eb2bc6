import { createHash } from "node:crypto";
import type { ContainedFolder } from "../contained-folder.js";
import { INDEX_FILE, type OutputFile, type OutputIndex } from "../output-writer.js";
import type { CheckResult } from "../../compiler/program.js";
import { RUNTIME_IMPORT } from "./output-files.js";
import { generatorFingerprint } from "./generator-fingerprint.js";

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The digest of an apply's inputs: the generator, its options, the evidence settings (toolchain,
 * SOURCE_DATE_EPOCH, signing key), the text of every bundle document (sorted by path) and what
 * the policies were (their files' digests and what they evaluated: the evidence's policy tally).
 */
export function inputDigest(result: { documents: ReadonlyMap<string, { readonly text: string }>; policies?: CheckResult["policies"] }, settings: string, generator: string = generatorFingerprint()): string {
  const hash = createHash("sha256").update(`spec-kit apply\0${generator}\0${RUNTIME_IMPORT}\0${settings}\0`);
  for (const file of [...result.documents.keys()].sort()) hash.update(`${file}\0${sha256(result.documents.get(file)!.text)}\0`);
  if (result.policies) hash.update(`policies\0${JSON.stringify(result.policies)}\0`);
  return hash.digest("hex");
}

/**
 * The generated files and the output record as they are on disk, when every file the index
 * lists has the digest it recorded; undefined otherwise. Read through the output folder's layer,
 * so a link or special file there is refused by name, never followed or opened.
 */
export function recordedOutput(folder: ContainedFolder, index: OutputIndex): OutputFile[] | undefined {
  const digests = index.sha256;
  if (!digests) return undefined;
  const files: OutputFile[] = [];
  for (const file of index.files) {
    const expected = digests[file];
    if (typeof expected !== "string") return undefined;
    const content = folder.readIfFile(file);
    if (content === undefined || sha256(content) !== expected) return undefined;
    // The digest goes with the file: the evidence statement attests it without hashing again.
    files.push({ path: file, content, sha256: expected });
  }
  const record = folder.readFile(INDEX_FILE);
  if (record === undefined) return undefined;
  files.push({ path: INDEX_FILE, content: record });
  return files;
}
