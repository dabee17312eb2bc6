import { TENANT_BOUNDARY, needsDecisionSource } from "../common/guardrail-vocabulary.js";
import { TRACE_ID_KEYS } from "./trace-ids.js";

/** The guardrails of one phase, as its report's `guardrails` section lists them. */
export interface GatePolicy {
  phaseId: string;
  /** `guardrails.runtime_gate`: budget, timeout, sandbox, token, and custom names declared in the manifest. */
  runtimeGate: readonly string[];
  /** `guardrails.policy_gate`: approval, permission, tenant boundary, and custom names declared in the manifest. */
  policyGate: readonly string[];
  /** `guardrails.audit_trace`: the trace id names every envelope must carry. */
  auditTrace: readonly string[];
  /**
   * Whether the gate runs a capability only when the capability registry holds it verified,
   * trusted and active (seed 002 P9), asking it before the task runs and at each checkpoint.
   * Such a gate cannot be built without `deps.capabilities`.
   */
  capabilityTrust?: boolean;
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

/** A policy after validation: lookups by exact gate name, every required id listed once. */
export interface NormalizedPolicy {
  readonly phaseId: string;
  readonly runtimeGate: ReadonlySet<string>;
  readonly policyGate: ReadonlySet<string>;
  /** The five trace ids plus any further names `auditTrace` lists. */
  readonly requiredIds: readonly string[];
  /**
   * The checks that need a decision source, each once, in the order asked: the policy gate's
   * names, then the runtime gate's, as listed. Built-in ones (`sandbox`, `approval`,
   * `permission`) and every name that is not built in (a custom guardrail).
   */
  readonly decidedChecks: readonly string[];
  /** Whether the policy needs the lease revocation source (it lists `tenant boundary`). */
  readonly needsRevocation: boolean;
  /** Whether the policy needs the capability trust source (`capabilityTrust`). */
  readonly needsCapabilities: boolean;
  readonly defaults: Readonly<GateDefaults>;
}

/**
 * Whether the gate implements `name` itself (budget, timeout, token, tenant boundary) and so
 * needs no decision source for it. Names are exact: `Timeout` or `tenant-boundary` are custom
 * names, each needing a decision source of its own.
 */
export function isSelfChecked(name: string): boolean {
  return !needsDecisionSource(name);
}

/** Validates and normalises a policy; throws a TypeError on a malformed one (a generator bug). */
export function normalizePolicy(policy: GatePolicy): NormalizedPolicy {
  if (typeof policy !== "object" || policy === null) throw new TypeError("gate policy must be an object");
  if (typeof policy.phaseId !== "string" || policy.phaseId === "") throw new TypeError("gate policy needs a phaseId");
  const runtimeGate = names(policy.runtimeGate, "runtimeGate");
  const policyGate = names(policy.policyGate, "policyGate");
  const auditTrace = names(policy.auditTrace, "auditTrace");
  if (policy.capabilityTrust !== undefined && typeof policy.capabilityTrust !== "boolean") throw new TypeError("gate policy capabilityTrust must be a boolean");
  for (const [name, limit] of Object.entries(policy.defaults ?? {})) {
    if (limit !== undefined && !(typeof limit === "number" && limit >= 0)) {
      throw new TypeError(`gate policy default ${name} must be a non-negative number`);
    }
  }
  const extraIds = auditTrace.filter((id) => !(TRACE_ID_KEYS as readonly string[]).includes(id));
  return Object.freeze({
    phaseId: policy.phaseId,
    runtimeGate: new Set(runtimeGate),
    policyGate: new Set(policyGate),
    requiredIds: Object.freeze([...TRACE_ID_KEYS, ...new Set(extraIds)]),
    decidedChecks: Object.freeze([...new Set([...policyGate, ...runtimeGate])].filter((name) => !isSelfChecked(name))),
    needsRevocation: policyGate.includes(TENANT_BOUNDARY),
    needsCapabilities: policy.capabilityTrust === true,
    defaults: Object.freeze({ ...policy.defaults }),
  });
}

function names(list: unknown, field: string): string[] {
  if (!Array.isArray(list)) throw new TypeError(`gate policy ${field} must be a list of names`);
  for (const name of list) {
    if (typeof name !== "string" || name.trim() === "") throw new TypeError(`gate policy ${field} holds ${JSON.stringify(name)}, not a name`);
  }
  return [...(list as string[])];
}
