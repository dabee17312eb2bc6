import type { KeyObject } from "node:crypto";
import { envelopeWraps } from "../../compiler/evidence/build-evidence.js";
import { compareSubjects, describeDifference } from "../../compiler/evidence/compare-output.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { IN_TOTO_PAYLOAD_TYPE, pae, parseEnvelope } from "../../compiler/evidence/dsse.js";
import { parseStatement } from "../../compiler/evidence/parse-statement.js";
import {
  ARTIFACT_EVIDENCE_PATH,
  DSSE_PATH,
  EVIDENCE_BUNDLE_PATH,
  EVIDENCE_DIR,
  EVIDENCE_FILES,
  MANIFEST_PATH,
  REJECTION_REPORT_PATH,
  VALIDATION_REPORTS_PATH,
} from "../../compiler/evidence/paths.js";
import { subjectsOf } from "../../compiler/evidence/statement.js";
import { CliError } from "../cli-error.js";
import { describeKind, openFolder, type ContainedFolder } from "../contained-folder.js";
import { keyIdOf, verifyEd25519 } from "./keys.js";
import { checkLedgerFolder } from "./ledger-check.js";
import { readOutputTree, type OutputTree } from "./output-tree.js";

/** The outcome of `spec-kit evidence verify`: each problem on one line, none when all is good. */
export interface EvidenceVerification {
  problems: string[];
  subjects: number;
  /** The key id the signature verified with, when a key was given. */
  keyid?: string;
}

/** The evidence files only `verify` writes; each must be what the ledger's last record says it wrote. */
const VERIFY_REPORTS = [VALIDATION_REPORTS_PATH, ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH, REJECTION_REPORT_PATH];

/** The envelope's payload when one of its signatures verifies with `key`; a CliError when it is no envelope. */
function signedPayload(folder: ContainedFolder, key: KeyObject, problems: string[]): Buffer | undefined {
  const file = folder.show(DSSE_PATH);
  const bytes = folder.readFile(DSSE_PATH, 64 * 1024 * 1024);
  if (bytes === undefined) throw new CliError(`${file}: missing (the output was not signed; run apply or verify with --sign-key)`);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new CliError(`${file}: not a DSSE envelope (not JSON)`);
  }
  const envelope = parseEnvelope(value);
  if (!envelope.ok) throw new CliError(`${file}: not a DSSE envelope (${envelope.reason})`);
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new CliError(`${file}: payloadType is ${JSON.stringify(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`);
  const message = pae(envelope.payloadType, envelope.payload);
  if (!envelope.signatures.some((s) => verifyEd25519(key, message, s.sig))) {
    problems.push(`signature: ${DSSE_PATH} is not signed by key ${keyIdOf(key)} (a signature or the payload was changed)`);
    return undefined;
  }
  return Buffer.from(envelope.payload);
}

/**
 * Every file under evidence/ accounted for: only the files spec-kit writes, the ledger whole and
 * matching its anchor, and each report `verify` writes exactly what the ledger's last record says
 * it wrote (a report added, edited or left from another run is named).
 */
function evidenceProblems(folder: ContainedFolder, tree: OutputTree, key: KeyObject | undefined): string[] {
  const problems: string[] = [];
  const present = new Set(tree.evidence.map((entry) => entry.path));
  for (const path of present) if (!EVIDENCE_FILES.includes(path)) problems.push(`unknown: ${path} (spec-kit writes no such evidence file)`);
  const ledger = checkLedgerFolder(folder, key);
  problems.push(...ledger.problems);
  const last = ledger.ledger.ok ? ledger.ledger.records.at(-1)?.payload : undefined;
  const recorded = last?.evidence ?? {};
  for (const path of VERIFY_REPORTS) {
    const expected = recorded[path];
    if (!present.has(path)) {
      if (expected !== undefined) problems.push(`missing: ${path} (the last verify wrote it)`);
      continue;
    }
    if (expected === undefined) problems.push(`unaccounted: ${path} (no verify recorded writing it in the ledger's last record)`);
    else if (sha256Hex(folder.readFile(path)!) !== expected) problems.push(`changed: ${path} (differs from what the last verify recorded)`);
  }
  return problems;
}

/**
 * Checks the evidence of an output folder: with a key, the DSSE signature, then that the
 * signed payload is evidence/manifest.json byte for byte; then every subject against the
 * files (the output record included), naming each missing, extra or changed file, each link or
 * special file (never followed or opened), and every file under evidence/ that is unknown or
 * unaccounted for, and the ledger against its anchor. Throws a CliError (exit 2) for unusable
 * input: no folder, a linked folder, no envelope, a bad statement.
 */
export function verifyEvidence(dir: string, key: KeyObject | undefined): EvidenceVerification {
  const folder = openFolder(dir, { label: dir });
  if (!folder) throw new CliError(`${dir}: no such folder`);
  const evidenceKind = folder.kind(EVIDENCE_DIR);
  if (evidenceKind !== undefined && evidenceKind !== "folder") throw new CliError(`refusing ${folder.show(EVIDENCE_DIR)}: it is ${describeKind(evidenceKind)}, not the evidence folder (links are never followed)`);
  const problems: string[] = [];
  const manifestFile = folder.show(MANIFEST_PATH);
  const manifest = folder.readFile(MANIFEST_PATH, 64 * 1024 * 1024);
  let statementBytes: Buffer;
  if (key) {
    const payload = signedPayload(folder, key, problems);
    if (payload === undefined) return { problems, subjects: 0 };
    if (manifest === undefined) problems.push(`${MANIFEST_PATH}: missing (the signed statement is checked instead)`);
    else if (!manifest.equals(payload)) problems.push(`${MANIFEST_PATH}: differs from the signed payload`);
    statementBytes = payload;
  } else {
    if (manifest === undefined) throw new CliError(`${manifestFile}: missing (run "spec-kit apply" first)`);
    statementBytes = manifest;
    const envelope = folder.readFile(DSSE_PATH, 64 * 1024 * 1024);
    if (envelope !== undefined && !envelopeWraps(envelope.toString("utf8"), manifest.toString("utf8"))) problems.push(`${DSSE_PATH}: does not wrap ${MANIFEST_PATH} (a stale or altered envelope)`);
  }
  const parsed = parseStatement(statementBytes.toString("utf8"));
  if (!parsed.ok) {
    if (!key) throw new CliError(`${manifestFile}: not a spec-kit evidence statement (${parsed.reason})`);
    problems.push(`signed statement: ${parsed.reason}`);
    return { problems, subjects: 0 };
  }
  const tree = readOutputTree(folder);
  problems.push(...tree.refused);
  problems.push(...describeDifference(compareSubjects(parsed.statement.subject, subjectsOf(tree.files))));
  problems.push(...evidenceProblems(folder, tree, key));
  return { problems, subjects: parsed.statement.subject.length, ...(key ? { keyid: keyIdOf(key) } : {}) };
}
