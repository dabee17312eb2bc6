import type { Diagnostic } from "../diagnostics.js";
import { isPolicyRuleId } from "../policy/policy-messages.js";
import type { PolicySummary } from "../policy/run-policies.js";
import type { VerifierTally } from "./verification-summary.js";

/** What the policies of a check did, as `verify` reports it. */
export interface PolicyTally {
  /** `policy_eval`: of the entrypoints evaluated (and the policies that failed to load or run, one each), how many raised no error. */
  tally: VerifierTally;
  policies: number;
  entrypoints: number;
  /** Error diagnostics the policies' results became, after severities and suppressions. */
  denials: number;
}

/**
 * The `policy_eval` tally of a check: `not configured` without policies; else one check per
 * evaluated entrypoint, failed when any of its results is an error, and one failed check per
 * policy that did not load or was stopped. Counts the diagnostics as configured, so a policy
 * rule set to `warning` or suppressed does not fail the verdict.
 */
export function policyTally(summary: PolicySummary | undefined, diagnostics: readonly Diagnostic[]): PolicyTally {
  if (!summary) return { tally: { run: false, reason: "not configured" }, policies: 0, entrypoints: 0, denials: 0 };
  const errors = new Set(diagnostics.filter((d) => d.severity === "error" && isPolicyRuleId(d.ruleId)).map((d) => d.ruleId));
  const denials = diagnostics.filter((d) => d.severity === "error" && isPolicyRuleId(d.ruleId)).length;
  const denied = summary.evaluated.filter((entry) => entry.ruleIds.some((id) => errors.has(id))).length;
  const total = summary.evaluated.length + summary.failed;
  return { tally: { run: true, passed: total - denied - summary.failed, total }, policies: summary.policies, entrypoints: summary.evaluated.length, denials };
}
