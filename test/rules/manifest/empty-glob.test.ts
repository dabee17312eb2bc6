import { describe, expect, it } from "vitest";
import { EXAMPLE_MANIFEST_YAML, EXAMPLE_PHASE_YAML, EXAMPLE_MISSION_YAML } from "../../../compiler/check/rule-examples.js";
import { IncrementalChecker } from "../../../compiler/incremental.js";
import { ALL_RULES } from "../../../rules/index.js";
import rule from "../../../rules/manifest/empty-glob.js";
import { memoryHost } from "../../helpers/memory-host.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";

function bundle(globs: string, files: Record<string, string> = { "phases/P7.yaml": EXAMPLE_PHASE_YAML }): Record<string, string> {
  return { "spec-kit.yaml": `${EXAMPLE_MANIFEST_YAML}${globs}`, ...files };
}

// EXAMPLE_MANIFEST_YAML has 9 lines; the globs start on line 10.
describe("manifest/empty-glob", () => {
  it("reports a phases key none of whose globs matches a file, as an error at the key", () => {
    const result = checkFiles(bundle('phases: ["phase/**/*.yaml", "*.phase.json"]\n'));
    expectDiagnostics(result, rule.id, [
      { ruleId: rule.id, file: "spec-kit.yaml", line: 10, column: 1, severity: "error", message: 'phases selects no document: no file of the bundle matches "phase/**/*.yaml", "*.phase.json"' },
    ]);
    // Nothing was checked: the phase with the typo'd glob is not a document of the bundle.
    expect(result.summary.files).toBe(1);
  });

  it("reports each glob that matches nothing, as a warning at the glob, when another glob of the key matches", () => {
    expectDiagnostics(checkFiles(bundle('phases: ["phases/**/*.yaml", "phases/**/*.json"]\n')), rule.id, [
      { ruleId: rule.id, line: 10, column: 30, severity: "warning", message: 'phases glob "phases/**/*.json" matches no file of the bundle' },
    ]);
  });

  it("reports declared mission globs that select nothing, and a glob matching only the manifest", () => {
    expectDiagnostics(checkFiles(bundle('missions: ["mission/*.yaml"]\n', { "phases/P7.yaml": EXAMPLE_PHASE_YAML, "missions/m.yaml": EXAMPLE_MISSION_YAML })), rule.id, [
      { ruleId: rule.id, line: 10, column: 1, severity: "error", message: 'missions selects no document: no file of the bundle matches "mission/*.yaml"' },
    ]);
    expect(only(checkFiles(bundle('phases: ["*.yaml"]\n', {})), rule.id).map((d) => d.message)).toEqual([
      'phases selects no document: no file of the bundle matches "*.yaml"',
    ]);
  });

  it("tests every selected file against each glob, however many there are", () => {
    const phases = Object.fromEntries(["P7", "P8", "P9"].map((id) => [`phases/${id}.yaml`, EXAMPLE_PHASE_YAML.replace("phase_id: P7", `phase_id: ${id}`)]));
    expect(only(checkFiles(bundle('phases: ["phases/**/*.yaml", "extra/*.yaml"]\nmissions: ["mission/*.yaml"]\n', phases)), rule.id).map((d) => d.message)).toEqual([
      'phases glob "extra/*.yaml" matches no file of the bundle',
      'missions selects no document: no file of the bundle matches "mission/*.yaml"',
    ]);
  });

  it("never reports the default globs, nor an empty list", () => {
    expect(only(checkFiles(bundle("", {})), rule.id)).toEqual([]);
    expect(only(checkFiles(bundle("phases: []\n", {})), rule.id)).toEqual([]);
    expect(only(checkFiles(bundle('phases: ["phases/**/*.yaml"]\nmissions: ["missions/*.yaml"]\n', { "phases/P7.yaml": EXAMPLE_PHASE_YAML, "missions/m.yaml": EXAMPLE_MISSION_YAML })), rule.id)).toEqual([]);
  });

  it("follows files added and deleted in check --watch exactly as a full check does", () => {
    const files: Record<string, string> = bundle('phases: ["phases/**/*.yaml", "extra/*.yaml"]\n');
    const checker = new IncrementalChecker(memoryHost(files), { rules: ALL_RULES });
    const messages = (changed?: string[]) => only(checker.update(changed), rule.id).map((d) => `${d.severity} ${d.message}`);
    expect(messages()).toEqual(['warning phases glob "extra/*.yaml" matches no file of the bundle']);
    files["extra/P8.yaml"] = EXAMPLE_PHASE_YAML.replace("phase_id: P7", "phase_id: P8");
    expect(messages(["extra/P8.yaml"])).toEqual([]);
    delete files["extra/P8.yaml"];
    delete files["phases/P7.yaml"];
    expect(messages(["extra/P8.yaml", "phases/P7.yaml"])).toEqual([
      'error phases selects no document: no file of the bundle matches "phases/**/*.yaml", "extra/*.yaml"',
    ]);
    expect(only(checkFiles(files), rule.id).map((d) => `${d.severity} ${d.message}`)).toEqual(messages(["phases/P7.yaml"]));
  });

  it("flags its failing example and passes its passing example", () => {
    expect(only(checkFiles(rule.examples!.failing.files), rule.id)).toHaveLength(1);
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
