import { describe, expect, it } from "vitest";
import rule from "../../../rules/graph/unknown-phase.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

describe("graph/unknown-phase", () => {
  it.each(FORMATS)("reports a depends_on item naming a missing phase (%s)", (format) => {
    expectDiagnostics(checkFixture(`graph-errors-${format}`), rule.id, [
      {
        ruleId: rule.id,
        file: `phases/P3.${format}`,
        line: format === "yaml" ? 58 : 78,
        column: 7,
        message: "depends_on names P9, which no phase document in the bundle declares",
      },
    ]);
  });

  it("reports an unblocks item too, and every unknown item of a list", () => {
    const result = checkFiles(jsonBundle([phaseReport("P1", { unblocks: ["P2", "P3"] })]));
    expect(only(result, rule.id).map((d) => d.message)).toEqual([
      "unblocks names P2, which no phase document in the bundle declares",
      "unblocks names P3, which no phase document in the bundle declares",
    ]);
  });

  it.each(FORMATS)("is silent when every named phase exists (%s)", (format) => {
    expect(only(checkFixture(`graph-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
