import { canonicalJson } from "./canonical-json.js";
import { sha256Hex, type HashFn } from "./hash.js";

/**
 * The hash chain shared by the runtime's event log and the evidence ledger: each record holds
 * its position, its predecessor's hash, a JSON payload and
 * `hash(canonicalJson({ seq, prev, payload }))`.
 */

/** One record of a hash-chained log: its position, its predecessor's hash, its payload and its own hash. */
export interface ChainRecord<P = unknown> {
  readonly seq: number;
  readonly prev: string;
  readonly payload: P;
  /** `hash(canonicalJson({ seq, prev, payload }))`. */
  readonly hash: string;
}

/** The `prev` of the first record. */
export const GENESIS_PREV = "0".repeat(64);

/** Where and why a chain stops being valid. */
export type ChainBreak = "seq mismatch" | "prev mismatch" | "hash mismatch" | "not a record";

/** The outcome of {@link verifyChain}: whole, or the first broken record. */
export type ChainVerification = { ok: true; length: number } | { ok: false; index: number; reason: ChainBreak; detail: string };

/** The hash a record must carry. */
export function recordHash(seq: number, prev: string, payload: unknown, hash: HashFn = sha256Hex): string {
  return hash(canonicalJson({ seq, prev, payload }));
}

/**
 * Checks a sequence of records, e.g. one read back from storage: positions count from 0, each
 * `prev` is the previous record's `hash` (the first's is {@link GENESIS_PREV}), and each hash
 * matches its content. Names the first record that fails, so an edited, deleted, inserted or
 * reordered record is found.
 */
export function verifyChain(records: readonly unknown[], hash: HashFn = sha256Hex): ChainVerification {
  let prev = GENESIS_PREV;
  for (const [index, candidate] of records.entries()) {
    if (!isRecordShape(candidate)) return { ok: false, index, reason: "not a record", detail: `record ${index} lacks seq, prev, payload or hash` };
    if (candidate.seq !== index) return { ok: false, index, reason: "seq mismatch", detail: `record ${index} has seq ${candidate.seq}` };
    if (candidate.prev !== prev) return { ok: false, index, reason: "prev mismatch", detail: `record ${index} does not follow record ${index - 1}` };
    let expected: string;
    try {
      expected = recordHash(candidate.seq, candidate.prev, candidate.payload, hash);
    } catch {
      return { ok: false, index, reason: "hash mismatch", detail: `record ${index} has a payload that is not JSON data` };
    }
    if (candidate.hash !== expected) return { ok: false, index, reason: "hash mismatch", detail: `record ${index} does not match its hash` };
    prev = candidate.hash;
  }
  return { ok: true, length: records.length };
}

function isRecordShape(value: unknown): value is ChainRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.seq === "number" && typeof r.prev === "string" && typeof r.hash === "string" && "payload" in r;
}
