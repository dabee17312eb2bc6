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

/** graph/asymmetric-edge: A `unblocks` B exactly when B `depends_on` A; an edge without its partner is reported. */
export const asymmetricEdge = defineBundleRule({
  id: "graph/asymmetric-edge",
  scope: "bundle",
  defaultSeverity: "error",
  doc: "An unblocks edge has no matching depends_on, or the reverse.",
  details:
    "dependency_graph is written twice, once from each end: A unblocks B exactly when B depends_on A. " +
    "The item that has no partner is reported; phases the bundle lacks are left to graph/unknown-phase.",
  messages: {
    missingDependsOn: "{{from}} unblocks {{to}}, but {{to}} does not list {{from}} in depends_on",
    missingUnblocks: "{{from}} depends on {{to}}, but {{to}} does not list {{from}} in unblocks",
  },
  examples: {
    failing: {
      description: "P1 unblocks P2, but P2 does not depend on P1.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P1.yaml": phase("P1", "", "P2"), "phases/P2.yaml": phase("P2", "", "") },
    },
    passing: {
      description: "Both ends of the edge are written.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P1.yaml": phase("P1", "", "P2"), "phases/P2.yaml": phase("P2", "P1", "") },
    },
  },
  check({ graph }, report) {
    const dependsOn = new Map<string, Set<string>>();
    const unblocks = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, key: string, values: readonly { value: string }[]) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      for (const item of values) set.add(item.value);
    };
    for (const entry of graph.phaseEntries()) {
      add(dependsOn, entry.phaseId, entry.dependsOn);
      add(unblocks, entry.phaseId, entry.unblocks);
    }
    for (const entry of graph.phaseEntries()) {
      const from = entry.phaseId;
      for (const item of entry.unblocks) {
        if (graph.hasPhase(item.value) && !dependsOn.get(item.value)?.has(from)) {
          report("missingDependsOn", { file: entry.file, path: item.path }, { from, to: item.value });
        }
      }
      for (const item of entry.dependsOn) {
        if (graph.hasPhase(item.value) && !unblocks.get(item.value)?.has(from)) {
          report("missingUnblocks", { file: entry.file, path: item.path }, { from, to: item.value });
        }
      }
    }
  },
});

export default asymmetricEdge;
