import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "../common/canonical-json.js";
import { parseIsoInstant, toMillis, type Now } from "./clock.js";
import type { CapabilitySource } from "./decision.js";
import { describeError } from "./describe-error.js";
import { createFlowRecorder, requireTraceIds, type FlowLog } from "./flow-events.js";
import type { TaskApproval } from "./task-envelope.js";
import { isNonEmptyString, type TraceIds } from "./trace-ids.js";

/**
 * Where a capability stands in the registry (seed 002 P9): `verified` (its signature checks under
 * a trusted key, its provenance and SBOM are recorded), `active` (approved into the catalog),
 * `revoked`, or `rejected` (it failed verification when registered).
 */
export type CapabilityStatus = "verified" | "active" | "revoked" | "rejected";

/** A capability artifact as it is registered: what it is, its digests, its provenance, and who signed it. */
export interface CapabilityArtifact {
  readonly capability_id: string;
  readonly version: string;
  /** The artifact's digest, `sha256:` and 64 lowercase hex digits. */
  readonly digest: string;
  /** Where the artifact comes from: at least `source` and `builder`. */
  readonly provenance: Readonly<Record<string, string>>;
  /** The digest of the artifact's SBOM, `sha256:` and 64 lowercase hex digits. */
  readonly sbom_digest: string;
  /** The trusted key the signature is made with. */
  readonly key_id: string;
  /** Base64 Ed25519 signature over {@link capabilityStatement} of the artifact. */
  readonly signature: string;
}

/** One catalog entry. */
export interface CapabilityEntry {
  readonly capability_id: string;
  readonly version: string;
  readonly digest: string;
  readonly key_id: string;
  readonly status: CapabilityStatus;
  /** Why it was rejected or revoked. */
  readonly reason?: string;
  readonly approved_by?: string;
}

/** Whether a capability may run now, and why (not). */
export interface CapabilityVerdict {
  readonly trusted: boolean;
  readonly status: CapabilityStatus | "unknown";
  readonly reason: string;
}

/** The outcome of a registry operation. */
export type CapabilityResult = { readonly ok: true; readonly entry: CapabilityEntry } | { readonly ok: false; readonly reason: string; readonly entry?: CapabilityEntry };

/**
 * A key object of node:crypto (`createPublicKey`, `generateKeyPairSync`), named by its shape so
 * that the runtime's types compile without @types/node (a consumer of the generated contracts
 * may have none). Anything that is not an Ed25519 key object is refused where it is used.
 */
export interface KeyHandle {
  readonly type: string;
}

/** Checks an Ed25519 signature (base64) over `statement` with `key`. */
export type SignatureCheck = (statement: string, signature: string, key: KeyHandle) => boolean;

/** What a registry is given instead of doing I/O itself. */
export interface CapabilityRegistryOptions {
  /** The keys capabilities may be signed with, by key id: Ed25519 public keys, as PEM (SPKI) or key objects. */
  trustedKeys: Readonly<Record<string, string | KeyHandle>>;
  now: Now;
  /** The hash-chained log the registry's events go to; a new one when not given. */
  log?: FlowLog;
  /** Replaces the Ed25519 check (node:crypto) with another implementation. */
  checkSignature?: SignatureCheck;
}

/**
 * The capability registry: register, verify, approve, revoke, and the verdict the gate asks. An
 * operation whose `trace` lacks one of the five trace ids throws a TypeError before it changes
 * anything: no capability changes status without its event.
 */
