import { canonicalJson } from "../../common/canonical-json.js";
import { compareStrings } from "../diagnostics.js";
import { sha256Hex } from "./digest.js";

/** One input file: its path relative to the bundle root (`/` separators) and the SHA-256 of its bytes. */
export interface InputEntry {
  path: string;
  sha256: string;
}

/**
 * The canonical digest of an input bundle, `sha256:<hex>`: SHA-256 of the canonical JSON of
 * its `{ path, sha256 }` entries sorted by path. Independent of the order files were read in
 * and of anything but their paths and bytes.
 */
export function inputDigest(entries: readonly InputEntry[]): string {
  const sorted = [...entries].sort((a, b) => compareStrings(a.path, b.path)).map(({ path, sha256 }) => ({ path, sha256 }));
  return `sha256:${sha256Hex(canonicalJson(sorted))}`;
}
