import { createHash } from "node:crypto";

/** RFC 4122's URL namespace. */
const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

function bytesOf(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

/** A name-based (version 5, SHA-1) UUID: the same namespace and name always give the same id. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash("sha1").update(bytesOf(namespace)).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** spec-kit's namespace for the evidence ids it derives from content. */
export const EVIDENCE_NAMESPACE = uuidV5("https://spec-kit.dev/evidence", URL_NAMESPACE);

/** A deterministic id for a piece of evidence, derived from what identifies it. */
export function evidenceId(...parts: readonly string[]): string {
  return uuidV5(parts.join("\u0000"), EVIDENCE_NAMESPACE);
}
