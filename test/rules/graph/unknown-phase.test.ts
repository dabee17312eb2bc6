import { describe, expect, it } from "vitest";
import rule from "../../../rules/graph/unknown-phase.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";
import { IncrementalChecker } from "../../../compiler/incremental.js";
import { ALL_RULES } from "../../../rules/index.js";
import { memoryHost } from "../../helpers/memory-host.js";

/** P1 unblocks P2 and P3; P2 and P3 depend on P1; P3 also on P2. */
function chain(): Record<string, string> {
  return jsonBundle([
    phaseReport("P1", { unblocks: ["P2", "P3"] }),
    phaseReport("P2", { dependsOn: ["P1"], unblocks: ["P3"] }),
    phaseReport("P3", { dependsOn: ["P1", "P2"] }),
  ]);
}

/** Every diagnostic as `rule messageId file:line`, for comparing whole results. */
function brief(result: { diagnostics: readonly { ruleId: string; messageId?: string; file: string; line: number }[] }): string[] {
  return result.diagnostics.map((d) => `${d.ruleId} ${d.messageId} ${d.file}:${d.line}`);
}

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

  describe("a phase document that does not load is presumed to declare the phase its file name names", () => {
    const broken: Record<string, string> = {
      "a YAML error": "phase_meta:\n  phase_id: P1\n  title: [unclosed\n  priority: high\n",
      "a duplicate key": "phase_meta:\n  phase_id: P1\n  priority: high\n  priority: low\n",
      "no readable phase_id": "phase_meta:\n  phase_idd: P1\n",
    };
    it.each(Object.keys(broken))("%s in P1 is reported in P1 alone, not as unknown P1 in the phases naming it", (kind) => {
      const files = { ...chain(), "phases/P1.json": "", "phases/P1.yaml": broken[kind]! };
      delete (files as Record<string, string>)["phases/P1.json"];
      const result = checkFiles(files);
      expect(only(result, rule.id)).toEqual([]);
      expect(result.diagnostics.filter((d) => d.file !== "phases/P1.yaml")).toEqual([]);
      expect(result.diagnostics.length).toBeGreaterThan(0);
    });

    it("the incremental engine agrees, after breaking and after fixing the file", () => {
      const files: Record<string, string> = { ...chain() };
      const engine = new IncrementalChecker(memoryHost(files), { rules: ALL_RULES });
      expect(brief(engine.update())).toEqual([]);
      files["phases/P1.json"] = '{"phase_meta": {"phase_id": "P1",';
      const broken = engine.update(["phases/P1.json"]);
      expect(brief(broken)).toEqual(brief(checkFiles(files)));
      expect(broken.diagnostics.map((d) => d.file)).toEqual(["phases/P1.json"]);
      files["phases/P1.json"] = JSON.stringify(phaseReport("P1", { unblocks: ["P2"] }));
      const fixed = engine.update(["phases/P1.json"]);
      expect(brief(fixed)).toEqual(brief(checkFiles(files)));
      expect(brief(fixed)).toEqual(["graph/asymmetric-edge missingUnblocks phases/P3.json:70"]);
    });

    it("a name that is not a file's name is still an unknown phase", () => {
      const files = { ...chain(), "phases/P1.json": "{" };
      files["phases/P2.json"] = JSON.stringify(phaseReport("P2", { dependsOn: ["P1", "P8"], unblocks: ["P3"] }));
      expect(only(checkFiles(files), rule.id).map((d) => d.message)).toEqual(["depends_on names P8, which no phase document in the bundle declares"]);
    });
  });

  describe("suggests the id a misspelt one most likely means", () => {
    it.each([
      ["S01", "S1"],
      ["p2", "P2"],
      ["PP2", "P2"],
      ["P-2", "P2"],
    ])("depends_on: [%s] -> did you mean %s?", (written, meant) => {
      const files = jsonBundle([phaseReport("S1", { unblocks: [] }), phaseReport("P2"), phaseReport("P3", { dependsOn: [written] })]);
      expectDiagnostics(checkFiles(files), rule.id, [
        { ruleId: rule.id, messageId: "unknownNear", file: "phases/P3.json", line: 70, column: 7, message: `depends_on names ${written}, which no phase document in the bundle declares; did you mean "${meant}"?` },
      ]);
    });

    it("offers no phase whose number differs: P9 is not a misspelt P1", () => {
      const files = jsonBundle([phaseReport("P1"), phaseReport("P3", { dependsOn: ["P9"] })]);
      expect(only(checkFiles(files), rule.id).map((d) => d.messageId)).toEqual(["unknown"]);
    });
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
