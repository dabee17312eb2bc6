import { asRecord, own, stringItems } from "../../compiler/guards.js";
import { definePhaseRule } from "../../compiler/check/rule.js";
import { EXAMPLE_PHASE_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

/** protocol/status-consistency: `status.stage` agrees with `completion` and `risks`. */
export const statusConsistency = definePhaseRule({
  id: "protocol/status-consistency",
  scope: "phase",
  defaultSeverity: "error",
  doc: "status.stage disagrees with status.completion or status.risks.",
  details: [
    "status.completion is a fraction in [0, 1]. The stage fixes what it may be: planned means 0, done means 1,",
    "in_progress means strictly between 0 and 1. A blocked phase names at least one risk that blocks it.",
    "Findings point at status.completion or status.risks. A completion outside [0, 1] is reported alone,",
    "since no stage can agree with it; wrong types and unknown stages are protocol/schema's findings.",
  ].join("\n"),
  messages: {
    outOfRange: "status.completion is {{completion}}; it must be between 0 and 1",
    done: 'status.stage is "done" but completion is {{completion}}; a done phase has completion 1',
    planned: 'status.stage is "planned" but completion is {{completion}}; a planned phase has completion 0',
    inProgress: 'status.stage is "in_progress" but completion is {{completion}}; it must be strictly between 0 and 1',
    blockedWithoutRisk: 'status.stage is "blocked" but status.risks names no risk; say what blocks the phase',
  },
  examples: {
    failing: {
      description: "A phase marked done at 50% completion.",
      files: { "phases/P7.yaml": phaseYaml({ replace: { "stage: in_progress": "stage: done" } }) },
    },
    passing: {
      description: "A phase in progress at 50% completion.",
      files: { "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
  check({ phase }, report) {
    const status = asRecord(own(phase.data, "status"));
    if (!status) return;
    const file = phase.document.file;
    const stage = own(status, "stage");
    const completion = own(status, "completion");
    const at = { file, path: ["status", "completion"] };
    if (typeof completion === "number") {
      const data = { completion: String(completion) };
      if (!(completion >= 0 && completion <= 1)) report("outOfRange", at, data);
      else if (stage === "done" && completion !== 1) report("done", at, data);
      else if (stage === "planned" && completion !== 0) report("planned", at, data);
      else if (stage === "in_progress" && (completion === 0 || completion === 1)) report("inProgress", at, data);
    }
    if (stage === "blocked" && !stringItems(own(status, "risks")).some((risk) => risk.value.trim() !== "")) {
      report("blockedWithoutRisk", { file, path: ["status", "risks"] }, {});
    }
  },
});

export default statusConsistency;
