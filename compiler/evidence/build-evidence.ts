import { canonicalJson } from "../../common/canonical-json.js";
import type { GeneratedFile } from "../emit/emitter.js";
import { IN_TOTO_PAYLOAD_TYPE, dsseEnvelope, pae, parseEnvelope, type DsseSignature } from "./dsse.js";
import { isPristineStatement, parseStatement } from "./parse-statement.js";
import { DSSE_PATH, MANIFEST_PATH } from "./paths.js";
import { prettyJson } from "./pretty-json.js";
import { buildStatement, serializeStatement, type AttestedFile, type EvidenceStatement, type StatementInputs } from "./statement.js";

/** Signs the DSSE pre-authentication encoding; the CLI passes one backed by an Ed25519 key. */
export type Signer = (message: Uint8Array) => DsseSignature;

/** The evidence files already in the output folder, as text (what `apply` is about to replace). */
export interface PreviousEvidence {
  manifest?: string;
  dsse?: string;
}

/** What {@link buildEvidence} needs beyond the generated files. */
export interface EvidenceInputs extends Omit<StatementInputs, "files"> {
  signer?: Signer;
  previous?: PreviousEvidence;
}

const encoder = new TextEncoder();

/**
 * True when `previous` attests exactly what `fresh` does: the same subjects, inputs,
 * toolchain and time. Only the verifier results may differ, so a statement `verify` wrote
 * (with real test counts) stays valid until the output or its inputs change.
 */
export function attestsSameOutput(previous: EvidenceStatement, fresh: EvidenceStatement): boolean {
  const key = (s: EvidenceStatement): string =>
    canonicalJson({ subject: s.subject, input: s.predicate.input_digest, toolchain: s.predicate.reproducibility?.toolchain ?? null, time: s.predicate.timestamp ?? null });
  return key(previous) === key(fresh);
}

/** A DSSE envelope's text around `manifest`, signed by `signer`. */
export function signedEnvelope(manifest: string, signer: Signer): string {
  const body = encoder.encode(manifest);
  return prettyJson(dsseEnvelope(IN_TOTO_PAYLOAD_TYPE, body, [signer(pae(IN_TOTO_PAYLOAD_TYPE, body))]));
}

/** True when `dsseText` is an in-toto DSSE envelope whose payload is exactly `manifest` (signatures unchecked). */
export function envelopeWraps(dsseText: string, manifest: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(dsseText);
  } catch {
    return false;
  }
  const parsed = parseEnvelope(value);
  return parsed.ok && parsed.payloadType === IN_TOTO_PAYLOAD_TYPE && Buffer.from(parsed.payload).toString("utf8") === manifest;
}

/**
 * The evidence files `apply` appends to its output: evidence/manifest.json, and
 * evidence/manifest.dsse.json when a signer is given. A statement already in the folder that
 * attests the same output (see {@link attestsSameOutput}) is kept byte for byte, with its
 * envelope when that still wraps it, so `apply` after `verify` neither downgrades the evidence
 * nor shows drift. Pure and deterministic (Ed25519 signatures are deterministic too).
 */
export function buildEvidence(files: readonly AttestedFile[], inputs: EvidenceInputs): GeneratedFile[] {
  const { signer, previous, ...statementInputs } = inputs;
  const fresh = buildStatement({ ...statementInputs, files });
  let manifest = serializeStatement(fresh);
  const old = previous?.manifest;
  // A previous statement equal to the fresh one is kept as it is: no need to parse it (a no-op apply's case).
  if (old !== undefined && old !== manifest && isPristineStatement(old)) {
    const parsed = parseStatement(old);
    if (parsed.ok && attestsSameOutput(parsed.statement, fresh)) manifest = old;
  }
  const out: GeneratedFile[] = [{ path: MANIFEST_PATH, content: manifest }];
  if (signer) out.push({ path: DSSE_PATH, content: signedEnvelope(manifest, signer) });
  else if (previous?.dsse !== undefined && envelopeWraps(previous.dsse, manifest)) out.push({ path: DSSE_PATH, content: previous.dsse });
  return out;
}
