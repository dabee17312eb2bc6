/** The DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** One DSSE signature: the signing key's id (hex SHA-256 of its SPKI DER) and the base64 signature. */
export interface DsseSignature {
  keyid: string;
  sig: string;
}

/** A DSSE envelope (https://github.com/secure-systems-lab/dsse). */
export interface DsseEnvelope {
  payloadType: string;
  /** base64 of the payload bytes. */
  payload: string;
  signatures: DsseSignature[];
}

const encoder = new TextEncoder();

/**
 * The DSSE pre-authentication encoding, the bytes that are signed:
 * `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths as decimal byte counts.
 */
export function pae(payloadType: string, body: Uint8Array): Uint8Array {
  const type = encoder.encode(payloadType);
  const head = encoder.encode(`DSSEv1 ${type.length} ${payloadType} ${body.length} `);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** Builds an envelope around `payload` with the given signatures (base64 throughout). */
export function dsseEnvelope(payloadType: string, payload: Uint8Array, signatures: readonly DsseSignature[]): DsseEnvelope {
  return { payloadType, payload: Buffer.from(payload).toString("base64"), signatures: signatures.map(({ keyid, sig }) => ({ keyid, sig })) };
}

/** The reading of an envelope: its parts decoded, or why the value is not a DSSE envelope. */
export type ParsedEnvelope =
  | { ok: true; payloadType: string; payload: Uint8Array; signatures: { keyid: string; sig: Uint8Array }[] }
  | { ok: false; reason: string };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== "string" || !BASE64.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** Checks the shape of a parsed JSON value as a DSSE envelope and decodes its base64 fields. */
export function parseEnvelope(value: unknown): ParsedEnvelope {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "not a JSON object" };
  const v = value as Record<string, unknown>;
  if (typeof v.payloadType !== "string") return { ok: false, reason: "payloadType is missing" };
  const payload = decodeBase64(v.payload);
  if (!payload) return { ok: false, reason: "payload is not base64" };
  if (!Array.isArray(v.signatures) || v.signatures.length === 0) return { ok: false, reason: "signatures is missing or empty" };
  const signatures: { keyid: string; sig: Uint8Array }[] = [];
  for (const [index, entry] of v.signatures.entries()) {
    const s = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const sig = decodeBase64(s.sig);
    if (!sig) return { ok: false, reason: `signatures[${index}].sig is not base64` };
    signatures.push({ keyid: typeof s.keyid === "string" ? s.keyid : "", sig });
  }
  return { ok: true, payloadType: v.payloadType, payload, signatures };
}
