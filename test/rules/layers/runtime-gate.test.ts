import { describe, expect, it } from "vitest";
import rule from "../../../rules/layers/runtime-gate.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const MANIFEST = {
  specKit: 1,
  name: "m",
  layers: [
    { id: "runtime-kernel", modules: ["src/runtime"], gated: true },
    { id: "reporting", modules: ["src/observability"] },
  ],
};

describe("layers/runtime-gate", () => {
  it.each(FORMATS)("reports the missing gates at guardrails.runtime_gate (%s)", (format) => {
    expectDiagnostics(checkFixture(`layers-errors-${format}`), rule.id, [
      {
        ruleId: rule.id,
        file: `phases/P7.${format}`,
        line: format === "yaml" ? 36 : 51,
        column: format === "yaml" ? 5 : 21,
        message: "writes src/security in gated layer runtime-kernel but guardrails.runtime_gate lacks sandbox, token",
      },
    ]);
  });

  it("names every missing gate, and ignores phases that only read a gated layer or write an ungated one", () => {
    const result = checkFiles(
      jsonBundle(
        [
          phaseReport("P1", { writes: ["src/runtime/ledger"], runtimeGate: [] }),
          phaseReport("P2", { reads: ["src/runtime"], writes: ["src/observability"], runtimeGate: [] }),
        ],
        MANIFEST,
      ),
    );
    expect(only(result, rule.id).map((d) => `${d.file} ${d.message}`)).toEqual([
      "phases/P1.json writes src/runtime/ledger in gated layer runtime-kernel but guardrails.runtime_gate lacks budget, timeout, sandbox, token",
    ]);
  });

  it("does nothing when the manifest has no layers section", () => {
    expect(only(checkFiles(jsonBundle([phaseReport("P1", { runtimeGate: [] })])), rule.id)).toEqual([]);
  });

  it.each(FORMATS)("is silent when all four gates are listed (%s)", (format) => {
    expect(only(checkFixture(`layers-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
