import { defineBundleRule } from "../../compiler/check/rule.js";
import { EXAMPLE_PHASE_YAML, phaseBundle } from "../../compiler/check/rule-examples.js";

/** graph/duplicate-phase: two documents declare the same `phase_meta.phase_id`. */
export const duplicatePhase = defineBundleRule({
  id: "graph/duplicate-phase",
  scope: "bundle",
  reach: "dependencies",
  defaultSeverity: "error",
  doc: "Two documents share a phase_id.",
  details:
    "A phase id names one phase: its generated gate and tests, and the target of every depends_on and unblocks. " +
    "The first document by file path is the phase; each later one is reported at its phase_id.",
  messages: {
    duplicate: "phase {{phase}} is already defined in {{first}}",
  },
  examples: {
    failing: {
      description: "Two files both declare P7; the second by path is reported.",
      files: { ...phaseBundle(), "phases/x-P7.yaml": EXAMPLE_PHASE_YAML },
    },
    passing: {
      description: "Each file declares its own phase.",
      files: phaseBundle(),
    },
  },
  check({ graph }, report) {
    for (const entry of graph.phaseEntries()) {
      if (entry.duplicateOf === undefined) continue;
      report("duplicate", { file: entry.file, path: entry.idPath }, { phase: entry.phaseId, first: entry.duplicateOf });
    }
  },
});

export default duplicatePhase;
