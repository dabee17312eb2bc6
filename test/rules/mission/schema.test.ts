import { describe, expect, it } from "vitest";
import missionSchema from "../../../rules/mission/schema.js";
import { EXAMPLE_MISSION_YAML } from "../../../compiler/check/rule-examples.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { MANIFEST_YAML, VALID_YAML } from "../../validate/phase-fixture.js";

const RULE = "mission/schema";
const bundle = (file: string, text: string) => checkFiles({ "spec-kit.yaml": MANIFEST_YAML, [file]: text });

describe(RULE, () => {
  it("passes a valid mission document", () => {
    expectDiagnostics(bundle("missions/nexus.yaml", EXAMPLE_MISSION_YAML), RULE, []);
  });

  it("reports an enum value at the value (YAML)", () => {
    const result = bundle("missions/nexus.yaml", EXAMPLE_MISSION_YAML.replace("kind: rest", "kind: carrier-pigeon"));
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        file: "missions/nexus.yaml",
        line: 10,
        column: 15,
        message:
          'components[0].interfaces[0].kind must be one of rest, websocket, grpc, event-bus, redis, cli, http, s3, ledger, sql, file, metrics, chaos, test-runner, other, got "carrier-pigeon"',
        severity: "error",
      },
    ]);
  });

  it("reports unknown and missing top-level keys (YAML)", () => {
    const text = `${EXAMPLE_MISSION_YAML.replace("  system: AgentNexus\n", "")}owners: [ops]\n`;
    expectDiagnostics(bundle("missions/nexus.yaml", text), RULE, [
      { ruleId: RULE, line: 2, column: 3, message: 'missing required key "system" in mission' },
      {
        ruleId: RULE,
        line: 11,
        column: 1,
        message: 'unknown key "owners" (a mission document allows exactly: mission, actors, components, contracts, roles, actions, suppressions)',
      },
    ]);
  });

  it("follows the alternative a contract schema was meant to be (JSON)", () => {
    const text = [
      "{",
      '  "mission": { "id": "agentnexus", "title": "AgentNexus", "system": "AgentNexus" },',
      '  "contracts": [',
      '    { "name": "MissionPrompt", "schema": { "fields": [{ "name": "id", "type": "uuid" }] }, "producers": [], "consumers": [] },',
      '    { "name": "Other", "schema": {}, "producers": [], "consumers": [] }',
      "  ]",
      "}",
      "",
    ].join("\n");
    const result = bundle("missions/nexus.json", text);
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        line: 5,
        column: 34,
        message: 'contracts[1].schema must be one of: a string; an object with "$ref"; an object with "fields"; an object with "type" and "properties", got an object',
      },
    ]);
    // A field's type is a notation type now: contract/notation words the mistake, inside the string.
    expectDiagnostics(result, "contract/notation", [{ ruleId: "contract/notation", line: 4, column: 80, message: 'unknown type "uuid"; did you mean UUID?' }]);
  });

  it("checks a lone mission document given to validate", () => {
    expectDiagnostics(validateTexts({ "nexus.yaml": "mission:\n  id: Agent Nexus\n  title: AgentNexus\n  system: AgentNexus\n" }), RULE, [
      { ruleId: RULE, line: 2, column: 7, message: 'mission.id must match the pattern ^[a-z][a-z0-9-]{0,63}$, got "Agent Nexus"' },
    ]);
  });

  it("does not report phase reports", () => {
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.yaml": `${VALID_YAML}x: 1\n` }), RULE, []);
  });

  it("has examples that fail and pass", () => {
    expect(only(checkFiles(missionSchema.examples!.failing.files), RULE).map((d) => d.message)).toEqual([
      expect.stringMatching(/^components\[0\]\.interfaces\[0\]\.kind must be one of rest, .*, got "carrier-pigeon"$/),
    ]);
    expect(checkFiles(missionSchema.examples!.passing.files).diagnostics).toEqual([]);
  });
});
