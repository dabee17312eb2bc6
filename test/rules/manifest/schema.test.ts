import { describe, expect, it } from "vitest";
import manifestSchema from "../../../rules/manifest/schema.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { MANIFEST_YAML, VALID_YAML } from "../../validate/phase-fixture.js";

const RULE = "manifest/schema";
const MANIFEST_KEYS = "specKit, name, phases, missions, layers, allow, tenancy, rules, limits, guardrails, policies, code";

describe(RULE, () => {
  it("passes a minimal manifest in YAML and JSON", () => {
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST_YAML }), RULE, []);
    expectDiagnostics(checkFiles({ "spec-kit.json": '{ "specKit": 1, "name": "demo" }\n' }), RULE, []);
  });

  it("reports a wrong version, an unknown key and a missing name at their places (YAML)", () => {
    const result = checkFiles({ "spec-kit.yaml": "specKit: 2\nlimits:\n  maxDepth: 0\nextra: true\n" });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, file: "spec-kit.yaml", line: 1, column: 1, message: 'missing required key "name"', severity: "error" },
      { ruleId: RULE, file: "spec-kit.yaml", line: 1, column: 10, message: "specKit must be 1, got 2" },
      { ruleId: RULE, file: "spec-kit.yaml", line: 3, column: 13, message: "limits.maxDepth must be >= 1, got 0" },
      { ruleId: RULE, file: "spec-kit.yaml", line: 4, column: 1, message: `unknown key "extra" (the manifest allows exactly: ${MANIFEST_KEYS})` },
    ]);
  });

  it("reports nested shapes in JSON", () => {
    const text = [
      "{",
      '  "specKit": 1,',
      '  "name": "demo",',
      '  "layers": [',
      '    { "id": "Runtime", "modules": ["src/runtime"], "gate": true }',
      "  ],",
      '  "rules": { "Bogus": "off", "graph/no-cycle": "loud" }',
      "}",
      "",
    ].join("\n");
    expectDiagnostics(checkFiles({ "spec-kit.json": text }), RULE, [
      { ruleId: RULE, line: 5, column: 13, message: 'layers[0].id must match the pattern ^[a-z][a-z0-9-]*$, got "Runtime"' },
      { ruleId: RULE, line: 5, column: 52, message: 'unknown key "gate" in layers[0]' },
      { ruleId: RULE, line: 7, column: 14, message: 'key "Bogus" in rules must match the pattern ^([a-z][a-z0-9-]*/[a-z][a-z0-9-]*|policy(/[A-Za-z_][A-Za-z0-9_]*)+/[A-Za-z_][A-Za-z0-9_-]*)$' },
      { ruleId: RULE, line: 7, column: 48, message: 'rules["graph/no-cycle"] must be one of error, warning, off, got "loud"' },
    ]);
  });

  it("stops the bundle there: phases are not checked under an invalid manifest", () => {
    const result = checkFiles({ "spec-kit.yaml": "specKit: 1\n", "phases/P7.yaml": "phase_meta: 1\n" });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual([RULE]);
  });

  it("checks a lone manifest given to validate", () => {
    expectDiagnostics(validateTexts({ "spec-kit.yaml": "specKit: 1\nname: ''\n" }), RULE, [
      { ruleId: RULE, line: 2, column: 7, message: "name must not be empty" },
    ]);
  });

  it("does not report phase reports", () => {
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.yaml": `${VALID_YAML}x: 1\n` }), RULE, []);
  });

  it("has examples that fail and pass", () => {
    expect(only(checkFiles(manifestSchema.examples!.failing.files), RULE).map((d) => d.message)).toEqual(["specKit must be 1, got 2"]);
    expect(checkFiles(manifestSchema.examples!.passing.files).diagnostics).toEqual([]);
  });
});
