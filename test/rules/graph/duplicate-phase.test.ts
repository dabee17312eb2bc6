import { describe, expect, it } from "vitest";
import rule from "../../../rules/graph/duplicate-phase.js";
import { EXAMPLE_PHASE_YAML, phaseBundle } from "../../../compiler/check/rule-examples.js";
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

  it("reports a phase id that differs from another only in case, at the later id", () => {
    const files = { ...phaseBundle(), "phases/lower.yaml": EXAMPLE_PHASE_YAML.replace("phase_id: P7", "phase_id: p7") };
    expectDiagnostics(checkFiles(files), rule.id, [
      {
        ruleId: rule.id,
        file: "phases/lower.yaml",
        line: 1,
        column: 24,
        severity: "error",
        message: "phase p7 differs from phase P7 of phases/P7.yaml only in case; their generated files would be one file on a case-insensitive file system",
      },
    ]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
