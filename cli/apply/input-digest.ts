import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { OutputIndex } from "../output-writer.js";
import { packageVersion } from "../package-info.js";
import type { CheckResult } from "../public-api.js";
import { RUNTIME_IMPORT } from "./emit-output.js";

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

let fingerprint: string | undefined;

/**
 * A digest of the code that generates: spec-kit's version and every module of the compiler,
 * the runtime, the rules and the CLI, from wherever this module runs (the built `dist/` or the
 * sources). A changed emitter changes the digest even before the version is bumped, so a stale
 * output is never kept.
 */
export function generatorFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const here = fileURLToPath(import.meta.url);
  const root = resolve(dirname(here), "..", "..");
  const extension = here.endsWith(".ts") ? ".ts" : ".js";
  const hash = createHash("sha256").update(packageVersion());
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${rel}/${entry.name}`);
      else if (entry.name.endsWith(extension) && !entry.name.endsWith(".d.ts")) hash.update(`${rel}/${entry.name}\0${sha256(readFileSync(path))}\0`);
    }
  };
  for (const folder of ["cli", "compiler", "rules", "runtime"]) walk(join(root, folder), folder);
  return (fingerprint = hash.digest("hex"));
}

/**
 * The digest of an apply's inputs: the generator, its options, the evidence settings (toolchain,
 * SOURCE_DATE_EPOCH, signing key), the text of every bundle document (sorted by path) and what
 * the policies were (their files' digests and what they evaluated: the evidence's policy tally).
 */
export function inputDigest(result: Pick<CheckResult, "documents" | "policies">, settings: string, generator: string = generatorFingerprint()): string {
  const hash = createHash("sha256").update(`spec-kit apply\0${generator}\0${RUNTIME_IMPORT}\0${settings}\0`);
  for (const file of [...result.documents.keys()].sort()) hash.update(`${file}\0${sha256(result.documents.get(file)!.text)}\0`);
  if (result.policies) hash.update(`policies\0${JSON.stringify(result.policies)}\0`);
  return hash.digest("hex");
}

/** True when every file the index lists is on disk with the digest it recorded. */
export function outputIntact(dir: string, index: OutputIndex): boolean {
  const digests = index.sha256;
  if (!digests) return false;
  return index.files.every((file) => {
    const expected = digests[file];
    if (typeof expected !== "string") return false;
    try {
      return sha256(readFileSync(join(dir, file))) === expected;
    } catch {
      return false;
    }
  });
}
