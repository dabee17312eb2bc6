import { describe, expect, it } from "vitest";
import rule from "../../../rules/contract/notation.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const RULE = rule.id;
const MANIFEST = "specKit: 1\nname: x\n";

const mission = (schemaLines: readonly string[]): string =>
  [
    "mission: { id: m, title: M, system: S }",
    "actors: [{ name: Orchestrator }, { name: Runtime }]",
    "contracts:",
    "  - name: MissionPrompt",
    ...schemaLines,
    "    producers: [Orchestrator]",
    "    consumers: [Runtime]",
    "",
  ].join("\n");

describe(RULE, () => {
  it("accepts seed 001's four contracts in their notation", () => {
    const text = mission([`    schema: "{ id: UUID, objective: string, priority: 'P0' | 'P1' | 'P2', originatingSpec: URI, createdAt: timestamp }"`]);
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }).diagnostics).toEqual([]);
  });

  it("reports an unknown type inside a double-quoted YAML string, at the name, with a suggestion", () => {
    const text = mission([`    schema: "{ id: uuid, \\"objective\\": string, at: Timestmp }"`]);
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }), RULE, [
      { ruleId: RULE, messageId: "unknownType", file: "missions/m.yaml", line: 5, column: 20, message: 'unknown type "uuid"; did you mean UUID?' },
      { ruleId: RULE, line: 5, column: 53, message: 'unknown type "Timestmp"; did you mean timestamp?' },
    ]);
  });

  it("reports an unclosed brace of a folded block scalar at the brace", () => {
    const text = mission(["    schema: >-", "      { id: UUID,", "        inner: { a: string }"]);
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }), RULE, [
      { ruleId: RULE, messageId: "unclosed", line: 6, column: 7, message: '"{" is never closed; add "}" after "}"' },
    ]);
  });

  it("reports a duplicate field in a single-quoted YAML string at its second name", () => {
    const text = mission(["    schema: '{ id: UUID, p: ''P0'' | ''P1'', id: string }'"]);
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }), RULE, [
      { ruleId: RULE, messageId: "duplicateField", line: 5, column: 46, message: 'field "id" is declared twice; rename or remove one of them' },
    ]);
  });

  it("reports inside a JSON string, past its escapes", () => {
    const text = `{
  "mission": { "id": "m", "title": "M", "system": "S" },
  "actors": [{ "name": "A" }],
  "contracts": [
    { "name": "Beat", "schema": "{ \\"at\\": \\u0074imestamp, by: URL }", "producers": ["A"], "consumers": ["A"] }
  ]
}
`;
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.json": text }), RULE, [
      { ruleId: RULE, file: "missions/m.json", line: 5, column: 64, message: 'unknown type "URL"; did you mean URI?' },
    ]);
  });

  it("reports in a data model's fields: notation and fields: list, duplicates and misplaced formats included", () => {
    const models = [
      { name: "Lease", kind: "table", keys: ["tenant_id"], append_only: true, fields: "{ tenant_id: string, at: tmestamp }" },
      {
        name: "Grant",
        kind: "dto",
        keys: ["tenant_id"],
        append_only: false,
        fields: [
          { name: "tenant_id", type: "string" },
          { name: "tenant_id", type: "string" },
          { name: "n", type: "integer", format: "uuid" },
          { name: "tags", type: "strin[]" },
        ],
      },
    ];
    const result = checkFiles(jsonBundle([phaseReport("P1", { models })]));
    expect(only(result, RULE).map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      expect.stringMatching(/^\d+:\d+ unknown type "tmestamp"; did you mean timestamp\?$/),
      expect.stringMatching(/^\d+:\d+ field "tenant_id" is declared twice; rename or remove one of them$/),
      expect.stringMatching(/^\d+:\d+ format uuid applies to string fields, but field "n" is integer$/),
      expect.stringMatching(/^\d+:\d+ unknown type "strin"; did you mean string\?$/),
    ]);
    const file = result.documents.get("phases/P1.json")!.text;
    const spans = only(result, RULE).map((d) => file.split("\n")[d.line - 1]!.slice(d.column - 1, d.endColumn - 1));
    expect(spans).toEqual(["tmestamp", '"tenant_id"', '"uuid"', "strin"]);
  });

  it("refuses a field name with an unpaired surrogate (no JSON Schema tool can address it) at the field", () => {
    const text = `{
  "mission": { "id": "m", "title": "M", "system": "S" },
  "actors": [{ "name": "A" }],
  "contracts": [
    { "name": "Beat", "schema": { "fields": [{ "name": "at", "type": "timestamp" }, { "name": "x\\ud800", "type": "string" }] }, "producers": ["A"], "consumers": ["A"] }
  ]
}
`;
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.json": text }), RULE, [
      {
        ruleId: RULE,
        line: 5,
        column: 95,
        message: 'field name "x\\ud800" is not well-formed Unicode (it holds an unpaired surrogate, which no JSON Schema tool can address); spell it without one',
      },
    ]);
  });

  it("runs under validate too, without a bundle", () => {
    const text = mission([`    schema: "{ id: UUID, n: flot }"`]);
    expectDiagnostics(validateTexts({ "missions/m.yaml": text }), RULE, [{ ruleId: RULE, line: 5, column: 29, message: 'unknown type "flot"; did you mean number?' }]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([RULE, RULE]);
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
