import { describe, expect, it } from "vitest";
import rule from "../../../rules/guardrails/shadowed-name.js";
import { EXAMPLE_MANIFEST_YAML, phaseBundle } from "../../../compiler/check/rule-examples.js";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

/** The example manifest (9 lines) with a guardrails section from line 10. */
const manifest = (...lines: string[]) => `${EXAMPLE_MANIFEST_YAML}guardrails:\n${lines.join("\n")}\n`;

describe("guardrails/shadowed-name", () => {
  it("reports a declared name that respells a protocol name of any group, at its key", () => {
    const result = checkFiles(phaseBundle(undefined, manifest("  policy_gate:", "    tenant-boundary: tenant matches lease", "    Timeout: slow", "  audit_trace:", "    session_id: again")));
    expectDiagnostics(result, rule.id, [
      {
        ruleId: rule.id,
        file: "spec-kit.yaml",
        line: 12,
        column: 5,
        message: 'guardrails.policy_gate declares "tenant-boundary", which is the protocol\'s guardrails.policy_gate name "tenant boundary"; list "tenant boundary" in the phases instead',
      },
      { ruleId: rule.id, line: 13, column: 5, message: /declares "Timeout", which is the protocol's guardrails.runtime_gate name "timeout"/ },
      { ruleId: rule.id, line: 15, column: 5, message: /declares "session_id", which is the protocol's guardrails.audit_trace name "session_id"/ },
    ]);
  });

  it("leaves new names alone", () => {
    expect(checkFiles(phaseBundle(undefined, manifest("  runtime_gate:", "    rate-limit: ten a minute"))).diagnostics).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
