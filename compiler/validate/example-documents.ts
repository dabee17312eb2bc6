/**
 * Small, clean documents from which the schema rules build the examples `spec-kit explain`
 * shows: each rule's failing example is one of these with one thing broken.
 */

/** A manifest under which {@link EXAMPLE_PHASE_YAML} passes every check. */
export const EXAMPLE_MANIFEST_YAML = `specKit: 1
name: example
layers:
  - id: runtime-kernel
    modules: [src]
    gated: true
tenancy:
  key: tenant_id
`;

/** A complete, valid phase report. */
export const EXAMPLE_PHASE_YAML = `phase_meta:
  phase_id: P7
  title: Identity and Tenant Sovereignty
  priority: highest
  version: v1
  owner: autoloop-core
objective:
  problem: Requests can reach the runtime without a bound tenant and lease.
  outcome: Every execution carries a validated tenant, principal and lease.
invariants:
  - A task never runs for a tenant other than the lease's tenant.
module_scope:
  write_modules: [src/security]
  read_modules: [src/session]
  external_surfaces: [CLI]
data_models:
  - name: SessionLease
    kind: table
    keys: [session_id, tenant_id]
    append_only: true
flow:
  trigger: A request arrives with identity and constraints.
  steps:
    - Bind tenant, principal, policy and lease.
    - Reject cross-tenant access.
  exit_conditions: [context bound, request rejected]
guardrails:
  runtime_gate: [budget, timeout, sandbox, token]
  policy_gate: [approval, tenant boundary]
  audit_trace: [trace_id, session_id, task_id, capability_id, version]
tests:
  unit: [lease expiry is enforced]
  integration: [cross-tenant request is denied]
  e2e: [tenant A cannot read tenant B's session]
acceptance:
  - cross-tenant access success rate = 0%
rollback:
  trigger: cross-tenant denial rate drops below 100%
  action: revert to the previous identity binding version
  target_version: v1
dependency_graph:
  depends_on: []
  unblocks: []
status:
  stage: in_progress
  completion: 0.4
  risks: [lease clock skew between regions]
  next_actions: [add lease renewal tests]
`;

/** A valid mission document. */
export const EXAMPLE_MISSION_YAML = `mission:
  id: agentnexus
  title: AgentNexus mission control
  system: AgentNexus
components:
  - id: mission-control
    name: Mission Control Orchestrator
    responsibilities: [Accept mission prompts and plan tasks.]
    interfaces:
      - kind: rest
        address: POST /missions
`;

/** A bundle of the example manifest and one phase report with the given text. */
export function phaseBundle(phaseYaml: string): Readonly<Record<string, string>> {
  return { "spec-kit.yaml": EXAMPLE_MANIFEST_YAML, "phases/P7.yaml": phaseYaml };
}

/** A bundle of the example manifest, the example phase and one mission document with the given text. */
export function missionBundle(missionYaml: string): Readonly<Record<string, string>> {
  return { ...phaseBundle(EXAMPLE_PHASE_YAML), "missions/agentnexus.yaml": missionYaml };
}
