import { TRACE_ID_KEYS } from "./trace-ids.js";

/** The guardrails of one phase, as its report's `guardrails` section lists them. */
export interface GatePolicy {
  phaseId: string;
  /** `guardrails.runtime_gate`: budget, timeout, sandbox, token… */
  runtimeGate: readonly string[];
  /** `guardrails.policy_gate`: approval, permission, tenant boundary… */
  policyGate: readonly string[];
  /** `guardrails.audit_trace`: the trace id names every envelope must carry. */
  auditTrace: readonly string[];
  defaults?: GateDefaults;
}

/** Limits used when an envelope's `budget` leaves one out. */
export interface GateDefaults {
  timeoutMs?: number;
  tokens?: number;
  costLimit?: number;
}

/** The timeout applied when the policy lists `timeout` and neither envelope nor defaults give one. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** A policy after normalisation: lookups by canonical gate name, every required id listed once. */
export interface NormalizedPolicy {
  readonly phaseId: string;
  readonly runtimeGate: ReadonlySet<string>;
  readonly policyGate: ReadonlySet<string>;
  /** The five trace ids plus any further names `auditTrace` lists. */
  readonly requiredIds: readonly string[];
  readonly defaults: Readonly<GateDefaults>;
}

/** Lowercases a gate name and folds `_`, `-` and runs of spaces to one space ("tenant_boundary" → "tenant boundary"). */
export function canonicalGateName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, " ");
}

/** Validates and normalises a policy; throws a TypeError on a malformed one (a generator bug). */
export function normalizePolicy(policy: GatePolicy): NormalizedPolicy {
  if (typeof policy.phaseId !== "string" || policy.phaseId === "") throw new TypeError("gate policy needs a phaseId");
  for (const [name, limit] of Object.entries(policy.defaults ?? {})) {
    if (limit !== undefined && !(typeof limit === "number" && limit >= 0)) {
      throw new TypeError(`gate policy default ${name} must be a non-negative number`);
    }
  }
  const extraIds = policy.auditTrace.filter((id) => !(TRACE_ID_KEYS as readonly string[]).includes(id));
  return Object.freeze({
    phaseId: policy.phaseId,
    runtimeGate: new Set(policy.runtimeGate.map(canonicalGateName)),
    policyGate: new Set(policy.policyGate.map(canonicalGateName)),
    requiredIds: Object.freeze([...TRACE_ID_KEYS, ...new Set(extraIds)]),
    defaults: Object.freeze({ ...policy.defaults }),
  });
}
