import { canonicalJson } from "../../common/canonical-json.js";
import { GENESIS_PREV, recordHash, verifyChain, type ChainRecord } from "../../common/hash-chain.js";

/**
 * The ledger (the Evidence Vault's immutability ledger, seed 001): one line of canonical
 * JSON per `verify` run, each a record of the runtime's hash chain
 * (`{ seq, prev, payload, hash }`, `hash = sha256(canonicalJson({ seq, prev, payload }))`).
 */
export interface LedgerPayload {
  kind: "verify";
  result: "accepted" | "rejected";
  /** When the run happened, by the wall clock: the ledger is a history, not a reproducible build output. */
  recorded_at: string;
  input_digest: string;
  /** The bundle id of the statement written, when accepted. */
  bundle_id?: string;
  /** The verifier that rejected the run, when rejected. */
  rejected_by?: string;
  verification_report?: Record<string, string>;
  /** The exact Node.js version that ran (the statement holds only the supported range). */
  node: string;
  /** SHA-256 of each evidence file the run wrote, by path. */
  evidence: Record<string, string>;
}

/** The ledger read back: whole, or the first line that breaks it (1-based). */
export type LedgerCheck =
  | { ok: true; records: ChainRecord<LedgerPayload>[]; head: string }
  | { ok: false; line: number; reason: string };

/** Reads and checks ledger text; never throws. An empty text is an empty, whole ledger. */
export function checkLedger(text: string): LedgerCheck {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const records: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      records.push(JSON.parse(line));
    } catch {
      return { ok: false, line: index + 1, reason: "is not JSON" };
    }
  }
  const result = verifyChain(records);
  if (!result.ok) return { ok: false, line: result.index + 1, reason: describeBreak(result.reason, result.index) };
  const typed = records as ChainRecord<LedgerPayload>[];
  return { ok: true, records: typed, head: typed.at(-1)?.hash ?? GENESIS_PREV };
}

function describeBreak(reason: string, index: number): string {
  switch (reason) {
    case "seq mismatch":
      return `has the wrong sequence number (expected ${index}): a record before it was removed or reordered`;
    case "prev mismatch":
      return "does not chain to the record before it: a record was removed, inserted or reordered";
    case "hash mismatch":
      return "does not match its hash: the record was edited";
    default:
      return "is not a ledger record";
  }
}

/** The line (with its newline) that appends `payload` after the last record of a whole ledger. */
export function ledgerLine(previous: readonly ChainRecord[], payload: LedgerPayload): string {
  const seq = previous.length;
  const prev = previous.at(-1)?.hash ?? GENESIS_PREV;
  const copy = JSON.parse(canonicalJson(payload)) as LedgerPayload;
  return `${canonicalJson({ seq, prev, payload: copy, hash: recordHash(seq, prev, copy) })}\n`;
}
