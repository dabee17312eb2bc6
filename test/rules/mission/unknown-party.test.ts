import { describe, expect, it } from "vitest";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";

const RULE = "mission/unknown-party";
const MANIFEST = "specKit: 1\nname: x\n";

const YAML = `mission: { id: m, title: M, system: S }
actors:
  - name: Trusted CLI
components:
  - id: qa
    name: QA Engine
    responsibilities: [run tests]
    interfaces: [{ kind: cli, address: jest }]
roles:
  - { id: release-captain, responsibility: Ships releases., capabilities: [], access_scope: [] }
contracts:
  - name: Report
    schema: { $ref: "https://spec-kit.dev/schemas/validation-report.schema.json" }
    producers: [qa, QA Engine, Trusted CLI, trusted cli]
    consumers: [Audit Service]
actions:
  - { id: ship, kind: other, performed_by: Release-Captain, requires_human_approval: true }
`;

const JSON_TEXT = `{
  "mission": { "id": "m", "title": "M", "system": "S" },
  "components": [
    { "id": "qa", "name": "QA Engine", "responsibilities": ["run tests"], "interfaces": [{ "kind": "cli", "address": "jest" }] }
  ],
  "contracts": [
    {
      "name": "Report",
      "schema": { "$ref": "https://spec-kit.dev/schemas/validation-report.schema.json" },
      "producers": ["qa"],
      "consumers": ["qa", "Audit Service"]
    }
  ]
}
`;

describe(RULE, () => {
  it("accepts component ids, component names and declared actors", () => {
    const text = YAML.replace(", trusted cli]", "]").replace("[Audit Service]", "[qa]").replace("Release-Captain", "release-captain");
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text });
    expect(result.diagnostics).toEqual([]);
  });

  it("reports undeclared producers, consumers and roles at the item (YAML)", () => {
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": YAML });
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        file: "missions/m.yaml",
        line: 14,
        column: 45,
        message: 'contract "Report" names producer "trusted cli", which is no declared component or actor (did you mean "Trusted CLI"?)',
        severity: "error",
      },
      {
        ruleId: RULE,
        line: 15,
        column: 17,
        message: 'contract "Report" names consumer "Audit Service", which is no declared component or actor',
      },
      {
        ruleId: RULE,
        line: 17,
        column: 44,
        message: 'action "ship" is performed by "Release-Captain", which is no declared role (did you mean "release-captain"?)',
      },
    ]);
    expect(only(result, RULE).map((d) => d.path)).toEqual([
      ["contracts", 0, "producers", 3],
      ["contracts", 0, "consumers", 0],
      ["actions", 0, "performed_by"],
    ]);
  });

  it("reports at the item in JSON", () => {
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.json": JSON_TEXT });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, file: "missions/m.json", line: 11, column: 27, message: /consumer "Audit Service"/ },
    ]);
  });

  it("only declares parties within the same document", () => {
    const other = 'mission: { id: o, title: O, system: S }\nactors: [{ name: Audit Service }]\n';
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.json": JSON_TEXT, "missions/o.yaml": other });
    expect(only(result, RULE).map((d) => d.file)).toEqual(["missions/m.json"]);
  });

  it("does not crash on malformed sections", () => {
    const text = "mission: { id: m, title: M, system: S }\nactors: 3\ncomponents: [null, 7]\ncontracts: [x, { producers: 5, consumers: [1, Nobody] }]\nactions: [{ performed_by: 9 }]\n";
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text });
    expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 4, column: 47, message: 'contract "#2" names consumer "Nobody", which is no declared component or actor' }]);
  });
});
