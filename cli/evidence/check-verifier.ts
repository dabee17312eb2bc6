import { ruleTally } from "../../compiler/evidence/check-tally.js";
import { MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import { ALL_RULES } from "../../rules/index.js";
import { check } from "../public-api.js";
import type { Verifier } from "./verifier.js";

/**
 * The rules verifier: `spec-kit check` on the bundle, spec-kit's rules (protocol, graph,
 * layers, gates, tenancy, roles) as execution-free static checks. Its tally counts rules.
 * The bundle's OPA policies are the policy verifier's (./policy-verifier.ts).
 */
export const checkVerifier: Verifier = {
  name: "check",
  slot: "static_checks",
  async run(context) {
    const result = check(context.bundleDir, { policies: false });
    const tally = ruleTally(ALL_RULES.map((rule) => rule.id), result.diagnostics);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    const ok = errors.length === 0;
    return {
      ok,
      tally,
      summary: ok ? `${tally.run ? tally.total : 0} rules, no error` : `${errors.length} error(s)`,
      diagnostics: errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`),
      suites: [{ suite: "check", artifact: MANIFEST_PATH, passed: ok, coverage: 1 }],
    };
  },
};
