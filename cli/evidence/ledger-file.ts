import { dsseEnvelope, pae } from "../../compiler/evidence/dsse.js";
import type { Signer } from "../../compiler/evidence/build-evidence.js";
import { checkLedger, ledgerLine, type LedgerCheck, type LedgerPayload } from "../../compiler/evidence/ledger.js";
import { LEDGER_HEAD_PAYLOAD_TYPE, ledgerAnchorText } from "../../compiler/evidence/ledger-anchor.js";
import { LEDGER_HEAD_DSSE_PATH, LEDGER_HEAD_PATH, LEDGER_PATH } from "../../compiler/evidence/paths.js";
import { prettyJson } from "../../compiler/evidence/pretty-json.js";
import { CliError } from "../cli-error.js";
import type { ContainedFolder } from "../contained-folder.js";

/** Ledgers are text, one short line per verify run; anything larger is refused rather than read whole. */
const MAX_LEDGER_BYTES = 256 * 1024 * 1024;

/** Reads and checks the ledger of an output folder; a missing file is an empty ledger. A link or special file there is refused. */
export function readLedger(folder: ContainedFolder, path: string = LEDGER_PATH): LedgerCheck {
  const bytes = folder.readFile(path, MAX_LEDGER_BYTES);
  return checkLedger(bytes === undefined ? "" : bytes.toString("utf8"));
}

/** The anchor (and, with a signer, its DSSE envelope) of a ledger of `records` records ending in `head`. */
export function ledgerAnchorFiles(records: number, head: string, signer?: Signer): Map<string, string> {
  const text = ledgerAnchorText(records, head);
  const files = new Map([[LEDGER_HEAD_PATH, text]]);
  if (signer) {
    const body = new TextEncoder().encode(text);
    files.set(LEDGER_HEAD_DSSE_PATH, prettyJson(dsseEnvelope(LEDGER_HEAD_PAYLOAD_TYPE, body, [signer(pae(LEDGER_HEAD_PAYLOAD_TYPE, body))])));
  }
  return files;
}

/**
 * Appends one record to a ledger that is whole (one append of one line: the ledger only ever
 * grows), then rewrites its anchor (evidence/ledger-head.json, and its signed envelope with a
 * signer; a stale envelope is removed). The caller holds the output folder's lock. Returns the new head.
 */
export function appendLedger(folder: ContainedFolder, payload: LedgerPayload, signer?: Signer): string {
  const current = readLedger(folder);
  if (!current.ok) throw new CliError(`${folder.show(LEDGER_PATH)}:${current.line}: the ledger is broken (record ${current.reason}); run "spec-kit evidence log" and restore it before verifying`);
  const line = ledgerLine(current.records, payload);
  folder.appendFile(LEDGER_PATH, line);
  const head = (JSON.parse(line) as { hash: string }).hash;
  for (const [path, text] of ledgerAnchorFiles(current.records.length + 1, head, signer)) folder.writeFile(path, text);
  if (!signer) folder.removeFile(LEDGER_HEAD_DSSE_PATH);
  return head;
}
