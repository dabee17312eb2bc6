/**
 * The clean documents every rule builds its `examples` from, as `spec-kit explain` shows them
 * and test/rules/rule-registry.test.ts checks them: a failing example is one of these with the
 * one thing its rule reports broken, a passing example is one of these as it is.
 */

/** A manifest with only the required keys, followed by the given lines of YAML. */
export function manifestYaml(...lines: readonly string[]): string {
  return ["specKit: 1", "name: example", ...lines, ""].join("\n");
}

/** A manifest with no optional section: no layer, tenancy or code rule applies under it. */
export const MINIMAL_MANIFEST_YAML = manifestYaml();

/** A manifest with layers, one allowed flow and tenancy, under which {@link EXAMPLE_PHASE_YAML} passes every rule. */
export const EXAMPLE_MANIFEST_YAML = manifestYaml(
  "layers:",
  "  - {id: sessions, modules: [src/session]}",
  "  - {id: security, modules: [src/security], gated: true}",
  "  - {id: reporting, modules: [src/observability]}",
  "allow:",
  "  - {from: sessions, to: security}",
  "tenancy: {key: tenant_id, global_models: [CapabilityCatalog]}",
);

/**
 * A complete phase report P7 that passes every rule, alone or under {@link EXAMPLE_MANIFEST_YAML}:
 * it reads a layer allowed to flow into the gated one it writes, lists every gate and trace id,
 * keys its data by tenant, traces its invariant and states a measurable acceptance criterion.
 * Its one invariant sits at line 4, column 5.
 */
export const EXAMPLE_PHASE_YAML = [
  "phase_meta: {phase_id: P7, title: Tenant sovereignty, priority: highest, version: v1, owner: core}",
  "objective: {problem: requests run without a bound tenant, outcome: every execution carries a validated lease}",
  "invariants:",
  "  - a task never runs for another tenant",
  "module_scope: {write_modules: [src/security], read_modules: [src/session], external_surfaces: [CLI]}",
  "data_models: [{name: SessionLease, kind: table, keys: [session_id, tenant_id], append_only: true}]",
  "flow: {trigger: a request arrives, steps: [bind the tenant, validate the lease], exit_conditions: [context bound]}",
  "guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval, tenant boundary], audit_trace: [trace_id, session_id, task_id, capability_id, version]}",
  "tests: {unit: [an expired lease is refused], integration: [], e2e: []}",
  "acceptance: [cross-tenant access success rate = 0%]",
  "rollback: {trigger: denials drop, action: revert the binding, target_version: v1}",
  "dependency_graph: {depends_on: [], unblocks: []}",
  "status: {stage: in_progress, completion: 0.5, risks: [], next_actions: []}",
  "",
].join("\n");

/** A mission document with one component, as schemas/mission.schema.json shapes it. */
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

/**
 * A mission document that passes every mission and roles rule: a planner, an implementer and a
 * release captain whose scopes match their capabilities, a deployment that needs a human, and a
 * contract between a declared component and a declared actor. The planner's access_scope is line 6.
 */
export const EXAMPLE_TEAM_MISSION_YAML = [
  "mission: { id: m, title: M, system: S }",
  "roles:",
  "  - id: planner",
  "    responsibility: Decomposes tasks into steps.",
  "    capabilities: [plan-tasks]",
  "    access_scope: [tickets:read, tickets:write]",
  "  - id: implementer",
  "    responsibility: Generates code edits and diffs.",
  "    capabilities: [write-branch]",
  "    access_scope: [branch:write]",
  "  - id: release-captain",
  "    responsibility: Ships releases.",
  "    capabilities: [deploy]",
  "    access_scope: [production:deploy]",
  "actions:",
  "  - id: ship",
  "    kind: deploy-to-production",
  "    performed_by: release-captain",
  "    requires_human_approval: true",
  "actors: [{ name: Audit Service, kind: service }]",
  "components:",
  "  - { id: qa, name: QA Engine, responsibilities: [run tests], interfaces: [{ kind: cli, address: jest }] }",
  "contracts:",
  "  - name: Report",
  "    schema: { $ref: https://spec-kit.dev/schemas/validation-report.schema.json }",
  "    producers: [qa]",
  "    consumers: [Audit Service]",
  "",
].join("\n");

/**
 * The text with its one occurrence of `from` replaced by `to`. Throws when `from` occurs not
 * exactly once, so that an example whose base document changed fails loudly instead of passing.
 */
export function withReplacement(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`rule example: ${JSON.stringify(from)} is not in the example document`);
  if (text.includes(from, at + 1)) throw new Error(`rule example: ${JSON.stringify(from)} occurs more than once in the example document`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** What {@link phaseYaml} changes in {@link EXAMPLE_PHASE_YAML}. */
export interface PhaseChanges {
  /** phase_meta.phase_id; P7 when not given. */
  readonly id?: string;
  /** Phase ids for dependency_graph.depends_on; none when not given. */
  readonly dependsOn?: readonly string[];
  /** Phase ids for dependency_graph.unblocks; none when not given. */
  readonly unblocks?: readonly string[];
  /** Text replacements `{ from: to }`, made in order after the id and dependencies, each by {@link withReplacement}. */
  readonly replace?: Readonly<Record<string, string>>;
}

/** {@link EXAMPLE_PHASE_YAML} with the given changes. */
export function phaseYaml(changes: PhaseChanges = {}): string {
  let text = EXAMPLE_PHASE_YAML;
  if (changes.id !== undefined) text = withReplacement(text, "phase_id: P7,", `phase_id: ${changes.id},`);
  if (changes.dependsOn !== undefined || changes.unblocks !== undefined) {
    const graph = `dependency_graph: {depends_on: [${(changes.dependsOn ?? []).join(", ")}], unblocks: [${(changes.unblocks ?? []).join(", ")}]}`;
    text = withReplacement(text, "dependency_graph: {depends_on: [], unblocks: []}", graph);
  }
  for (const [from, to] of Object.entries(changes.replace ?? {})) text = withReplacement(text, from, to);
  return text;
}

/** A bundle of a manifest ({@link EXAMPLE_MANIFEST_YAML} by default) and one phase report as phases/P7.yaml. */
export function phaseBundle(phase: string = EXAMPLE_PHASE_YAML, manifest: string = EXAMPLE_MANIFEST_YAML): Readonly<Record<string, string>> {
  return { "spec-kit.yaml": manifest, "phases/P7.yaml": phase };
}

/** A bundle of {@link MINIMAL_MANIFEST_YAML} and one mission document at the given path. */
export function missionBundle(mission: string, file = "missions/m.yaml"): Readonly<Record<string, string>> {
  return { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, [file]: mission };
}
