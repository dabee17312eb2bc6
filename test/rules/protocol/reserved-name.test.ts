import { describe, expect, it } from "vitest";
import { windowsDeviceName } from "../../../compiler/portable-names.js";
import rule from "../../../rules/protocol/reserved-name.js";
import { expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, replaceOnce, toJson, validPhase } from "./phase-texts.js";

describe("protocol/reserved-name", () => {
  it("reports a device name as phase id at the id, in YAML", () => {
    expectDiagnostics(validateTexts({ "phases/P7.yaml": replaceOnce(VALID_YAML, "phase_id: P7", "phase_id: nul") }), rule.id, [
      {
        ruleId: rule.id,
        line: 2,
        column: 13,
        severity: "error",
        message: 'phase id "nul" is the Windows device name NUL: its generated files, such as gates/nul.ts, cannot exist on Windows; choose another id',
      },
    ]);
  });

  it.each(["CON", "Prn", "aux", "COM1", "lpt9", "CONIN$"])("reports %s, in JSON", (id) => {
    const phase = validPhase();
    phase.phase_meta.phase_id = id;
    expectDiagnostics(validateTexts({ "phases/P7.json": toJson(phase) }), rule.id, [{ ruleId: rule.id, line: 3, column: 17 }]);
  });

  it.each(["P1", "CONSOLE", "COM10", "NULL", "LPT", "aux1", "CON-1"])("is silent on %s", (id) => {
    const phase = validPhase();
    phase.phase_meta.phase_id = id;
    expect(only(validateTexts({ "phases/P7.json": toJson(phase) }), rule.id)).toEqual([]);
  });

  it("knows device names with extensions and trailing spaces, as the generated file names carry them", () => {
    expect(["CON.ts", "nul.test.ts", "com1 .ts", "Aux"].map(windowsDeviceName)).toEqual(["CON", "NUL", "COM1", "AUX"]);
    expect(["gates", "con-x.ts", "P7.ts", ".nul"].map(windowsDeviceName)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("flags its failing example with this rule alone and passes its passing example", () => {
    const failing = validateTexts(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([rule.id]);
    expect(validateTexts(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
