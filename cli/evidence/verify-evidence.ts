import type { KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compareSubjects, describeDifference } from "../../compiler/evidence/compare-output.js";
import { IN_TOTO_PAYLOAD_TYPE, pae, parseEnvelope } from "../../compiler/evidence/dsse.js";
import { parseStatement } from "../../compiler/evidence/parse-statement.js";
import { DSSE_PATH, MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import { subjectsOf } from "../../compiler/evidence/statement.js";
import { CliError } from "../cli-error.js";
import { keyIdOf, verifyEd25519 } from "./keys.js";
import { readAttestedFiles } from "./output-tree.js";

/** The outcome of `spec-kit evidence verify`: each problem on one line, none when all is good. */
export interface EvidenceVerification {
  problems: string[];
  subjects: number;
  /** The key id the signature verified with, when a key was given. */
  keyid?: string;
}

/** Reads a file as bytes; undefined when it does not exist. Throws a CliError for any other failure. */
function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new CliError(`cannot read ${file} (${code ?? "unknown error"})`);
  }
}

/** The envelope's payload when one of its signatures verifies with `key`; a CliError when it is no envelope. */
function signedPayload(dir: string, key: KeyObject, problems: string[]): Buffer | undefined {
  const file = join(dir, DSSE_PATH);
  const bytes = readOptional(file);
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
 * Checks the evidence of an output folder: with a key, the DSSE signature, then that the
 * signed payload is evidence/manifest.json byte for byte; then every subject against the
 * files, naming each missing, extra (outside evidence/, the writer's index aside) or changed
 * file. Throws a CliError (exit 2) for unusable input: no folder, no envelope, bad statement.
 */
export function verifyEvidence(dir: string, key: KeyObject | undefined): EvidenceVerification {
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a folder");
  } catch {
    throw new CliError(`${dir}: no such folder`);
  }
  const problems: string[] = [];
  const manifestFile = join(dir, MANIFEST_PATH);
  const manifest = readOptional(manifestFile);
  let statementBytes: Buffer;
  if (key) {
    const payload = signedPayload(dir, key, problems);
    if (payload === undefined) return { problems, subjects: 0 };
    if (manifest === undefined) problems.push(`${MANIFEST_PATH}: missing (the signed statement is checked instead)`);
    else if (!manifest.equals(payload)) problems.push(`${MANIFEST_PATH}: differs from the signed payload`);
    statementBytes = payload;
  } else {
    if (manifest === undefined) throw new CliError(`${manifestFile}: missing (run "spec-kit apply" first)`);
    statementBytes = manifest;
  }
  const parsed = parseStatement(statementBytes.toString("utf8"));
  if (!parsed.ok) {
    if (!key) throw new CliError(`${manifestFile}: not a spec-kit evidence statement (${parsed.reason})`);
    problems.push(`signed statement: ${parsed.reason}`);
    return { problems, subjects: 0 };
  }
  const diff = compareSubjects(parsed.statement.subject, subjectsOf(readAttestedFiles(dir)));
  problems.push(...describeDifference(diff));
  return { problems, subjects: parsed.statement.subject.length, ...(key ? { keyid: keyIdOf(key) } : {}) };
}
