import { describe, expect, it } from "vitest";
import unknownKey from "../../../rules/protocol/unknown-key.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, replaceOnce, toJson, validPhase } from "../../validate/phase-fixture.js";

const RULE = "protocol/unknown-key";
const CONTRACT_KEYS =
  "phase_meta, objective, invariants, module_scope, data_models, flow, guardrails, tests, acceptance, rollback, dependency_graph, status";

describe(RULE, () => {
  it("passes the canonical report in YAML and JSON", () => {
    expectDiagnostics(validateTexts({ "P7.yaml": VALID_YAML }), RULE, []);
    expectDiagnostics(validateTexts({ "P7.json": toJson(validPhase()) }), RULE, []);
  });

  it("reports an extra top-level key at the key, listing the contract keys (YAML)", () => {
    expectDiagnostics(validateTexts({ "P7.yaml": `${VALID_YAML}notes: ask security\n` }), RULE, [
      { ruleId: RULE, line: 53, column: 1, message: `unknown key "notes" (the protocol allows exactly: ${CONTRACT_KEYS})`, severity: "error" },
    ]);
  });

  it("reports a misspelt key at the key (JSON), with protocol/required-keys reporting the missing one", () => {
    const { status, ...rest } = validPhase();
    const text = toJson({ statuss: status, ...rest });
    const result = validateTexts({ "P7.json": text });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, line: 2, column: 3, message: `unknown key "statuss"; did you mean "status"? (the protocol allows exactly: ${CONTRACT_KEYS})` },
    ]);
    expect(only(result, "protocol/required-keys").map((d) => d.message)).toEqual(['missing required key "status"']);
  });

  it("suggests the contract key a misspelt one means: invariant -> invariants", () => {
    const text = replaceOnce(VALID_YAML, "invariants:", "invariant:");
    const result = validateTexts({ "P7.yaml": text });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, messageId: "unknownKey", line: 10, column: 1, message: `unknown key "invariant"; did you mean "invariants"? (the protocol allows exactly: ${CONTRACT_KEYS})` },
    ]);
  });

  it("suggests a key inside a section too (protocol/schema)", () => {
    const text = replaceOnce(VALID_YAML, "  owner: autoloop-core\n", "  ownr: autoloop-core\n");
    expectDiagnostics(validateTexts({ "P7.yaml": text }), "protocol/schema", [
      { ruleId: "protocol/schema", messageId: "missingKey", line: 2, column: 3, message: 'missing required key "owner" in phase_meta' },
      { ruleId: "protocol/schema", messageId: "unknownKey", line: 6, column: 3, message: 'unknown key "ownr" in phase_meta; did you mean "owner"?' },
    ]);
  });

  it("allows $schema in a JSON phase report, manifest and mission document, for editors", () => {
    const phase = toJson({ $schema: "../node_modules/spec-kit/schemas/phase-report.schema.json", ...validPhase() });
    const files = {
      "spec-kit.json": JSON.stringify({ $schema: "./node_modules/spec-kit/schemas/manifest.schema.json", specKit: 1, name: "demo" }),
      "phases/P7.json": phase,
      "missions/m.json": JSON.stringify({ $schema: "../node_modules/spec-kit/schemas/mission.schema.json", mission: { id: "m", title: "M", system: "S" } }),
    };
    const result = checkFiles(files);
    expect(result.diagnostics.filter((d) => d.ruleId.startsWith("protocol/") || d.ruleId.endsWith("/schema"))).toEqual([]);
    expect(validateTexts({ "P7.json": phase }).diagnostics).toEqual([]);
  });

  it("does not list $schema among the contract keys of a phase report", () => {
    expectDiagnostics(validateTexts({ "P7.yaml": `${VALID_YAML}notes: x\n` }), RULE, [
      { ruleId: RULE, line: 53, column: 1, message: `unknown key "notes" (the protocol allows exactly: ${CONTRACT_KEYS})` },
    ]);
  });

  it("quotes odd key names safely", () => {
    const text = `${VALID_YAML}"say \\"hi\\"": 1\n`;
    expectDiagnostics(validateTexts({ "P7.yaml": text }), RULE, [
      { ruleId: RULE, line: 53, column: 1, message: /^unknown key "say \\"hi\\"" \(the protocol allows exactly: / },
    ]);
  });

  it("leaves unknown keys inside a section to protocol/schema", () => {
    const text = replaceOnce(VALID_YAML, "  owner: autoloop-core\n", "  owner: autoloop-core\n  team: core\n");
    const result = validateTexts({ "P7.yaml": text });
    expectDiagnostics(result, RULE, []);
    expectDiagnostics(result, "protocol/schema", [{ ruleId: "protocol/schema", line: 7, column: 3, message: 'unknown key "team" in phase_meta' }]);
  });

  it("has examples that fail and pass", () => {
    expect(only(checkFiles(unknownKey.examples!.failing.files), RULE).map((d) => d.message)).toEqual([
      `unknown key "notes" (the protocol allows exactly: ${CONTRACT_KEYS})`,
    ]);
    expect(checkFiles(unknownKey.examples!.passing.files).diagnostics).toEqual([]);
  });
});
