/**
 * The guardrail names of the P1–P13 protocol (seed 002 §3), shared by the compiler's static rules
 * and `spec-kit/runtime` so that both read one vocabulary. Names are exact: no case or separator
 * folding ("tenant-boundary" is not "tenant boundary"). This module imports nothing.
 */

/** `guardrails.runtime_gate` names the protocol defines. */
export const RUNTIME_GATE_NAMES = Object.freeze(["budget", "timeout", "sandbox", "token"] as const);

/** `guardrails.policy_gate` names the protocol defines. */
export const POLICY_GATE_NAMES = Object.freeze(["approval", "permission", "tenant boundary"] as const);

/** `guardrails.audit_trace` names the protocol defines: the five trace ids, in the runtime's order. */
export const TRACE_ID_NAMES = Object.freeze(["trace_id", "session_id", "task_id", "capability_id", "version"] as const);

/** The built-in checks whose verdict comes from outside the gate: each needs a decision source injected. */
export const DECIDED_CHECKS = Object.freeze(["sandbox", "approval", "permission"] as const);

/** The policy gate that needs the lease revocation source injected. */
export const TENANT_BOUNDARY = "tenant boundary";

/** The checks the gate implements itself (the envelope's budget, limits, tenant and lease): they need no decision source. */
export const SELF_CHECKED = Object.freeze(["budget", "timeout", "token", "tenant boundary"] as const);

/**
 * Whether a runtime or policy gate name needs a decision source injected: `sandbox`, `approval`,
 * `permission`, and every name that is not the protocol's (a custom guardrail, or a misspelling,
 * which then has no source and cannot be built).
 */
export function needsDecisionSource(name: string): boolean {
  return !(SELF_CHECKED as readonly string[]).includes(name);
}

/** A protocol runtime gate name. */
export type RuntimeGateName = (typeof RUNTIME_GATE_NAMES)[number];
/** A protocol policy gate name. */
export type PolicyGateName = (typeof POLICY_GATE_NAMES)[number];
/** A built-in check that needs a decision source. */
export type DecidedCheck = (typeof DECIDED_CHECKS)[number];
