import { describe, expect, it } from "vitest";
import rule from "../../../rules/manifest/unknown-rule.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";

const RULE = "manifest/unknown-rule";

function manifest(rules: string): Record<string, string> {
  return { "spec-kit.yaml": `specKit: 1\nname: demo\nrules:\n${rules}` };
}

describe(RULE, () => {
  it("reports a rules key that is no rule id in the manifest, at the key, with the rule it most likely means", () => {
    expectDiagnostics(checkFiles(manifest("  protocol/key-order: off\n  protocol/key-ordr: off\n")), RULE, [
      {
        ruleId: RULE,
        messageId: "unknownNear",
        file: "spec-kit.yaml",
        line: 5,
        column: 3,
        message: 'rules names "protocol/key-ordr", which is not a rule id; did you mean "protocol/key-order"?',
      },
    ]);
  });

  it("finds a rule by its name without the area, and offers every rule of that name", () => {
    const result = checkFiles(manifest("  no-bypass: off\n  no-cycle: warning\n"));
    expect(only(result, RULE).map((d) => d.message)).toEqual([
      'rules names "no-bypass", which is not a rule id; did you mean "layers/no-bypass"?',
      'rules names "no-cycle", which is not a rule id; did you mean "code/no-cycle" or "graph/no-cycle"?',
    ]);
    expect(only(result, RULE)[0]?.data).toMatchObject({ suggestion: "layers/no-bypass" });
  });

  it("names the listing command when nothing is near", () => {
    expectDiagnostics(checkFiles(manifest("  acme/house-style: error\n")), RULE, [
      { ruleId: RULE, messageId: "unknown", line: 4, column: 3, message: 'rules names "acme/house-style", which is not a rule id (spec-kit rules lists them)' },
    ]);
  });

  it("checks a lone manifest given to validate too", () => {
    expect(only(validateTexts(manifest("  layers/no-bypas: off\n")), RULE).map((d) => d.messageId)).toEqual(["unknownNear"]);
  });

  it("has examples that fail and pass", () => {
    expect(only(checkFiles(rule.examples!.failing.files), RULE).map((d) => d.messageId)).toEqual(["unknownNear"]);
    expect(only(checkFiles(rule.examples!.passing.files), RULE)).toEqual([]);
  });
});
