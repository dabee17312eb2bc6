import { defineBundleRule } from "../../compiler/check/rule.js";

const MANIFEST = `specKit: 1
name: example
layers:
  - {id: execution-pools, modules: [src/tools]}
  - {id: runtime-kernel, modules: [src/runtime], gated: true}
  - {id: reporting, modules: [src/observability]}
allow:
  - {from: execution-pools, to: runtime-kernel}
`;

function phase(reads: string, writes: string): string {
  return `phase_meta: {phase_id: P2, title: Runtime guard, priority: high, version: v1, owner: core}
objective: {problem: tools run unguarded, outcome: every execution passes the gate}
invariants: [gate decisions are append-only]
module_scope: {write_modules: [${writes}], read_modules: [${reads}], external_surfaces: []}
data_models: []
flow: {trigger: a task is routed, steps: [hand the task to the kernel], exit_conditions: [task settled]}
guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [gate decisions are append-only], integration: [], e2e: []}
acceptance: [ungated executions = 0]
rollback: {trigger: gate denies valid tasks, action: revert, target_version: v1}
dependency_graph: {depends_on: [], unblocks: []}
status: {stage: planned, completion: 0, risks: [], next_actions: []}
`;
}

/**
 * layers/no-bypass: within one phase, reading module r and writing module w of another layer
 * is a data flow layer(r) -> layer(w) that the manifest's `allow` must list.
 */
export const noBypass = defineBundleRule({
  id: "layers/no-bypass",
  scope: "bundle",
  defaultSeverity: "error",
  doc: "A cross-layer data flow is not in allow.",
  details:
    "Each pair of a read module and a write module of one phase whose layers differ is a flow from the read layer to the write " +
    "layer. A flow the manifest's allow list lacks bypasses the layer boundary; it is reported at the write_modules item, once " +
    "per read module. Modules under no layer are left to layers/unmapped-module.",
  messages: {
    bypass: "{{read}} ({{from}}) -> {{write}} ({{to}}): the flow {{from}} -> {{to}} is not in allow",
  },
  examples: {
    failing: {
      description: "P2 reads the tools and writes observability; execution-pools -> reporting is not allowed.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P2.yaml": phase("src/tools", "src/observability") },
    },
    passing: {
      description: "execution-pools -> runtime-kernel is allowed.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P2.yaml": phase("src/tools", "src/runtime") },
    },
  },
  check({ graph }, report) {
    if (!graph.layers.declared) return;
    for (const entry of graph.phaseEntries()) {
      for (const write of entry.writes) {
        const to = graph.moduleLayer(write.value);
        if (to === undefined) continue;
        const seen = new Set<string>();
        for (const read of entry.reads) {
          const from = graph.moduleLayer(read.value);
          if (from === undefined || graph.layers.allows(from, to) || seen.has(read.value)) continue;
          seen.add(read.value);
          report("bypass", { file: entry.file, path: write.path }, { read: read.value, from, write: write.value, to });
        }
      }
    }
  },
});

export default noBypass;
