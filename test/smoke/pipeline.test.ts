import { describe, expect, it } from "vitest";
import { checkFiles } from "../helpers/rule-tester.js";

describe("pipeline", () => {
  it("reports a missing manifest at the bundle root", () => {
    const result = checkFiles({ "phases/P1.yaml": "a: 1\n" });
    expect(result.diagnostics.map((d) => [d.ruleId, d.file, d.line, d.column])).toEqual([["manifest/schema", "spec-kit.yaml", 1, 1]]);
    expect(result.summary.errors).toBe(1);
  });
});
