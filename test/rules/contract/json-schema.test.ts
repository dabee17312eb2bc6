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

  it("accepts a recursive schema: a reference to the root, as apply compiles it under its $id", () => {
    const text = mission(["properties:", "  label: { type: string }", "  children: { type: array, items: { $ref: '#' } }", "required: [label]"].join("\n"));
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }).diagnostics).toEqual([]);
  });

  it("refuses a schema nested deeper than the limit where the limit is passed, before anything recurses into it", () => {
    let schema: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 300; i++) schema = { type: "object", properties: { a: schema } };
    const text = JSON.stringify({ mission: { id: "m", title: "M", system: "S" }, actors: [{ name: "A" }], contracts: [{ name: "Deep", schema, producers: ["A"], consumers: ["A"] }] });
    const files = { "spec-kit.yaml": `${MANIFEST}limits: { maxDepth: 1000 }\n`, "missions/m.json": text };
    // The 65th schema object is the first at 128 levels of objects below the contract's schema.
    let at = -1;
    for (let i = 0; i < 65; i++) at = text.indexOf('{"type":"object"', at + 1);
    expectDiagnostics(checkFiles(files), RULE, [
      {
        ruleId: RULE,
        messageId: "tooDeep",
        file: "missions/m.json",
        line: 1,
        column: at + 1,
        message: "the JSON Schema nests deeper than 128 levels of objects and arrays; write the inner part as a $defs entry referred to by $ref, or flatten it",
      },
    ]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([RULE]);
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
