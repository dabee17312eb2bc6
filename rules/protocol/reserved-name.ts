import { own } from "../../compiler/guards.js";
import { definePhaseRule } from "../../compiler/check/rule.js";
import { EXAMPLE_PHASE_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";
import { windowsDeviceName } from "../../compiler/portable-names.js";

/** protocol/reserved-name: a phase id that cannot name a file on Windows. */
export const reservedName = definePhaseRule({
  id: "protocol/reserved-name",
  scope: "phase",
  defaultSeverity: "error",
  doc: "A phase id is a Windows device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9), which cannot name its generated files.",
  details: [
    "A phase id names the phase's generated files: gates/<ID>.ts, state-machines/<ID>.ts and tests/<ID>.test.ts.",
    "Windows reserves the device names CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0–COM9 and LPT0–LPT9 in any case and",
    "with any extension, so gates/nul.ts cannot be created or checked out there, and a committed output folder breaks",
    "every Windows clone. apply generates nothing for a bundle with such an id, whatever this rule's severity.",
  ].join("\n"),
  messages: {
    deviceName: 'phase id "{{id}}" is the Windows device name {{device}}: its generated files, such as gates/{{id}}.ts, cannot exist on Windows; choose another id',
  },
  examples: {
    failing: {
      description: "The phase is called AUX, a device name on Windows.",
      files: { "phases/P7.yaml": phaseYaml({ replace: { "phase_id: P7": "phase_id: AUX" } }) },
    },
    passing: {
      description: "P7 names ordinary files everywhere.",
      files: { "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
  check({ phase }, report) {
    const id = own(own(phase.data, "phase_meta"), "phase_id");
    if (typeof id !== "string") return;
    const device = windowsDeviceName(id);
    if (device !== undefined) report("deviceName", { file: phase.document.file, path: ["phase_meta", "phase_id"] }, { id, device });
  },
});

export default reservedName;
