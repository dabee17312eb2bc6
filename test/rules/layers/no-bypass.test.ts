import { describe, expect, it } from "vitest";
import rule from "../../../rules/layers/no-bypass.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const MANIFEST = {
  specKit: 1,
  name: "m",
  layers: [
    { id: "execution-pools", modules: ["src/tools"] },
    { id: "runtime-kernel", modules: ["src/runtime"] },
    { id: "reporting", modules: ["src/observability"] },
  ],
  allow: [{ from: "execution-pools", to: "runtime-kernel" }],
};

describe("layers/no-bypass", () => {
  it.each(FORMATS)("reports a flow missing from allow at the write item, naming both modules and layers (%s)", (format) => {
    expectDiagnostics(checkFixture(`layers-errors-${format}`), rule.id, [
      {
        ruleId: rule.id,
        file: `phases/P7.${format}`,
        line: format === "yaml" ? 14 : 18,
        column: 7,
        message:
          "src/tools (execution-pools) -> src/runtime/events/ledger (runtime-events): the flow execution-pools -> runtime-events is not in allow",
      },
    ]);
  });

  it("reports one finding per disallowed read (sorted by message at one spot), only in the disallowed direction", () => {
    const result = checkFiles(
      jsonBundle(
        [
          phaseReport("P1", { reads: ["src/tools", "src/runtime"], writes: ["src/observability"] }),
          phaseReport("P2", { reads: ["src/runtime"], writes: ["src/tools"] }),
          phaseReport("P3", { reads: ["src/tools", "src/runtime/a"], writes: ["src/runtime/b"] }),
        ],
        MANIFEST,
      ),
    );
    expect(only(result, rule.id).map((d) => `${d.file} ${d.message}`)).toEqual([
      "phases/P1.json src/runtime (runtime-kernel) -> src/observability (reporting): the flow runtime-kernel -> reporting is not in allow",
      "phases/P1.json src/tools (execution-pools) -> src/observability (reporting): the flow execution-pools -> reporting is not in allow",
      "phases/P2.json src/runtime (runtime-kernel) -> src/tools (execution-pools): the flow runtime-kernel -> execution-pools is not in allow",
    ]);
  });

  it("does nothing when the manifest has no layers section", () => {
    const result = checkFiles(jsonBundle([phaseReport("P1", { reads: ["src/tools"], writes: ["src/observability"] })]));
    expect(only(result, rule.id)).toEqual([]);
  });

  it.each(FORMATS)("is silent when every cross-layer flow is allowed (%s)", (format) => {
    expect(only(checkFixture(`layers-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
