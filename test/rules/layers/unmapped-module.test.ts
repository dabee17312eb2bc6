import { describe, expect, it } from "vitest";
import rule from "../../../rules/layers/unmapped-module.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const LAYERS = { specKit: 1, name: "m", layers: [{ id: "runtime-kernel", modules: ["src/runtime"] }] };

describe("layers/unmapped-module", () => {
  it.each(FORMATS)("reports a module under no layer's prefix at its item (%s)", (format) => {
    expectDiagnostics(checkFixture(`layers-errors-${format}`), rule.id, [
      {
        ruleId: rule.id,
        file: `phases/P7.${format}`,
        line: format === "yaml" ? 17 : 22,
        column: 7,
        message: "module src/session maps to no layer; add a prefix of it to a layer's modules in the manifest",
      },
    ]);
  });

  it("matches whole path segments only: src/runtime-extra is not under src/runtime", () => {
    const result = checkFiles(jsonBundle([phaseReport("P1", { writes: ["src/runtime/kernel", "src/runtime-extra", "src/runtime/"] })], LAYERS));
    expect(only(result, rule.id).map((d) => d.message)).toEqual([
      "module src/runtime-extra maps to no layer; add a prefix of it to a layer's modules in the manifest",
    ]);
  });

  it("names the ./ that keeps ./src/x from its layer, and the plain path to write", () => {
    const result = checkFiles(jsonBundle([phaseReport("P1", { writes: ["./src/runtime"], reads: ["./src/billing", "src/./runtime/kernel"] })], LAYERS));
    expect(only(result, rule.id).map((d) => [d.messageId, d.message, d.data?.["suggestion"]])).toEqual([
      ["dotSegment", 'module ./src/runtime maps to no layer because of its "./": layers match plain paths; write "src/runtime" (layer runtime-kernel)', "src/runtime"],
      [
        "dotSegmentUnmapped",
        'module ./src/billing maps to no layer: layers match plain paths, so write "src/billing", and add a prefix of it to a layer\'s modules in the manifest',
        "src/billing",
      ],
      ["dotSegment", 'module src/./runtime/kernel maps to no layer because of its "./": layers match plain paths; write "src/runtime/kernel" (layer runtime-kernel)', "src/runtime/kernel"],
    ]);
  });

  it("does nothing when the manifest has no layers section", () => {
    const result = checkFiles(jsonBundle([phaseReport("P1", { writes: ["src/anything"], reads: ["lib/other"] })]));
    expect(only(result, rule.id)).toEqual([]);
  });

  it.each(FORMATS)("is silent when every module maps to a layer (%s)", (format) => {
    expect(only(checkFixture(`layers-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
