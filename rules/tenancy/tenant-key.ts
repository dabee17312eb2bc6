import { defineBundleRule } from "../../compiler/check/rule.js";

const MANIFEST = `specKit: 1
name: example
tenancy: {key: tenant_id, global_models: [CapabilityCatalog]}
`;

function phase(keys: string): string {
  return `phase_meta: {phase_id: P7, title: Tenant sovereignty, priority: highest, version: v1, owner: core}
objective: {problem: leases are unbound, outcome: every lease names its tenant}
invariants: [lease events are append-only]
module_scope: {write_modules: [src/security], read_modules: [], external_surfaces: []}
data_models:
  - {name: SessionLease, kind: table, keys: [${keys}], append_only: true}
  - {name: CapabilityCatalog, kind: table, keys: [capability_id], append_only: false}
flow: {trigger: a request arrives, steps: [bind the lease], exit_conditions: [lease bound]}
guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval, tenant boundary], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [a foreign lease is denied], integration: [], e2e: []}
acceptance: [cross-tenant access success = 0%]
rollback: {trigger: denials fail, action: revert, target_version: v1}
dependency_graph: {depends_on: [], unblocks: []}
status: {stage: planned, completion: 0, risks: [], next_actions: []}
`;
}

/** tenancy/tenant-key: every data model outside `tenancy.global_models` carries `tenancy.key` among its keys. */
export const tenantKey = defineBundleRule({
  id: "tenancy/tenant-key",
  scope: "bundle",
  defaultSeverity: "error",
  doc: "A tenant-scoped data model lacks the tenant key.",
  details:
    "With a tenancy section in the manifest, every data model not named in tenancy.global_models is tenant-scoped and must have " +
    "tenancy.key among its keys, so that no row can be read across tenants. Without a tenancy section this rule does nothing.",
  messages: {
    missingKey: "data model {{model}} is tenant-scoped but its keys lack {{key}}; add {{key}} or list {{model}} in tenancy.global_models",
  },
  examples: {
    failing: {
      description: "SessionLease has no tenant_id key.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P7.yaml": phase("session_id") },
    },
    passing: {
      description: "SessionLease carries tenant_id; CapabilityCatalog is global.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P7.yaml": phase("session_id, tenant_id") },
    },
  },
  check({ graph }, report) {
    const tenancy = graph.tenancy;
    if (!tenancy) return;
    for (const entry of graph.phaseEntries()) {
      for (const model of entry.models) {
        if (tenancy.globalModels.has(model.name) || model.keys.some((key) => key.value === tenancy.key)) continue;
        report("missingKey", { file: entry.file, path: model.keysPath }, { model: model.name, key: tenancy.key });
      }
    }
  },
});

export default tenantKey;
