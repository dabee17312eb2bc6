import { defineBundleRule } from "../../compiler/check/rule.js";

const MANIFEST = "specKit: 1\nname: example\n";

function phase(id: string, title: string): string {
  return `phase_meta: {phase_id: ${id}, title: ${title}, priority: high, version: v1, owner: core}
objective: {problem: transitions are unchecked, outcome: only legal transitions run}
invariants: [transition events are append-only]
module_scope: {write_modules: [src/session], read_modules: [], external_surfaces: []}
data_models: []
flow: {trigger: a signal arrives, steps: [check the transition], exit_conditions: [transition applied]}
guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [transition events are append-only], integration: [], e2e: []}
acceptance: [illegal transitions accepted = 0]
rollback: {trigger: legal transitions fail, action: revert, target_version: v1}
dependency_graph: {depends_on: [], unblocks: []}
status: {stage: planned, completion: 0, risks: [], next_actions: []}
`;
}

/** graph/duplicate-phase: two documents declare the same `phase_meta.phase_id`. */
export const duplicatePhase = defineBundleRule({
  id: "graph/duplicate-phase",
  scope: "bundle",
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
      description: "Two files both declare P1; the second by path is reported.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P1.yaml": phase("P1", "State machine lock"), "phases/x-P1.yaml": phase("P1", "State machine lock again") },
    },
    passing: {
      description: "Each file declares its own phase.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P1.yaml": phase("P1", "State machine lock") },
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
