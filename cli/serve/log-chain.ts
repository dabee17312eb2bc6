/**
 * The hash chain of `spec.logs`, as a thin adapter over the chain the evidence ledger uses
 * (`common/hash-chain.ts`): one line of canonical JSON per record, `{ hash, payload, prev, seq }`,
 * with `hash = sha256(canonicalJson({ seq, prev, payload }))` and the first `prev` all zeros.
 * A `spec.logs` line is therefore a ledger line (`compiler/evidence/ledger.ts`) with another
 * payload, and every import of the chain's primitives sits in this one file.
 */
import { canonicalJson } from "../../common/canonical-json.js";
import { GENESIS_PREV, recordHash } from "../../common/hash-chain.js";

export { GENESIS_PREV } from "../../common/hash-chain.js";

/** One record of the chain as it is stored. */
export interface LogRecord<P = unknown> {
  seq: number;
  prev: string;
  payload: P;
  hash: string;
}

/** The position a new record is chained to: the next sequence number and the last hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The head of an empty chain. */
export const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_PREV });

/** The line (with its newline) that appends `payload` at `head`, and the new head. Throws a TypeError for a payload that is not JSON data. */
export function chainLine(head: ChainHead, payload: unknown): { line: string; record: LogRecord; next: ChainHead } {
  const copy: unknown = JSON.parse(canonicalJson(payload));
  const hash = recordHash(head.seq, head.hash, copy);
  const record: LogRecord = { seq: head.seq, prev: head.hash, payload: copy, hash };
  return { line: `${canonicalJson(record)}\n`, record, next: { seq: head.seq + 1, hash } };
}

/**
 * Checks one stored line against the head it should follow: it parses, has the expected
 * sequence number and previous hash, and matches its own hash. Returns the record, or why not.
 */
export function checkChainLine(text: string, head: ChainHead): { ok: true; record: LogRecord } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "is not a log record" };
  const record = value as Partial<LogRecord>;
  if (typeof record.seq !== "number" || typeof record.prev !== "string" || typeof record.hash !== "string" || !("payload" in record)) {
    return { ok: false, reason: "lacks seq, prev, payload or hash" };
  }
  if (record.seq !== head.seq) return { ok: false, reason: `has sequence number ${record.seq}, expected ${head.seq}: a record before it was removed or reordered` };
  if (record.prev !== head.hash) return { ok: false, reason: "does not chain to the record before it: a record was removed, inserted or reordered" };
  let expected: string;
  try {
    expected = recordHash(record.seq, record.prev, record.payload);
  } catch {
    return { ok: false, reason: "has a payload that is not JSON data" };
  }
  if (expected !== record.hash) return { ok: false, reason: "does not match its hash: the record was edited" };
  return { ok: true, record: record as LogRecord };
}
