import { describe, expect, it } from "vitest";
import rule from "../../../rules/protocol/exact-acceptance.js";
import { expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, replaceOnce, toJson, validPhase } from "./phase-texts.js";

const ACCEPTANCE_YAML = "  - cross-tenant access success rate = 0%\n  - lease validation latency p99 <= 5 ms\n";

function yamlAcceptance(...criteria: string[]): string {
  return replaceOnce(VALID_YAML, ACCEPTANCE_YAML, criteria.map((c) => `  - ${c}\n`).join(""));
}

describe("protocol/exact-acceptance", () => {
  it("reports each criterion it cannot read exactly at the criterion, as a warning naming why", () => {
    const result = validateTexts({
      "phases/P7.yaml": yamlAcceptance("queue depth < 1e309", "queue depth < 1_000 tasks", "latency < 5 ms and error rate low", "latency between 5 and 10 ms"),
    });
    expectDiagnostics(result, rule.id, [
      {
        ruleId: rule.id,
        line: 39,
        column: 5,
        severity: "warning",
        message: 'acceptance criterion "queue depth < 1e309": 1e309 is too large for a number; write a threshold a test can compare with',
      },
      {
        ruleId: rule.id,
        line: 41,
        column: 5,
        message:
          'acceptance criterion "latency < 5 ms and error rate low" has a clause that states no threshold it can read ("error rate low"); join comparisons with "and", each with its own metric and threshold',
      },
      {
        ruleId: rule.id,
        line: 42,
        column: 5,
        message: 'acceptance criterion "latency between 5 and 10 ms" states a range (between 5 and 10); write two criteria, one with >= and one with <=',
      },
    ]);
    // One warning per criterion: measurable-acceptance stays silent on these.
    expect(only(result, "protocol/measurable-acceptance")).toEqual([]);
  });

  it.each([
    ["latency < 1,00 ms", "ambiguousNumber", "1,00 is not one number"],
    ["latency < 12345678901234567891 ms", "imprecise", "has more digits than a number holds exactly"],
    ["throughput > 5k requests", "multiplier", "5k has a multiplier suffix"],
    ["latency < 5 ms or cached", "disjunction", 'joins a comparison with "or"'],
    ["latency stays under the 5 ms budget", "unread", 'not as "metric comparator threshold"'],
  ])("reports %j with the %s message, in JSON", (criterion, messageId, text) => {
    const phase = validPhase();
    phase.acceptance = [criterion];
    const found = only(validateTexts({ "phases/P7.json": toJson(phase) }), rule.id);
    expect(found.map((d) => `${d.line}:${d.column}`)).toEqual(["88:5"]);
    expect(found[0]!.message).toContain(text);
    expect(rule.messages[messageId as keyof typeof rule.messages]).toBeDefined();
  });

  it("is silent on criteria that read exactly, and on prose (measurable-acceptance's finding)", () => {
    const result = validateTexts({
      "phases/P7.yaml": yamlAcceptance("queue depth < 1_000 tasks", "errors < 5 per 1,000 requests", "p99 latency < 5 ms and error rate < 0x10 %", "cross-tenant access denied"),
    });
    expect(only(result, rule.id)).toEqual([]);
    expect(only(result, "protocol/measurable-acceptance")).toHaveLength(1);
    expect(only(validateTexts({ "phases/P7.yaml": VALID_YAML }), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example", () => {
    expect(validateTexts(rule.examples!.failing.files).diagnostics.map((d) => d.ruleId)).toEqual([rule.id]);
    expect(validateTexts(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
