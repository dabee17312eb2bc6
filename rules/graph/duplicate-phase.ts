import { defineBundleRule } from "../../compiler/check/rule.js";
import { EXAMPLE_PHASE_YAML, phaseBundle } from "../../compiler/check/rule-examples.js";
import { foldedName } from "../../compiler/portable-names.js";

/** graph/duplicate-phase: two documents declare the same `phase_meta.phase_id`. */
export const duplicatePhase = defineBundleRule({
  id: "graph/duplicate-phase",
  scope: "bundle",
  reach: "dependencies",
  defaultSeverity: "error",
  doc: "Two documents share a phase_id, or phase_ids that differ only in case.",
  details:
    "A phase id names one phase: its generated gate and tests, and the target of every depends_on and unblocks. " +
    "The first document by file path is the phase; each later one is reported at its phase_id. Ids that differ only " +
    "in case (P1 and p1) are reported too: their generated files (gates/P1.ts and gates/p1.ts) are one file on a " +
    "case-insensitive file system, as on Windows and macOS by default.",
  messages: {
    duplicate: "phase {{phase}} is already defined in {{first}}",
    caseOnly: "phase {{phase}} differs from phase {{other}} of {{first}} only in case; their generated files would be one file on a case-insensitive file system",
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
    const byFolded = new Map<string, { phaseId: string; file: string }>();
    for (const entry of graph.phaseEntries()) {
      if (entry.duplicateOf !== undefined) {
        report("duplicate", { file: entry.file, path: entry.idPath }, { phase: entry.phaseId, first: entry.duplicateOf });
        continue;
      }
      const folded = foldedName(entry.phaseId);
      const first = byFolded.get(folded);
      if (first === undefined) byFolded.set(folded, entry);
      else report("caseOnly", { file: entry.file, path: entry.idPath }, { phase: entry.phaseId, other: first.phaseId, first: first.file });
    }
  },
});

export default duplicatePhase;
