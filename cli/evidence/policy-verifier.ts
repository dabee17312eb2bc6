import { policyTally } from "../../compiler/evidence/policy-tally.js";
import { MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import { isPolicyRuleId } from "../../compiler/policy/policy-messages.js";
import policyEval from "../../rules/policy/eval.js";
import policyLoad from "../../rules/policy/load.js";
import { check } from "../public-api.js";
import type { Verifier } from "./verifier.js";

/**
 * The policy verifier: the OPA policies the manifest lists, evaluated by `spec-kit check` over
 * the task graph. Its tally counts entrypoints (and policies that did not load or run); a
 * bundle without policies is `not configured`, which does not fail the run.
 */
export const policyVerifier: Verifier = {
  name: "policies",
  slot: "policy_eval",
  async run(context) {
    const result = check(context.bundleDir);
    const counts = policyTally(result.policies, result.diagnostics);
    if (!result.policies) return { ok: true, tally: counts.tally, summary: "not configured", diagnostics: [], suites: [] };
    const isPolicy = (ruleId: string): boolean => ruleId === policyLoad.id || ruleId === policyEval.id || isPolicyRuleId(ruleId);
    const errors = result.diagnostics.filter((d) => d.severity === "error" && isPolicy(d.ruleId));
    const ok = errors.length === 0;
    const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
    const summary = `${plural(counts.policies, "policy", "policies")}, ${plural(counts.entrypoints, "entrypoint")}, ${plural(counts.denials, "denial")}`;
    return {
      ok,
      tally: counts.tally,
      summary: ok ? summary : `${summary}; ${plural(errors.length, "error")}`,
      diagnostics: errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`),
      suites: [{ suite: "policies", artifact: MANIFEST_PATH, passed: ok, coverage: 1 }],
    };
  },
};
