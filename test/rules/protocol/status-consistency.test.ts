import { describe, expect, it } from "vitest";
import { expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, replaceOnce, toJson, validPhase } from "./phase-texts.js";

const RULE = "protocol/status-consistency";
const STATUS_YAML = "  stage: in_progress\n  completion: 0.4\n  risks: [lease clock skew between regions]\n";

function yamlStatus(stage: string, completion: string, risks = "[lease clock skew between regions]"): string {
  return replaceOnce(VALID_YAML, STATUS_YAML, `  stage: ${stage}\n  completion: ${completion}\n  risks: ${risks}\n`);
}

function jsonStatus(status: Record<string, unknown>): string {
  const phase = validPhase();
  phase.status = { ...phase.status, ...status };
  for (const [key, value] of Object.entries(status)) if (value === undefined) delete phase.status[key];
  return toJson(phase);
}

describe(RULE, () => {
  describe("YAML", () => {
    it.each([
      ["done", "0.4", 'status.stage is "done" but completion is 0.4; a done phase has completion 1'],
      ["planned", "0.4", 'status.stage is "planned" but completion is 0.4; a planned phase has completion 0'],
      ["in_progress", "1", 'status.stage is "in_progress" but completion is 1; it must be strictly between 0 and 1'],
      ["in_progress", "0", 'status.stage is "in_progress" but completion is 0; it must be strictly between 0 and 1'],
      ["in_progress", "1.5", "status.completion is 1.5; it must be between 0 and 1"],
      ["done", "-0.1", "status.completion is -0.1; it must be between 0 and 1"],
      ["planned", ".nan", "status.completion is NaN; it must be between 0 and 1"],
    ])("stage %s with completion %s is reported at status.completion", (stage, completion, message) => {
      expectDiagnostics(validateTexts({ "phases/P7.yaml": yamlStatus(stage, completion) }), RULE, [
        { ruleId: RULE, line: 50, column: 15, message, severity: "error" },
      ]);
    });

    it("reports a blocked phase without risks at status.risks", () => {
      expectDiagnostics(validateTexts({ "phases/P7.yaml": yamlStatus("blocked", "0.4", "[]") }), RULE, [
        { ruleId: RULE, line: 51, column: 10, message: 'status.stage is "blocked" but status.risks names no risk; say what blocks the phase' },
      ]);
    });

    it("does not count blank risks", () => {
      expectDiagnostics(validateTexts({ "phases/P7.yaml": yamlStatus("blocked", "0.4", '["  "]') }), RULE, [
        { ruleId: RULE, line: 51, column: 10, message: /names no risk/ },
      ]);
    });

    it("reports a blocked phase with no risks key at the status block", () => {
      const text = replaceOnce(VALID_YAML, STATUS_YAML, "  stage: blocked\n  completion: 0.4\n");
      expectDiagnostics(validateTexts({ "phases/P7.yaml": text }), RULE, [{ ruleId: RULE, line: 49, column: 3, message: /names no risk/ }]);
    });

    it.each([
      ["done", "1"],
      ["done", "1.0"],
      ["planned", "0"],
      ["in_progress", "0.01"],
      ["in_progress", "0.99"],
      ["blocked", "0"],
      ["blocked", "0.7"],
    ])("accepts stage %s with completion %s", (stage, completion) => {
      expect(only(validateTexts({ "phases/P7.yaml": yamlStatus(stage, completion) }), RULE)).toEqual([]);
    });

    it("leaves wrong types and unknown stages to the schema", () => {
      for (const text of [
        yamlStatus("done", '"1"'),
        yamlStatus("finished", "0.4"),
        yamlStatus("[done]", "0.4"),
        replaceOnce(VALID_YAML, "status:\n", "status: done\nignored:\n"),
      ]) {
        expect(only(validateTexts({ "phases/P7.yaml": text }), RULE)).toEqual([]);
      }
    });
  });

  describe("JSON", () => {
    it("reports done with completion below 1 at status.completion", () => {
      expectDiagnostics(validateTexts({ "phases/P7.json": jsonStatus({ stage: "done", completion: 0.75 }) }), RULE, [
        { ruleId: RULE, line: 107, column: 19, message: 'status.stage is "done" but completion is 0.75; a done phase has completion 1' },
      ]);
    });

    it("reports a completion out of range at status.completion", () => {
      expectDiagnostics(validateTexts({ "phases/P7.json": jsonStatus({ completion: 40 }) }), RULE, [
        { ruleId: RULE, line: 107, column: 19, message: "status.completion is 40; it must be between 0 and 1" },
      ]);
    });

    it("reports a blocked phase without risks at status.risks", () => {
      expectDiagnostics(validateTexts({ "phases/P7.json": jsonStatus({ stage: "blocked", risks: [] }) }), RULE, [
        { ruleId: RULE, line: 108, column: 14, message: /"blocked" but status.risks names no risk/ },
      ]);
    });

    it("reports both disagreements of one status", () => {
      expectDiagnostics(validateTexts({ "phases/P7.json": jsonStatus({ stage: "blocked", completion: 2, risks: [] }) }), RULE, [
        { ruleId: RULE, line: 107, column: 19, message: /is 2; it must be between 0 and 1/ },
        { ruleId: RULE, line: 108, column: 14, message: /names no risk/ },
      ]);
    });

    it("accepts the canonical phase and a consistent done phase", () => {
      expect(only(validateTexts({ "phases/P7.json": toJson(validPhase()) }), RULE)).toEqual([]);
      expect(only(validateTexts({ "phases/P7.json": jsonStatus({ stage: "done", completion: 1, risks: [] }) }), RULE)).toEqual([]);
    });
  });
});
