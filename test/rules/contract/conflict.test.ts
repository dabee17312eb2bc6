import { describe, expect, it } from "vitest";
import rule from "../../../rules/contract/conflict.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const RULE = rule.id;
const MANIFEST = "specKit: 1\nname: x\n";

const mission = (contracts: string): string =>
  ["mission: { id: m, title: M, system: S }", "actors: [{ name: A }]", "contracts:", contracts, ""].join("\n");

describe(RULE, () => {
  it("reports the later declaration of a name with another shape, naming the first and the difference", () => {
    const text = mission(
      [
        `  - { name: Prompt, schema: "{ id: UUID, priority: 'P0' | 'P1' }", producers: [A], consumers: [A] }`,
        "  - name: Prompt",
        "    schema: { fields: [{ name: id, type: string }, { name: priority, type: string, enum: [P0, P1] }] }",
        "    producers: [A]",
        "    consumers: [A]",
      ].join("\n"),
    );
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }), RULE, [
      {
        ruleId: RULE,
        messageId: "differentShape",
        file: "missions/m.yaml",
        line: 5,
        column: 11,
        message:
          'contract "Prompt" is declared again with another shape (field "id" is string here and UUID there); the first declaration is at missions/m.yaml:4:13: make them equal, or give this one its own name such as Prompt.v2',
      },
    ]);
  });

  it("compares a mission contract with a phase's data model of the same name", () => {
    const files = {
      ...jsonBundle([phaseReport("P1", { models: [{ name: "Lease", kind: "table", keys: ["lease_id", "tenant_id"], append_only: true }] })]),
      "missions/m.yaml": mission(`  - { name: Lease, schema: "{ lease_id: string }", producers: [A], consumers: [A] }`),
    };
    expectDiagnostics(checkFiles(files), RULE, [
      {
        ruleId: RULE,
        file: "phases/P1.json",
        line: 25,
        column: 15,
        message:
          'contract "Lease" is declared again with another shape (field "tenant_id" is only here); the first declaration is at missions/m.yaml:4:13: make them equal, or give this one its own name such as Lease.v2',
      },
    ]);
  });

  it("accepts the same shape written in different forms, descriptions aside", () => {
    const text = mission(
      [
        `  - { name: Prompt, schema: "{ id: UUID, priority: 'P0' | 'P1', note?: string }", producers: [A], consumers: [A] }`,
        "  - name: Prompt",
        "    schema:",
        "      fields:",
        "        - { name: id, type: string, format: uuid, description: The id. }",
        "        - { name: priority, type: string, enum: [P0, P1] }",
        "        - { name: note, type: string, optional: true }",
        "    producers: [A]",
        "    consumers: [A]",
        "  - name: Prompt",
        "    schema:",
        "      type: object",
        "      properties: { id: { type: string, format: uuid }, priority: { enum: [P0, P1] }, note: { type: string } }",
        "      required: [priority, id]",
        "      additionalProperties: false",
        "    producers: [A]",
        "    consumers: [A]",
      ].join("\n"),
    );
    expect(only(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": text }), RULE)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([RULE]);
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
