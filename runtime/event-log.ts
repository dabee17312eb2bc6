import { deepFreeze } from "./audit-events.js";
import { canonicalJson } from "../common/canonical-json.js";
import { sha256Hex, type HashFn } from "../common/hash.js";
import { GENESIS_PREV, recordHash, verifyChain, type ChainRecord, type ChainVerification } from "../common/hash-chain.js";

/** An append-only, hash-chained event log (seed 002 P3). */
export interface EventLog<P> {
  /** Appends a JSON payload (copied, then frozen) and returns its record. Throws a TypeError for non-JSON payloads. */
  append(payload: P): ChainRecord<P>;
  /** All records, oldest first; frozen. */
  records(): readonly ChainRecord<P>[];
  /** The hash of the last record, or {@link GENESIS_PREV} when empty. */
  head(): string;
  verify(): ChainVerification;
}

/** Creates an empty log hashing with `hash` (SHA-256 by default). */
export function createEventLog<P>(options: { hash?: HashFn } = {}): EventLog<P> {
  const hash = options.hash ?? sha256Hex;
  const records: ChainRecord<P>[] = [];
  const head = (): string => records.at(-1)?.hash ?? GENESIS_PREV;
  return {
    append(payload) {
      const copy = JSON.parse(canonicalJson(payload)) as P;
      const seq = records.length;
      const prev = head();
      const record = deepFreeze({ seq, prev, payload: copy, hash: recordHash(seq, prev, copy, hash) });
      records.push(record);
      return record;
    },
    records: () => Object.freeze([...records]),
    head,
    verify: () => verifyChain(records, hash),
  };
}
