import { defineBundleRule } from "../../compiler/check/rule.js";

const MANIFEST = `specKit: 1
name: example
layers:
  - {id: runtime-kernel, modules: [src/runtime], gated: true}
`;
/** The runtime gates a phase writing a gated layer must list (INTERFACE §2). */
const REQUIRED_GATES = ["budget", "timeout", "sandbox", "token"] as const;

function phase(runtimeGate: string): string {
  return `phase_meta: {phase_id: P8, title: Cost ledger, priority: high, version: v1, owner: core}
objective: {problem: costs are unsettled, outcome: every task settles its cost}
invariants: [ledger entries are append-only]
module_scope: {write_modules: [src/runtime], read_modules: [], external_surfaces: []}
data_models: []
flow: {trigger: a task ends, steps: [settle the ledger], exit_conditions: [ledger settled]}
guardrails: {runtime_gate: [${runtimeGate}], policy_gate: [approval], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [ledger entries are append-only], integration: [], e2e: []}
acceptance: [unsettled tasks = 0]
rollback: {trigger: settlement fails, action: revert, target_version: v1}
dependency_graph: {depends_on: [], unblocks: []}
status: {stage: planned, completion: 0, risks: [], next_actions: []}
`;
}

/** layers/runtime-gate: a phase that writes a module of a gated layer lists all four runtime gates. */
export const runtimeGate = defineBundleRule({
  id: "layers/runtime-gate",
  scope: "bundle",
  defaultSeverity: "error",
  doc: "A phase writes a gated layer without all four runtime gates.",
  details:
    `Writing into a layer marked gated: true needs ${REQUIRED_GATES.join(", ")} in guardrails.runtime_gate, so that no ` +
    "execution path bypasses the runtime gate (seed 002, §7). Reported once per phase at guardrails.runtime_gate.",
  messages: {
    missing: "writes {{module}} in gated layer {{layer}} but guardrails.runtime_gate lacks {{missing}}",
  },
  examples: {
    failing: {
      description: "P8 writes the gated runtime kernel with only a budget gate.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P8.yaml": phase("budget") },
    },
    passing: {
      description: "All four gates are listed.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P8.yaml": phase("budget, timeout, sandbox, token") },
    },
  },
  check({ graph }, report) {
    if (!graph.layers.declared) return;
    for (const entry of graph.phaseEntries()) {
      const gated = entry.writes
        .map((item) => ({ module: item.value, layer: graph.moduleLayer(item.value) }))
        .find((write) => write.layer !== undefined && graph.layers.layer(write.layer)?.gated === true);
      if (!gated) continue;
      const listed = new Set(entry.guardrails.runtime_gate.map((item) => item.value));
      const missing = REQUIRED_GATES.filter((gate) => !listed.has(gate));
      if (missing.length === 0) continue;
      report(
        "missing",
        { file: entry.file, path: ["guardrails", "runtime_gate"] },
        { module: gated.module, layer: gated.layer!, missing: missing.join(", ") },
      );
    }
  },
});

export default runtimeGate;
