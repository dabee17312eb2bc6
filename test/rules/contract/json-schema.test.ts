import { describe, expect, it } from "vitest";
import rule from "../../../rules/contract/json-schema.js";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const RULE = rule.id;
const MANIFEST = "specKit: 1\nname: x\n";

const mission = (schema: string): string =>
  [
    "mission: { id: m, title: M, system: S }",
    "actors: [{ name: A }]",
    "contracts:",
    "  - name: Beat",
    "    schema:",
    "      type: object",
    ...schema.split("\n").map((line) => `      ${line}`),
    "    producers: [A]",
    "    consumers: [A]",
    "",
  ].join("\n");

describe(RULE, () => {
  it("accepts a strict JSON Schema with local references", () => {
    const text = mission(
      ["properties:", "  at: { type: string, format: date-time }", "  who: { $ref: '#/$defs/who' }", "required: [at]", "$defs:", "  who: { type: string, minLength: 1 }"].join("\n"),
    );
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }).diagnostics).toEqual([]);
  });

  it("reports a keyword that does not exist at the schema", () => {
    const text = mission(["properties: { at: { type: string } }", "requird: [at]"].join("\n"));
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }), RULE, [
      { ruleId: RULE, messageId: "notCompilable", file: "missions/m.yaml", line: 6, column: 7, message: 'the JSON Schema does not compile: strict mode: unknown keyword: "requird"' },
    ]);
  });

  it("reports a malformed keyword where it is written", () => {
    const text = mission(["properties:", "  at: { type: text }"].join("\n"));
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }), RULE, [
      { ruleId: RULE, line: 8, column: 21, message: /^not a valid JSON Schema \(draft 2020-12\): \/properties\/at\/type must be equal to one of the allowed values/ },
    ]);
  });

  it("reports a reference that leaves the schema at the $ref", () => {
    const text = mission(["properties:", "  at: { $ref: 'https://example.com/x.json' }"].join("\n"));
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }), RULE, [
      { ruleId: RULE, line: 8, column: 21, message: '"$ref": "https://example.com/x.json" points outside the contract; only local references such as #/$defs/name are allowed' },
    ]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([RULE]);
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
