import { defineBundleRule } from "../../compiler/check/rule.js";

const MANIFEST = `specKit: 1
name: example
layers:
  - {id: execution-pools, modules: [src/tools]}
  - {id: runtime-kernel, modules: [src/runtime], gated: true}
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

/** layers/unmapped-module: a module path the phase reads or writes lies under no layer's prefix. */
export const unmappedModule = defineBundleRule({
  id: "layers/unmapped-module",
  scope: "bundle",
  defaultSeverity: "error",
  doc: "A module path maps to no layer.",
  details:
    "When the manifest declares layers, every module a phase reads or writes must belong to one: the layer whose modules entry " +
    "is its longest path prefix. Without a layers section this rule does nothing.",
  messages: {
    unmapped: "module {{module}} maps to no layer; add a prefix of it to a layer's modules in the manifest",
  },
  examples: {
    failing: {
      description: "src/session is under no layer.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P2.yaml": phase("src/tools", "src/session") },
    },
    passing: {
      description: "Both modules map to a layer.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P2.yaml": phase("src/tools", "src/runtime") },
    },
  },
  check({ graph }, report) {
    if (!graph.layers.declared) return;
    for (const entry of graph.phaseEntries()) {
      for (const item of [...entry.writes, ...entry.reads]) {
        if (graph.moduleLayer(item.value) === undefined) report("unmapped", { file: entry.file, path: item.path }, { module: item.value });
      }
    }
  },
});

export default unmappedModule;
