import { LEDGER_PATH } from "./paths.js";
import { prettyJson } from "./pretty-json.js";
import type { LedgerCheck } from "./ledger.js";

/** The DSSE payload type of a signed ledger anchor. */
export const LEDGER_HEAD_PAYLOAD_TYPE = "application/vnd.spec-kit.ledger-head+json";

/**
 * The ledger's anchor, written beside it each time `verify` appends (and signed with its key):
 * the number of records and the head. The chain alone shows an edited or reordered record; the
 * anchor shows what the chain cannot: a removed last record, an emptied file, a chain rewritten
 * from the start.
 */
export interface LedgerAnchor {
  ledger: string;
  records: number;
  head: string;
}

/** The anchor file's text for a ledger of `records` records ending in `head`. */
export function ledgerAnchorText(records: number, head: string): string {
  return prettyJson({ ledger: LEDGER_PATH, records, head } satisfies LedgerAnchor);
}

/** Reads an anchor file's text; never throws. */
export function parseLedgerAnchor(text: string): { ok: true; anchor: LedgerAnchor } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "is not JSON" };
  }
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (v.ledger !== LEDGER_PATH || !Number.isSafeInteger(v.records) || (v.records as number) < 0 || typeof v.head !== "string" || !/^[0-9a-f]{64}$/.test(v.head)) {
    return { ok: false, reason: "is not a ledger anchor (ledger, records, head)" };
  }
  return { ok: true, anchor: { ledger: LEDGER_PATH, records: v.records as number, head: v.head } };
}

/**
 * Compares a whole ledger with its anchor: one line naming what differs, or undefined when the
 * ledger is exactly as anchored.
 */
export function checkLedgerAnchor(ledger: Extract<LedgerCheck, { ok: true }>, anchor: LedgerAnchor): string | undefined {
  const count = ledger.records.length;
  if (count < anchor.records) {
    const what = count === 0 ? "the ledger is empty or missing" : `the ledger has ${count} record(s)`;
    return `${what} but its anchor names ${anchor.records}: records were removed from the end, or the file was emptied or replaced`;
  }
  if (ledger.records[anchor.records - 1]?.hash !== anchor.head && !(anchor.records === 0 && count === 0)) {
    return `record ${anchor.records} is not the anchored head ${anchor.head.slice(0, 16)}: the chain was rewritten`;
  }
  if (count > anchor.records) return `${count - anchor.records} record(s) after the anchored head are not anchored: appended by hand, or by a verify that was interrupted`;
  return undefined;
}
