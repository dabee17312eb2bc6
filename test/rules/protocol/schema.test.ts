import { describe, expect, it } from "vitest";
import protocolSchema from "../../../rules/protocol/schema.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { MANIFEST_YAML, VALID_YAML, replaceOnce, toJson, validPhase } from "../../validate/phase-fixture.js";

const RULE = "protocol/schema";

describe(RULE, () => {
  it("passes the canonical report in YAML and JSON", () => {
    expectDiagnostics(validateTexts({ "P7.yaml": VALID_YAML }), RULE, []);
    expectDiagnostics(validateTexts({ "P7.json": toJson(validPhase()) }), RULE, []);
  });

  describe("in YAML", () => {
    it("reports a wrong type at the value", () => {
      const text = replaceOnce(VALID_YAML, "completion: 0.4", "completion: high");
      expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 50, column: 15, message: 'status.completion must be a number, got the string "high"', severity: "error" },
      ]);
    });

    it("reports an enum value outside the allowed ones", () => {
      const text = replaceOnce(VALID_YAML, "priority: highest", "priority: urgent");
      expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 4, column: 13, message: 'phase_meta.priority must be one of highest, high, medium, low, got "urgent"' },
      ]);
    });

    it("reports an array item at its index", () => {
      const text = replaceOnce(VALID_YAML, "[src/security, src/runtime]", "[src/security, 3]");
      expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 14, column: 33, message: "module_scope.write_modules[1] must be a string, got the number 3" },
      ]);
    });

    it("reports a key missing inside a section at the section's value", () => {
      const text = replaceOnce(VALID_YAML, "  audit_trace: [trace_id, session_id, task_id, capability_id, version]\n", "");
      expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 31, column: 3, message: 'missing required key "audit_trace" in guardrails' },
      ]);
    });

    it("reports a key missing in an array item at the item", () => {
      const text = replaceOnce(VALID_YAML, "    kind: table\n", "");
      expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 18, column: 5, message: 'missing required key "kind" in data_models[0]' },
      ]);
    });

    it("reports an unknown key inside a section at the key", () => {
      const text = replaceOnce(VALID_YAML, "  audit_trace:", "  x: []\n  audit_trace:");
      expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [{ ruleId: RULE, line: 33, column: 3, message: 'unknown key "x" in guardrails' }]);
    });

    it("reports a section of the wrong shape once", () => {
      const text = replaceOnce(VALID_YAML, "acceptance:\n  - cross-tenant access success rate = 0%\n  - lease validation latency p99 <= 5 ms\n", "acceptance: all good\n");
      expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 38, column: 13, message: 'acceptance must be an array, got the string "all good"' },
      ]);
    });

    it("reports a document that is not a mapping at its start", () => {
      expectDiagnostics(validateTexts({ "P7.yaml": "- just\n- a list\n" }), RULE, [
        { ruleId: RULE, line: 1, column: 1, message: "the document must be an object, got an array" },
      ]);
    });
  });

  describe("in JSON", () => {
    it("reports wrong types, enum values and items at their values, sorted by position", () => {
      const phase = validPhase();
      phase.status.completion = "high";
      phase.phase_meta.priority = "urgent";
      phase.module_scope.write_modules[1] = 3;
      expectDiagnostics(validateTexts({ "P7.json": toJson(phase) }), RULE, [
        { ruleId: RULE, line: 5, column: 17, message: 'phase_meta.priority must be one of highest, high, medium, low, got "urgent"' },
        { ruleId: RULE, line: 20, column: 7, message: "module_scope.write_modules[1] must be a string, got the number 3" },
        { ruleId: RULE, line: 107, column: 19, message: 'status.completion must be a number, got the string "high"' },
      ]);
    });

    it("reports missing and unknown keys inside sections", () => {
      const phase = validPhase();
      delete phase.data_models[0].kind;
      phase.guardrails.x = [];
      expectDiagnostics(validateTexts({ "P7.json": toJson(phase) }), RULE, [
        { ruleId: RULE, line: 33, column: 5, message: 'missing required key "kind" in data_models[0]' },
        { ruleId: RULE, line: 74, column: 5, message: 'unknown key "x" in guardrails' },
      ]);
    });
  });

  it("leaves top-level keys to protocol/required-keys and protocol/unknown-key", () => {
    const { flow, ...phase } = validPhase();
    void flow;
    const result = validateTexts({ "P7.json": toJson({ ...phase, extra: true }) });
    expectDiagnostics(result, RULE, []);
    expect(only(result, "protocol/required-keys")).toHaveLength(1);
    expect(only(result, "protocol/unknown-key")).toHaveLength(1);
  });

  it("does not look at manifests or missions", () => {
    const result = checkFiles({ "spec-kit.yaml": `${MANIFEST_YAML}extra: 1\n` });
    expectDiagnostics(result, RULE, []);
  });

  it("has examples that fail and pass", () => {
    expect(only(checkFiles(protocolSchema.examples!.failing.files), RULE).map((d) => d.message)).toEqual([
      'status.completion must be a number, got the string "high"',
    ]);
    expect(checkFiles(protocolSchema.examples!.passing.files).diagnostics).toEqual([]);
  });
});
