import type { KeyObject } from "node:crypto";
import { parseEnvelope, pae } from "../../compiler/evidence/dsse.js";
import type { LedgerCheck } from "../../compiler/evidence/ledger.js";
import { checkLedgerAnchor, LEDGER_HEAD_PAYLOAD_TYPE, parseLedgerAnchor } from "../../compiler/evidence/ledger-anchor.js";
import { LEDGER_HEAD_DSSE_PATH, LEDGER_HEAD_PATH, LEDGER_PATH } from "../../compiler/evidence/paths.js";
import type { ContainedFolder } from "../contained-folder.js";
import { keyIdOf, verifyEd25519 } from "./keys.js";
import { readLedger } from "./ledger-file.js";

/** A ledger checked against its anchor: the chain as read, and one line per problem. */
export interface LedgerFolderCheck {
  ledger: LedgerCheck;
  problems: string[];
  /** True when an anchor was found and the ledger matches it. */
  anchored: boolean;
}

function anchorSignatureProblem(folder: ContainedFolder, anchorBytes: Buffer, key: KeyObject): string | undefined {
  const bytes = folder.readFile(LEDGER_HEAD_DSSE_PATH, 1024 * 1024);
  if (bytes === undefined) return `${LEDGER_HEAD_DSSE_PATH}: missing, so the ledger's anchor is not signed (run verify with --sign-key)`;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    return `${LEDGER_HEAD_DSSE_PATH}: not a DSSE envelope (not JSON)`;
  }
  const envelope = parseEnvelope(value);
  if (!envelope.ok) return `${LEDGER_HEAD_DSSE_PATH}: not a DSSE envelope (${envelope.reason})`;
  if (envelope.payloadType !== LEDGER_HEAD_PAYLOAD_TYPE) return `${LEDGER_HEAD_DSSE_PATH}: payloadType is not ${LEDGER_HEAD_PAYLOAD_TYPE}`;
  if (!envelope.signatures.some((s) => verifyEd25519(key, pae(envelope.payloadType, envelope.payload), s.sig))) return `${LEDGER_HEAD_DSSE_PATH}: not signed by key ${keyIdOf(key)}`;
  if (!Buffer.from(envelope.payload).equals(anchorBytes)) return `${LEDGER_HEAD_PATH}: differs from the signed anchor`;
  return undefined;
}

/**
 * Checks the ledger of an output folder: its hash chain, then its anchor (evidence/ledger-head.json,
 * which `verify` rewrites after each append), so a removed last record, an emptied file or a chain
 * rewritten from the start is named. With `key`, the anchor must carry a signature by it.
 * Reads through the output folder's layer (a link or special file is refused by name).
 */
export function checkLedgerFolder(folder: ContainedFolder, key?: KeyObject): LedgerFolderCheck {
  const ledger = readLedger(folder);
  const problems: string[] = [];
  if (!ledger.ok) {
    problems.push(`${LEDGER_PATH}:${ledger.line}: record ${ledger.line} ${ledger.reason}`);
    return { ledger, problems, anchored: false };
  }
  const anchorBytes = folder.readFile(LEDGER_HEAD_PATH, 1024 * 1024);
  if (anchorBytes === undefined) {
    if (ledger.records.length > 0) problems.push(`${LEDGER_PATH}: not anchored (${LEDGER_HEAD_PATH} is missing), so a removed last record could not be noticed`);
    return { ledger, problems, anchored: false };
  }
  const parsed = parseLedgerAnchor(anchorBytes.toString("utf8"));
  if (!parsed.ok) {
    problems.push(`${LEDGER_HEAD_PATH}: ${parsed.reason}`);
    return { ledger, problems, anchored: false };
  }
  const mismatch = checkLedgerAnchor(ledger, parsed.anchor);
  if (mismatch !== undefined) problems.push(`${LEDGER_PATH}: ${mismatch}`);
  if (key) {
    const signature = anchorSignatureProblem(folder, anchorBytes, key);
    if (signature !== undefined) problems.push(signature);
  }
  return { ledger, problems, anchored: problems.length === 0 };
}
