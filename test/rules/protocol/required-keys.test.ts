import { describe, expect, it } from "vitest";
import requiredKeys from "../../../rules/protocol/required-keys.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { MANIFEST_YAML, VALID_YAML, replaceOnce, toJson, validPhase } from "../../validate/phase-fixture.js";

const RULE = "protocol/required-keys";

describe(RULE, () => {
  it("passes the canonical report in YAML and JSON", () => {
    expectDiagnostics(validateTexts({ "P7.yaml": VALID_YAML }), RULE, []);
    expectDiagnostics(validateTexts({ "P7.json": toJson(validPhase()) }), RULE, []);
  });

  it("reports a missing key at the document root (YAML)", () => {
    const text = replaceOnce(VALID_YAML, VALID_YAML.slice(VALID_YAML.indexOf("flow:"), VALID_YAML.indexOf("guardrails:")), "");
    expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
      { ruleId: RULE, file: "P7.yaml", line: 1, column: 1, message: 'missing required key "flow"', severity: "error" },
    ]);
  });

  it("reports each missing key once, in message order (JSON)", () => {
    const phase = validPhase();
    delete phase.status;
    delete phase.dependency_graph;
    expectDiagnostics(validateTexts({ "P7.json": toJson(phase) }), RULE, [
      { ruleId: RULE, line: 1, column: 1, message: 'missing required key "dependency_graph"' },
      { ruleId: RULE, line: 1, column: 1, message: 'missing required key "status"' },
    ]);
  });

  it.each([
    ["an empty object", "P9.json", "{}"],
    ["an empty YAML mapping", "P9.yaml", "{}\n"],
    ["a mapping of other keys", "P9.yaml", "title: draft\n"],
  ])("says once that %s has none of the 12 keys, instead of twelve times", (_kind, file, text) => {
    const result = validateTexts({ [file]: text });
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        messageId: "noContractKey",
        line: 1,
        column: 1,
        message:
          "the document has none of the 12 keys of a phase report: phase_meta, objective, invariants, module_scope, data_models, flow, guardrails, tests, acceptance, rollback, dependency_graph, status",
      },
    ]);
  });

  it("points at where the document starts, after leading comments", () => {
    const text = `# P7 report\n${replaceOnce(VALID_YAML, "rollback:\n", "rollback_plan:\n")}`;
    expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
      { ruleId: RULE, line: 2, column: 1, message: 'missing required key "rollback"' },
    ]);
  });

  it("leaves keys missing inside a section to protocol/schema", () => {
    const text = replaceOnce(VALID_YAML, "  audit_trace: [trace_id, session_id, task_id, capability_id, version]\n", "");
    const result = validateTexts({ "P7.yaml": text });
    expectDiagnostics(result, RULE, []);
    expect(only(result, "protocol/schema").map((d) => d.message)).toEqual(['missing required key "audit_trace" in guardrails']);
  });

  it("reports inside a bundle too", () => {
    const phase = validPhase();
    delete phase.invariants;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.json": toJson(phase) });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, file: "phases/P7.json", line: 1, column: 1, message: 'missing required key "invariants"' },
    ]);
  });

  it("has examples that fail and pass", () => {
    expect(only(checkFiles(requiredKeys.examples!.failing.files), RULE).map((d) => d.message)).toEqual([
      'missing required key "rollback"',
    ]);
    expect(checkFiles(requiredKeys.examples!.passing.files).diagnostics).toEqual([]);
  });
});
