import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";
import { TENANT_BOUNDARY } from "../../compiler/guardrail-names.js";

/** The policy gate a phase holding tenant-scoped data must list (INTERFACE §2), spelled exactly as the runtime reads it. */
const BOUNDARY_GATE = TENANT_BOUNDARY;

/** tenancy/boundary-gate: a phase with tenant-scoped data models lists "tenant boundary" in `guardrails.policy_gate`. */
export const boundaryGate = defineBundleRule({
  id: "tenancy/boundary-gate",
  scope: "bundle",
  reach: "document",
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
      files: phaseBundle(phaseYaml({ replace: { "policy_gate: [approval, tenant boundary]": "policy_gate: [approval]" } })),
    },
    passing: {
      description: "The gate is listed.",
      files: phaseBundle(),
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
