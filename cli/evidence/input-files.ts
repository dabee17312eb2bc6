import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Bundle } from "../../compiler/bundle.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { inputDigest, type InputEntry } from "../../compiler/evidence/input-digest.js";

/** The files a loaded bundle consists of (manifest, phases, missions, the manifest's policy and data files), relative to its root. */
export function bundleFiles(bundle: Bundle): string[] {
  const documents = [bundle.manifest, ...bundle.phases, ...bundle.missions].map((doc) => doc.document.file);
  const policies: unknown = bundle.manifest.valid ? bundle.manifest.data.policies : undefined;
  // Only paths inside the bundle: check refuses any other (policy/load), so nothing outside is ever read or copied for it.
  const inside = (path: unknown): path is string => typeof path === "string" && !isAbsolute(path) && !path.split(/[\\/]/).includes("..");
  const policyFiles = (Array.isArray(policies) ? policies : []).flatMap((entry: { path?: unknown; data?: unknown }) => [entry.path, entry.data].filter(inside));
  return [...new Set([...documents, ...policyFiles])];
}

/** The canonical digest of the bundle at `dir`: its files' paths and the SHA-256 of their bytes as on disk. */
export function bundleInputDigest(dir: string, bundle: Bundle | undefined): string {
  const entries: InputEntry[] = (bundle ? bundleFiles(bundle) : []).map((path) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(dir, path));
    } catch {
      bytes = new Uint8Array();
    }
    return { path, sha256: sha256Hex(bytes) };
  });
  return inputDigest(entries);
}
