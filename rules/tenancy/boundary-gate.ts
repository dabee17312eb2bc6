import { defineBundleRule } from "../../compiler/check/rule.js";

const MANIFEST = `specKit: 1
name: example
tenancy: {key: tenant_id, global_models: [CapabilityCatalog]}
`;
/** The policy gate a phase holding tenant-scoped data must list (INTERFACE §2). */
const BOUNDARY_GATE = "tenant boundary";

function phase(policyGate: string): string {
  return `phase_meta: {phase_id: P7, title: Tenant sovereignty, priority: highest, version: v1, owner: core}
objective: {problem: leases are unbound, outcome: every lease names its tenant}
invariants: [lease events are append-only]
module_scope: {write_modules: [src/security], read_modules: [], external_surfaces: []}
data_models:
  - {name: SessionLease, kind: table, keys: [session_id, tenant_id], append_only: true}
flow: {trigger: a request arrives, steps: [bind the lease], exit_conditions: [lease bound]}
guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [${policyGate}], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [a foreign lease is denied], integration: [], e2e: []}
acceptance: [cross-tenant access success = 0%]
rollback: {trigger: denials fail, action: revert, target_version: v1}
dependency_graph: {depends_on: [], unblocks: []}
status: {stage: planned, completion: 0, risks: [], next_actions: []}
`;
}

/** tenancy/boundary-gate: a phase with tenant-scoped data models lists "tenant boundary" in `guardrails.policy_gate`. */
export const boundaryGate = defineBundleRule({
  id: "tenancy/boundary-gate",
  scope: "bundle",
  defaultSeverity: "error",
  doc: "A phase with tenant-scoped data lacks the tenant boundary policy gate.",
  details:
    "A phase that holds a tenant-scoped data model (one not in tenancy.global_models) must enforce the tenant boundary: " +
    `"${BOUNDARY_GATE}" in guardrails.policy_gate. Without a tenancy section this rule does nothing.`,
  messages: {
    missingGate: 'phase {{phase}} holds tenant-scoped data ({{models}}) but guardrails.policy_gate lacks "{{gate}}"',
  },
  examples: {
    failing: {
      description: "P7 holds SessionLease without the tenant boundary gate.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P7.yaml": phase("approval") },
    },
    passing: {
      description: "The gate is listed.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P7.yaml": phase("approval, tenant boundary") },
    },
  },
  check({ graph }, report) {
    const tenancy = graph.tenancy;
    if (!tenancy) return;
    for (const entry of graph.phaseEntries()) {
      const scoped = [...new Set(entry.models.map((model) => model.name).filter((name) => !tenancy.globalModels.has(name)))];
      if (scoped.length === 0 || entry.guardrails.policy_gate.some((item) => item.value === BOUNDARY_GATE)) continue;
      report(
        "missingGate",
        { file: entry.file, path: ["guardrails", "policy_gate"] },
        { phase: entry.phaseId, models: scoped.join(", "), gate: BOUNDARY_GATE },
      );
    }
  },
});

export default boundaryGate;