export interface CapabilityRegistry {
  /** Registers an artifact and verifies it at once: `verified`, or `rejected` with the reason. */
  register(artifact: CapabilityArtifact, trace: TraceIds): CapabilityResult;
  /** Approves a verified capability into the active catalog; needs an approval (`approved_by`, `at` not in the future). */
  approve(capabilityId: string, version: string, approval: TaskApproval, trace: TraceIds): CapabilityResult;
  /** Revokes a capability version; it takes effect at once (the next verdict is no). */
  revoke(capabilityId: string, version: string, reason: string, trace: TraceIds): CapabilityResult;
  /** Stops trusting a key: every capability signed with it is refused from now on. Returns how many entries it signed. */
  distrustKey(keyId: string, reason: string, trace: TraceIds): number;
  /** Whether `capabilityId` at `version` is verified, trusted and active right now. */
  verdict(capabilityId: string, version: string): CapabilityVerdict;
  /** The gate's capability trust source: `true` exactly when {@link verdict} trusts the envelope's capability and version. */
  source(): CapabilitySource;
  entries(): readonly CapabilityEntry[];
  readonly log: FlowLog;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The text a capability's signature covers: the canonical JSON of its id, version, digests and provenance. */
export function capabilityStatement(artifact: Omit<CapabilityArtifact, "signature" | "key_id">): string {
  const { capability_id, version, digest, provenance, sbom_digest } = artifact;
  return canonicalJson({ capability_id, version, digest, provenance, sbom_digest });
}

/** Signs an artifact's statement with an Ed25519 private key (for publishers and tests); returns base64. */
export function signCapability(artifact: Omit<CapabilityArtifact, "signature" | "key_id">, privateKey: KeyHandle | string): string {
  return sign(null, Buffer.from(capabilityStatement(artifact), "utf8"), privateKey as KeyObject | string).toString("base64");
}

const ed25519Check: SignatureCheck = (statement, signature, key) => verify(null, Buffer.from(statement, "utf8"), key as KeyObject, Buffer.from(signature, "base64"));

function importKey(keyId: string, key: string | KeyHandle): KeyObject {
  let object: KeyObject;
  try {
    object = typeof key === "string" ? createPublicKey(key) : (key as KeyObject);
  } catch (error) {
    throw new TypeError(`trusted key ${JSON.stringify(keyId)} is not a public key (${describeError(error)})`);
  }
  if (object.type !== "public" || object.asymmetricKeyType !== "ed25519") throw new TypeError(`trusted key ${JSON.stringify(keyId)} is not an Ed25519 public key`);
  return object;
}

/** Why an artifact is not well-formed, or undefined when it is. */
function malformed(artifact: unknown): string | undefined {
  if (typeof artifact !== "object" || artifact === null) return "the artifact is not an object";
  const a = artifact as Record<string, unknown>;
  for (const field of ["capability_id", "version", "key_id", "signature"]) if (!isNonEmptyString(a[field])) return `${field} is missing or empty`;
  for (const field of ["digest", "sbom_digest"]) if (typeof a[field] !== "string" || !DIGEST.test(a[field])) return `${field} is not sha256: and 64 lowercase hex digits`;
  const provenance = a.provenance;
  if (typeof provenance !== "object" || provenance === null || Array.isArray(provenance)) return "the provenance record is missing";
  for (const field of ["source", "builder"]) if (!isNonEmptyString((provenance as Record<string, unknown>)[field])) return `the provenance record lacks ${field}`;
  if (Object.values(provenance).some((value) => typeof value !== "string")) return "the provenance record holds a value that is not a string";
  return undefined;
}

/**
 * Creates a capability registry (seed 002 P9: register, verify signature, provenance and SBOM,
 * approve into the active catalog, re-check before every invocation). A capability may run only
 * while it is verified (its signature checks under a trusted key), trusted (that key is still
 * trusted) and active (approved, not revoked). Every operation is an event in the hash-chained
 * log. Throws a TypeError when a trusted key is not an Ed25519 public key.
 */
export function createCapabilityRegistry(options: CapabilityRegistryOptions): CapabilityRegistry {
  const keys = new Map<string, KeyObject>();
  const trustedKeys: unknown = options.trustedKeys;
  if (typeof trustedKeys !== "object" || trustedKeys === null) throw new TypeError("the capability registry needs trustedKeys");
  for (const [keyId, key] of Object.entries(trustedKeys as Record<string, string | KeyHandle>)) keys.set(keyId, importKey(keyId, key));
  const distrusted = new Set<string>();
  const check = options.checkSignature ?? ed25519Check;
  const recorder = createFlowRecorder({ now: options.now, log: options.log, what: "the capability registry" });
  const entries = new Map<string, CapabilityEntry>();
  const keyOf = (capabilityId: string, version: string): string => JSON.stringify([capabilityId, version]);

  const put = (entry: CapabilityEntry): CapabilityEntry => {
    const frozen = Object.freeze({ ...entry });
    entries.set(keyOf(entry.capability_id, entry.version), frozen);
    return frozen;
  };
  const fail = (type: string, reason: string, trace: TraceIds, data: Record<string, unknown>, entry?: CapabilityEntry): CapabilityResult => {
    recorder.emit(type, { ...data, reason }, trace);
    return entry === undefined ? { ok: false, reason } : { ok: false, reason, entry };
  };

  function verdict(capabilityId: string, version: string): CapabilityVerdict {
    const entry = typeof capabilityId === "string" && typeof version === "string" ? entries.get(keyOf(capabilityId, version)) : undefined;
    if (entry === undefined) return { trusted: false, status: "unknown", reason: `capability ${String(capabilityId)} ${String(version)} is not registered` };
    if (entry.status !== "active") return { trusted: false, status: entry.status, reason: `capability ${capabilityId} ${version} is ${entry.status}${entry.reason ? `: ${entry.reason}` : ""}` };
    if (distrusted.has(entry.key_id) || !keys.has(entry.key_id)) return { trusted: false, status: entry.status, reason: `capability ${capabilityId} ${version} is signed with key ${entry.key_id}, which is no longer trusted` };
    return { trusted: true, status: "active", reason: `capability ${capabilityId} ${version} is verified, trusted and active` };
  }

  return Object.freeze({
    log: recorder.log,
    register(artifact: CapabilityArtifact, trace: TraceIds): CapabilityResult {
      requireTraceIds(trace, "a capability registration");
      const problem = malformed(artifact);
      if (problem !== undefined) return fail("capability.rejected", problem, trace, {});
      const { capability_id, version, digest, key_id } = artifact;
      const ids = { capability_id, version, digest, key_id };
      if (entries.has(keyOf(capability_id, version))) return fail("capability.rejected", `capability ${capability_id} ${version} is already registered`, trace, ids);
      const key = keys.get(key_id);
      let reason: string | undefined;
      if (key === undefined || distrusted.has(key_id)) reason = `key ${key_id} is not trusted`;
      else {
        let valid = false;
        try {
          valid = check(capabilityStatement(artifact), artifact.signature, key) === true;
        } catch {
          valid = false;
        }
        if (!valid) reason = "the signature does not verify";
      }
      if (reason !== undefined) {
        const entry = put({ ...ids, status: "rejected", reason });
        return fail("capability.rejected", reason, trace, ids, entry);
      }
      const entry = put({ ...ids, status: "verified" });
      recorder.emit("capability.verified", { ...ids, provenance: { ...artifact.provenance }, sbom_digest: artifact.sbom_digest }, trace);
      return { ok: true, entry };
    },
    approve(capabilityId: string, version: string, approval: TaskApproval, trace: TraceIds): CapabilityResult {
      requireTraceIds(trace, "a capability approval");
      const ids = { capability_id: capabilityId, version };
      const entry = entries.get(keyOf(capabilityId, version));
      if (entry === undefined) return fail("capability.approval_refused", `capability ${capabilityId} ${version} is not registered`, trace, ids);
      if (entry.status !== "verified") return fail("capability.approval_refused", `capability ${capabilityId} ${version} is ${entry.status}, not verified`, trace, ids, entry);
      if (distrusted.has(entry.key_id)) return fail("capability.approval_refused", `key ${entry.key_id} is no longer trusted`, trace, ids, entry);
      const at = typeof approval === "object" && approval !== null ? parseIsoInstant(approval.at) : undefined;
      if (!isNonEmptyString(approval?.approved_by) || at === undefined || at > toMillis(options.now())) {
        return fail("capability.approval_refused", "the approval needs approved_by and an ISO 8601 `at` that is not in the future", trace, ids, entry);
      }
      const active = put({ ...entry, status: "active", approved_by: approval.approved_by });
      recorder.emit("capability.activated", { ...ids, approved_by: approval.approved_by, approved_at: approval.at }, trace);
      return { ok: true, entry: active };
    },
    revoke(capabilityId: string, version: string, reason: string, trace: TraceIds): CapabilityResult {
      requireTraceIds(trace, "a capability revocation");
      const ids = { capability_id: capabilityId, version };
      const entry = entries.get(keyOf(capabilityId, version));
      if (entry === undefined) return fail("capability.revocation_refused", `capability ${capabilityId} ${version} is not registered`, trace, ids);
      if (!isNonEmptyString(reason)) return fail("capability.revocation_refused", "a revocation states its reason", trace, ids, entry);
      const revoked = put({ ...entry, status: "revoked", reason });
      recorder.emit("capability.revoked", { ...ids, reason }, trace);
      return { ok: true, entry: revoked };
    },
    distrustKey(keyId: string, reason: string, trace: TraceIds): number {
      requireTraceIds(trace, "distrusting a key");
      distrusted.add(keyId);
      const signed = [...entries.values()].filter((entry) => entry.key_id === keyId).length;
      recorder.emit("capability.key_distrusted", { key_id: keyId, reason, entries: signed }, trace);
      return signed;
    },
    verdict,
    source(): CapabilitySource {
      return (envelope) => verdict(envelope.capability_id, envelope.version).trusted;
    },
    entries: () => Object.freeze([...entries.values()]),
  });
}
