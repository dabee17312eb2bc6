import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTRACT_ORDER } from "../../../rules/protocol/key-order.js";
import { expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, reorder, reorderYaml, toJson, validPhase } from "./phase-texts.js";

const RULE = "protocol/key-order";
const withoutObjective = CONTRACT_ORDER.filter((key) => key !== "objective");

describe(RULE, () => {
  it("lists the keys the phase report schema requires, in the same order", () => {
    const schema = JSON.parse(readFileSync(new URL("../../../schemas/phase-report.schema.json", import.meta.url), "utf8"));
    expect(CONTRACT_ORDER).toEqual(schema.required);
  });

  describe("YAML", () => {
    it("reports a key written too early at that key, naming the key it belongs after", () => {
      const text = reorderYaml(VALID_YAML, ["phase_meta", "objective", "invariants", "module_scope", "flow"]);
      expectDiagnostics(validateTexts({ "phases/P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 17, column: 1, message: '"flow" should come after "data_models" (contract order)', severity: "warning" },
      ]);
    });

    it("reports a key written too late at that key, naming the key it belongs before", () => {
      const text = reorderYaml(VALID_YAML, [...withoutObjective, "objective"]);
      expectDiagnostics(validateTexts({ "phases/P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 50, column: 1, message: '"objective" should come before "invariants" (contract order)' },
      ]);
    });

    it("reports once per document however many keys are out of place", () => {
      const text = reorderYaml(VALID_YAML, ["status", "phase_meta", "flow", "objective"]);
      expectDiagnostics(validateTexts({ "phases/P7.yaml": text }), RULE, [
        { ruleId: RULE, line: 1, column: 1, message: '"status" should come after "dependency_graph" (contract order)' },
      ]);
    });

    it("accepts the contract order", () => {
      expect(only(validateTexts({ "phases/P7.yaml": VALID_YAML }), RULE)).toEqual([]);
    });

    it("ignores missing and unknown keys", () => {
      const text = "notes: first\nphase_meta: { phase_id: P7 }\nextra: 1\nacceptance: [x = 1]\nstatus: {}\n";
      expect(only(validateTexts({ "phases/P7.yaml": text }), RULE)).toEqual([]);
    });

    it("does not crash on a document that is not a mapping", () => {
      const result = validateTexts({ "phases/P7.yaml": "- status\n- phase_meta\n" });
      expect(only(result, RULE)).toEqual([]);
    });
  });

  describe("JSON", () => {
    it("reports a key written too early", () => {
      const text = toJson(reorder(validPhase(), ["phase_meta", "objective", "invariants", "module_scope", "flow"]));
      expectDiagnostics(validateTexts({ "phases/P7.json": text }), RULE, [
        { ruleId: RULE, line: 32, column: 3, message: '"flow" should come after "data_models" (contract order)' },
      ]);
    });

    it("reports a key written too late", () => {
      const text = toJson(reorder(validPhase(), [...withoutObjective, "objective"]));
      expectDiagnostics(validateTexts({ "phases/P7.json": text }), RULE, [
        { ruleId: RULE, line: 111, column: 3, message: '"objective" should come before "invariants" (contract order)' },
      ]);
    });

    it("reports a key moved to the front", () => {
      const text = toJson(reorder(validPhase(), ["status"]));
      expectDiagnostics(validateTexts({ "phases/P7.json": text }), RULE, [
        { ruleId: RULE, line: 2, column: 3, message: '"status" should come after "dependency_graph" (contract order)' },
      ]);
    });

    it("accepts the contract order", () => {
      expect(only(validateTexts({ "phases/P7.json": toJson(validPhase()) }), RULE)).toEqual([]);
    });
  });
});
