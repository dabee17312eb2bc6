import { describe, expect, it } from "vitest";
import rule from "../../../rules/graph/duplicate-phase.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture } from "../../bind/fixture-bundles.js";

describe("graph/duplicate-phase", () => {
  it.each(FORMATS)("reports the later document at its phase_id, naming the first (%s)", (format) => {
    expectDiagnostics(checkFixture(`graph-errors-${format}`), rule.id, [
      {
        ruleId: rule.id,
        file: `phases/x-P1.${format}`,
        line: format === "yaml" ? 2 : 3,
        column: format === "yaml" ? 13 : 17,
        message: `phase P1 is already defined in phases/P1.${format}`,
      },
    ]);
  });

  it.each(FORMATS)("is silent on a bundle of distinct phases (%s)", (format) => {
    expect(only(checkFixture(`graph-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
