import { defineBundleRule } from "../../compiler/check/rule.js";

const MANIFEST = "specKit: 1\nname: example\n";

function phase(id: string, dependsOn: string, unblocks: string): string {
  return `phase_meta: {phase_id: ${id}, title: Phase ${id}, priority: high, version: v1, owner: core}
objective: {problem: the gap, outcome: the outcome}
invariants: [events are append-only]
module_scope: {write_modules: [src/session], read_modules: [], external_surfaces: []}
data_models: []
flow: {trigger: a signal arrives, steps: [do the work], exit_conditions: [work done]}
guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [events are append-only], integration: [], e2e: []}
acceptance: [failed checks = 0]
rollback: {trigger: checks fail, action: revert, target_version: v1}
dependency_graph: {depends_on: [${dependsOn}], unblocks: [${unblocks}]}
status: {stage: planned, completion: 0, risks: [], next_actions: []}
`;
}

/** graph/unknown-phase: `depends_on` or `unblocks` names a phase no document of the bundle declares. */
export const unknownPhase = defineBundleRule({
  id: "graph/unknown-phase",
  scope: "bundle",
  defaultSeverity: "error",
  doc: "depends_on/unblocks names a phase the bundle lacks.",
  details: "Every phase named in dependency_graph must be declared by a phase document of the bundle; a typo or a missing file breaks the plan.",
  messages: {
    unknown: "{{field}} names {{phase}}, which no phase document in the bundle declares",
  },
  examples: {
    failing: {
      description: "P2 depends on P1, which is not in the bundle.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P2.yaml": phase("P2", "P1", "") },
    },
    passing: {
      description: "Both phases are present and name each other.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P1.yaml": phase("P1", "", "P2"), "phases/P2.yaml": phase("P2", "P1", "") },
    },
  },
  check({ graph }, report) {
    for (const entry of graph.phaseEntries()) {
      for (const [field, items] of [["depends_on", entry.dependsOn], ["unblocks", entry.unblocks]] as const) {
        for (const item of items) {
          if (!graph.hasPhase(item.value)) report("unknown", { file: entry.file, path: item.path }, { field, phase: item.value });
        }
      }
    }
  },
});

export default unknownPhase;
