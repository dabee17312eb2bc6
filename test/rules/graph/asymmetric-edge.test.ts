import { describe, expect, it } from "vitest";
import rule from "../../../rules/graph/asymmetric-edge.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

describe("graph/asymmetric-edge", () => {
  it.each(FORMATS)("reports each edge without its partner at the item that has none (%s)", (format) => {
    expectDiagnostics(checkFixture(`graph-errors-${format}`), rule.id, [
      {
        ruleId: rule.id,
        file: `phases/P4.${format}`,
        line: format === "yaml" ? 58 : 78,
        column: 7,
        message: "P4 unblocks P1, but P1 does not list P4 in depends_on",
      },
      {
        ruleId: rule.id,
        file: `phases/P5.${format}`,
        line: format === "yaml" ? 57 : 77,
        column: 7,
        message: "P5 depends on P4, but P4 does not list P5 in unblocks",
      },
    ]);
  });

  it("leaves phases the bundle lacks to graph/unknown-phase", () => {
    const result = checkFiles(jsonBundle([phaseReport("P1", { dependsOn: ["P0"], unblocks: ["P2"] })]));
    expect(only(result, rule.id)).toEqual([]);
    expect(only(result, "graph/unknown-phase")).toHaveLength(2);
  });

  it.each(FORMATS)("is silent when both ends of every edge are written (%s)", (format) => {
    expect(only(checkFixture(`graph-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
