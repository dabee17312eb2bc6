import { describe, expect, it } from "vitest";
import { expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, replaceOnce, toJson, validPhase } from "./phase-texts.js";

const RULE = "protocol/measurable-acceptance";
const ACCEPTANCE_YAML = "  - cross-tenant access success rate = 0%\n  - lease validation latency p99 <= 5 ms\n";

function yamlAcceptance(...criteria: string[]): string {
  return replaceOnce(VALID_YAML, ACCEPTANCE_YAML, criteria.map((c) => `  - ${c}\n`).join(""));
}

function jsonAcceptance(...criteria: unknown[]): string {
  const phase = validPhase();
  phase.acceptance = criteria;
  return toJson(phase);
}

function notMeasurable(criterion: string): string {
  return `acceptance criterion "${criterion}" is not measurable: state a metric, a comparator and a threshold, like "p99 latency <= 5 ms"`;
}

describe(RULE, () => {
  describe("YAML", () => {
    it("reports each criterion without a comparison at the criterion", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlAcceptance("cross-tenant access denied", "p99 <= 5 ms", "measurable criterion 1") });
      expectDiagnostics(result, RULE, [
        { ruleId: RULE, line: 39, column: 5, message: notMeasurable("cross-tenant access denied"), severity: "warning" },
        { ruleId: RULE, line: 41, column: 5, message: notMeasurable("measurable criterion 1") },
      ]);
    });

    it("shortens a long criterion in the message", () => {
      const long = `legal transitions only ${"and reject loops ".repeat(10)}`.trim();
      const result = validateTexts({ "phases/P7.yaml": yamlAcceptance(long) });
      expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 39, column: 5, message: notMeasurable(`${long.slice(0, 59)}…`) }]);
    });

    it.each([
      "MTTR under 15 minutes",
      "zero cross-tenant leaks",
      "all execution through the unified gate",
      "latency stays under the 5 ms budget",
      "replay drift of 0.1% or less",
    ])("accepts %j", (criterion) => {
      expect(only(validateTexts({ "phases/P7.yaml": yamlAcceptance(criterion) }), RULE)).toEqual([]);
    });

    it("accepts the canonical phase", () => {
      expect(only(validateTexts({ "phases/P7.yaml": VALID_YAML }), RULE)).toEqual([]);
    });

    it("skips blank and non-string criteria and a non-list acceptance", () => {
      expect(only(validateTexts({ "phases/P7.yaml": yamlAcceptance('""', "42", "{ metric: x }") }), RULE)).toEqual([]);
      expect(only(validateTexts({ "phases/P7.yaml": replaceOnce(VALID_YAML, `acceptance:\n${ACCEPTANCE_YAML}`, "acceptance: fast\n") }), RULE)).toEqual([]);
    });
  });

  describe("JSON", () => {
    it("reports each criterion without a comparison at the criterion", () => {
      const result = validateTexts({ "phases/P7.json": jsonAcceptance("cross-tenant access success rate = 0%", "lease validation is fast") });
      expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 89, column: 5, message: notMeasurable("lease validation is fast") }]);
    });

    it("skips values that are not strings", () => {
      const result = validateTexts({ "phases/P7.json": jsonAcceptance(5, null, ["nested"], "fast enough") });
      expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 93, column: 5, message: notMeasurable("fast enough") }]);
    });

    it("accepts the canonical phase", () => {
      expect(only(validateTexts({ "phases/P7.json": toJson(validPhase()) }), RULE)).toEqual([]);
    });
  });
});
