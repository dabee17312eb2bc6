import { POLICY_GATE_NAMES, RUNTIME_GATE_NAMES, TENANT_BOUNDARY, TRACE_ID_NAMES, needsDecisionSource } from "../common/guardrail-vocabulary.js";
import { nearestName } from "./suggest.js";
import type { BundleManifest } from "./types/manifest.js";

/**
 * The guardrail vocabulary as the compiler reads it: the protocol's names come from
 * common/guardrail-vocabulary.ts, which `spec-kit/runtime` reads too (test/runtime/compiler-agreement.test.ts
 * checks both sides and the schema's enums agree); a bundle's manifest may declare further names.
 */

export { DECIDED_CHECKS, POLICY_GATE_NAMES, RUNTIME_GATE_NAMES, TENANT_BOUNDARY, needsDecisionSource } from "../common/guardrail-vocabulary.js";

/** The five ids every audit event carries (INTERFACE §2, seed 002 §7), in the runtime's order. */
export const TRACE_IDS: readonly string[] = TRACE_ID_NAMES;

/** The three groups of a phase's `guardrails` section. */
export type GuardrailGroup = "runtime_gate" | "policy_gate" | "audit_trace";

/** The protocol's names of each group. */
export const BUILT_IN_GUARDRAILS: Readonly<Record<GuardrailGroup, readonly string[]>> = Object.freeze({
  runtime_gate: RUNTIME_GATE_NAMES,
  policy_gate: POLICY_GATE_NAMES,
  audit_trace: TRACE_ID_NAMES,
});

/** Whether `name` is one of the protocol's names of `group`, spelled exactly. */
export function isBuiltInGuardrail(group: GuardrailGroup, name: string): boolean {
  return BUILT_IN_GUARDRAILS[group].includes(name);
}

/** The names the manifest declares under `guardrails.<group>`, own string-keyed entries only. */
export function declaredGuardrails(manifest: BundleManifest | undefined, group: GuardrailGroup): readonly string[] {
  const declarations: unknown = manifest?.guardrails?.[group];
  if (typeof declarations !== "object" || declarations === null || Array.isArray(declarations)) return [];
  return Object.keys(declarations);
}

/** Lowercases and folds runs of spaces, `_` and `-` to one space: the spelling variants a suggestion looks past. */
export function foldGuardrailName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, " ");
}

/**
 * The candidate `name` most likely misspells: one equal to it up to case and separators, else
 * the nearest within an edit distance of a third of its length (at least 1). Undefined when none
 * is that near.
 */
export function nearestGuardrail(name: string, candidates: readonly string[]): string | undefined {
  return nearestName(name, candidates, { fold: foldGuardrailName });
}

/** What the host must inject into the gate of a phase with these guardrails: decision sources by check name, and whether the lease revocation source. */
export interface GateInjections {
  /** Checks needing a decision source, each once: the policy gate's names, then the runtime gate's, as listed (the runtime's asking order). */
  checks: readonly string[];
  /** Whether `tenant boundary` is listed, which needs the lease revocation source. */
  leases: boolean;
}

/** The dependencies the runtime gate of a phase needs injected (spec-kit/runtime refuses to build it without them). */
export function gateInjections(runtimeGate: readonly string[], policyGate: readonly string[]): GateInjections {
  return {
    checks: [...new Set([...policyGate, ...runtimeGate])].filter(needsDecisionSource),
    leases: policyGate.includes(TENANT_BOUNDARY),
  };
}
