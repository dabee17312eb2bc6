/**
 * The guardrail names the compiler reasons about, kept here so that `compiler/` does not import
 * the runtime's sources. They must agree with `spec-kit/runtime` (`TRACE_ID_KEYS` and the gate
 * name folding of its gate policy); test/runtime/compiler-agreement.test.ts checks that they do.
 */

/** The five ids every audit event carries (INTERFACE §2, seed 002 §7), in the runtime's order. */
export const TRACE_IDS: readonly string[] = Object.freeze(["trace_id", "session_id", "task_id", "capability_id", "version"]);

/** Lowercases a gate name and folds `_`, `-` and runs of spaces to one space ("tenant_boundary" → "tenant boundary"), as the runtime gate does. */
export function canonicalGateName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, " ");
}
