import { describe, expect, it } from "vitest";
import rule from "../../../rules/guardrails/unknown-name.js";
import { EXAMPLE_MANIFEST_YAML, phaseBundle, phaseYaml } from "../../../compiler/check/rule-examples.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const GUARDRAILS_LINE =
  "guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval, tenant boundary], audit_trace: [trace_id, session_id, task_id, capability_id, version]}";

/** The example phase with its guardrails as a block (lines 8–11) of the given lists. */
function withGuardrails(runtime: string, policy: string, trace = "[trace_id, session_id, task_id, capability_id, version]"): string {
  return phaseYaml({ replace: { [GUARDRAILS_LINE]: `guardrails:\n  runtime_gate: ${runtime}\n  policy_gate: ${policy}\n  audit_trace: ${trace}` } });
}

const MANIFEST_WITH_DECLARATIONS = [
  EXAMPLE_MANIFEST_YAML.trimEnd(),
  "guardrails:",
  "  runtime_gate:",
  "    rate-limit: at most 10 tasks a minute per tenant",
  "  policy_gate:",
  "    export-control: the capability is cleared for the tenant's region",
  "  audit_trace:",
  "    request_id: the upstream HTTP request id",
  "",
].join("\n");

describe("guardrails/unknown-name", () => {
  it("reports each misspelt gate name at its value, with the nearest protocol name", () => {
    const result = checkFiles(phaseBundle(withGuardrails("[budget, timout, sandbx, token]", "[aproval, tenant boundary]")));
    expectDiagnostics(result, rule.id, [
      { ruleId: rule.id, file: "phases/P7.yaml", line: 9, column: 26, message: 'guardrails.runtime_gate lists unknown name "timout"; did you mean "timeout"?' },
      { ruleId: rule.id, file: "phases/P7.yaml", line: 9, column: 34, message: 'guardrails.runtime_gate lists unknown name "sandbx"; did you mean "sandbox"?' },
      { ruleId: rule.id, file: "phases/P7.yaml", line: 10, column: 17, message: 'guardrails.policy_gate lists unknown name "aproval"; did you mean "approval"?' },
    ]);
    expect(result.summary.errors).toBeGreaterThanOrEqual(3);
  });

  it("reads names exactly, as the runtime does: tenant-boundary is not tenant boundary", () => {
    const result = checkFiles(phaseBundle(withGuardrails("[budget, timeout, sandbox, token]", "[approval, tenant-boundary]")));
    expectDiagnostics(result, rule.id, [
      { ruleId: rule.id, line: 10, column: 27, message: 'guardrails.policy_gate lists unknown name "tenant-boundary"; did you mean "tenant boundary"?' },
    ]);
    // And the tenant boundary the data needs is still missing.
    expect(only(result, "tenancy/boundary-gate")).toHaveLength(1);
  });

  it("locates the value in a JSON phase too", () => {
    const result = checkFiles(jsonBundle([phaseReport("P1", { policyGate: ["permision"] })]));
    expectDiagnostics(result, rule.id, [
      { ruleId: rule.id, file: "phases/P1.json", line: 43, column: 7, message: 'guardrails.policy_gate lists unknown name "permision"; did you mean "permission"?' },
    ]);
  });

  it("checks names the manifest declares clean, and offers them as suggestions", () => {
    const phase = withGuardrails("[budget, timeout, sandbox, token, rate-limit]", "[approval, tenant boundary, export-control]", "[trace_id, session_id, task_id, capability_id, version, request_id]");
    expect(checkFiles(phaseBundle(phase, MANIFEST_WITH_DECLARATIONS)).diagnostics).toEqual([]);
    const misspelt = checkFiles(phaseBundle(withGuardrails("[budget, timeout, sandbox, token, rate-limt]", "[approval, tenant boundary]"), MANIFEST_WITH_DECLARATIONS));
    expectDiagnostics(misspelt, rule.id, [{ ruleId: rule.id, line: 9, column: 51, message: 'guardrails.runtime_gate lists unknown name "rate-limt"; did you mean "rate-limit"?' }]);
  });

  it("reports a name near nothing known as undeclared, listing what is known", () => {
    const result = checkFiles(phaseBundle(withGuardrails("[budget, timeout, sandbox, token, quantum-lock]", "[approval, tenant boundary]"), MANIFEST_WITH_DECLARATIONS));
    expectDiagnostics(result, rule.id, [
      {
        ruleId: rule.id,
        line: 9,
        column: 51,
        message:
          'guardrails.runtime_gate lists unknown name "quantum-lock": not one of "budget", "timeout", "sandbox", "token", "rate-limit", and the manifest declares no such name under guardrails.runtime_gate',
      },
    ]);
  });

  it("reports a name listed under the wrong group", () => {
    const result = checkFiles(phaseBundle(withGuardrails("[budget, timeout, sandbox, token]", "[approval, tenant boundary, timeout, rate-limit]"), MANIFEST_WITH_DECLARATIONS));
    expectDiagnostics(result, rule.id, [
      { ruleId: rule.id, line: 10, column: 44, message: '"timeout" is a guardrails.runtime_gate name, not a guardrails.policy_gate one' },
      { ruleId: rule.id, line: 10, column: 53, message: '"rate-limit" is a guardrails.runtime_gate name, not a guardrails.policy_gate one' },
    ]);
  });

  it("suggests trace ids, leaving mere respellings (traceId) to protocol/trace-ids", () => {
    const result = checkFiles(phaseBundle(withGuardrails("[budget, timeout, sandbox, token]", "[approval, tenant boundary]", "[traceId, sesion_id, task_id, capability_id, version]")));
    expectDiagnostics(result, rule.id, [{ ruleId: rule.id, line: 11, column: 26, message: 'guardrails.audit_trace lists unknown name "sesion_id"; did you mean "session_id"?' }]);
    expect(only(result, "protocol/trace-ids").map((d) => `${d.line}:${d.column}`)).toContain("11:17");
  });

  it("catches misspellings of the protocol's names in validate, without a manifest, and leaves other names to check", () => {
    const result = validateTexts({ "phases/P7.yaml": withGuardrails("[budget, timeout, sandbox, token, rate-limit]", "[aproval, tenant boundary]") });
    expectDiagnostics(result, rule.id, [{ ruleId: rule.id, line: 10, column: 17, message: 'guardrails.policy_gate lists unknown name "aproval"; did you mean "approval"?' }]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
