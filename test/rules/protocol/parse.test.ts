import { describe, expect, it } from "vitest";
import { PARSE_MESSAGES } from "../../../compiler/load/parse-messages.js";
import parse from "../../../rules/protocol/parse.js";
import { expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, toJson, validPhase } from "./phase-texts.js";

const RULE = "protocol/parse";

describe(RULE, () => {
  it("is a load-stage rule whose messages are the loader's", () => {
    expect(parse.scope).toBe("stage");
    expect(parse.scope === "stage" && parse.stage).toBe("load");
    expect(parse.messages).toBe(PARSE_MESSAGES);
  });

  describe("YAML", () => {
    it("reports a syntax error where it is, and nothing else about the file", () => {
      const result = validateTexts({ "phases/P7.yaml": "phase_meta:\n  phase_id: P7\ninvariants: [one, two\nstatus: {}\n" });
      expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 4, column: 1, message: /^invalid YAML: /, severity: "error" }]);
      expect(result.diagnostics.map((d) => d.ruleId)).toEqual([RULE]);
    });

    it("refuses aliases", () => {
      const text = "phase_meta: &meta\n  phase_id: P7\nobjective: *meta\n";
      expectDiagnostics(validateTexts({ "phases/P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 3, column: 12, message: PARSE_MESSAGES.yamlAliases },
      ]);
    });

    it("refuses a duplicate key", () => {
      const text = "phase_meta:\n  phase_id: P7\n  phase_id: P8\n";
      expectDiagnostics(validateTexts({ "phases/P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 3, column: 3, message: 'duplicate key "phase_id": it is already defined on line 2' },
      ]);
    });

    it("loads the canonical phase", () => {
      expect(only(validateTexts({ "phases/P7.yaml": VALID_YAML }), RULE)).toEqual([]);
    });
  });

  describe("JSON", () => {
    it("reports a trailing comma at the character after it", () => {
      const text = '{\n  "phase_meta": {\n    "phase_id": "P7",\n  }\n}\n';
      expectDiagnostics(validateTexts({ "phases/P7.json": text }), RULE, [
        { ruleId: RULE, line: 4, column: 3, message: /^unexpected character '\}', expected / },
      ]);
    });

    it("reports an unterminated document at its end", () => {
      expectDiagnostics(validateTexts({ "phases/P7.json": '{\n  "phase_meta": {\n' }), RULE, [
        { ruleId: RULE, line: 3, column: 1, message: /^unexpected end of file, expected / },
      ]);
    });

    it("loads the canonical phase", () => {
      expect(only(validateTexts({ "phases/P7.json": toJson(validPhase()) }), RULE)).toEqual([]);
    });
  });
});
