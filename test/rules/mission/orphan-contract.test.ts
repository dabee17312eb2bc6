import { describe, expect, it } from "vitest";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const RULE = "mission/orphan-contract";
const MANIFEST = "specKit: 1\nname: x\n";

const YAML = `mission: { id: m, title: M, system: S }
actors: [{ name: Agent }, { name: Monitor }]
contracts:
  - name: Heartbeat
    schema: { fields: [{ name: at, type: string, format: date-time }] }
    producers: [Agent]
    consumers: [Monitor]
  - name: Ghost
    schema: { fields: [{ name: id, type: string, format: uuid }] }
    producers: []
    consumers: []
`;

describe(RULE, () => {
  it("accepts a contract with a producer and a consumer", () => {
    const text = YAML.split("  - name: Ghost")[0]!;
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }).diagnostics).toEqual([]);
  });

  it("warns at the empty producers and consumers lists (YAML)", () => {
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": YAML });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, file: "missions/m.yaml", line: 10, column: 16, message: 'contract "Ghost" has no producer: nothing ever emits it', severity: "warning" },
      { ruleId: RULE, line: 11, column: 16, message: 'contract "Ghost" has no consumer: nothing ever reads it', severity: "warning" },
    ]);
  });

  it("warns in JSON", () => {
    const text = `{
  "mission": { "id": "m", "title": "M", "system": "S" },
  "actors": [{ "name": "Agent" }],
  "contracts": [
    { "name": "Beat", "schema": { "fields": [{ "name": "n", "type": "number" }] }, "producers": ["Agent"], "consumers": [] }
  ]
}
`;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.json": text });
    expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 5, column: 121, message: 'contract "Beat" has no consumer: nothing ever reads it' }]);
  });

  it("can be turned off in the manifest", () => {
    const result = checkFiles({ "spec-kit.yaml": `${MANIFEST}rules: { mission/orphan-contract: off }\n`, "missions/m.yaml": YAML });
    expectDiagnostics(result, RULE, []);
  });
});
