/**
 * What `spec-kit init` writes: a manifest, a phase report in YAML and one in JSON, a mission
 * document, and the editor wiring, as texts. Pure: the paths of the schemas come in as
 * arguments, so a test can check the templates as a bundle without a file system. The bundle
 * they make checks clean; each names its schema for editors (a modeline in YAML, `$schema` in
 * JSON) and says in comments what to fill in.
 */

/** Where each document kind's schema lies, as a path from the bundle root (`/` separators). */
export interface SchemaPaths {
  manifest: string;
  phase: string;
  mission: string;
}

/** One file of the new bundle: its path from the bundle root and its text. */
export interface InitFile {
  path: string;
  text: string;
}

/** The path of `target` (from the bundle root) as seen from the folder of `from` (also from the root). */
export function relativeFrom(from: string, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("/")) return target;
  const depth = from.split("/").length - 1;
  return depth === 0 ? `./${target.replace(/^\.\//, "")}` : `${"../".repeat(depth)}${target.replace(/^\.\//, "")}`;
}

/** The yaml-language-server modeline naming a schema, for the first line of a YAML document. */
function modeline(file: string, schema: string): string {
  return `# yaml-language-server: $schema=${relativeFrom(file, schema)}\n`;
}

function manifestText(name: string, schemas: SchemaPaths): string {
  return `${modeline("spec-kit.yaml", schemas.manifest)}# The bundle's manifest: its layers, the data flows allowed between them, and tenancy.
# "spec-kit check" checks the bundle; "spec-kit explain <rule>" says what a rule wants.
specKit: 1
name: ${JSON.stringify(name)}
phases: ["phases/**/*.{yaml,yml,json}"]
missions: ["missions/**/*.{yaml,yml,json,md}"]

# A module path belongs to the layer whose modules entry is its longest path prefix.
layers:
  - id: api
    title: API
    modules: [src/api]
  - id: core
    title: Core
    modules: [src/core]
    gated: true                  # writing here needs the runtime gates budget, timeout, sandbox, token

# Permitted data flow, read layer -> write layer.
allow:
  - { from: api, to: core }

tenancy:
  key: tenant_id                 # every data model not listed below carries this key
  global_models: []

# Per-rule severity: error, warning or off ("spec-kit rules" lists them).
rules: {}
`;
}

function phaseYamlText(schemas: SchemaPaths): string {
  return `${modeline("phases/P1.yaml", schemas.phase)}# A phase report: exactly these 12 keys, in this order. Replace the example values with yours.
phase_meta:
  phase_id: P1                   # names the generated gate, state machine and suite
  title: Accept requests
  priority: high                 # highest, high, medium or low
  version: v1
  owner: platform-team
objective:
  problem: Requests reach the core without a validated tenant.
  outcome: Every request the core runs carries a validated tenant and lease.
invariants:
  - A request never runs for a tenant other than its lease's tenant.
module_scope:
  write_modules: [src/core]      # each maps to a layer of the manifest
  read_modules: [src/api]        # api -> core must be allowed in the manifest
  external_surfaces: [HTTP API]
data_models:
  - name: RequestLease
    kind: table                  # table, dto or event
    keys: [request_id, tenant_id]
    append_only: true
flow:
  trigger: A request arrives at the API.
  steps:
    - Validate the tenant and the lease.
    - Run the request in the core.
  exit_conditions: [request done, request rejected]
guardrails:
  runtime_gate: [budget, timeout, sandbox, token]
  policy_gate: [permission, tenant boundary]
  audit_trace: [trace_id, session_id, task_id, capability_id, version]
tests:
  unit: [a request for another tenant's lease is rejected]
  integration: [an expired lease is rejected]
  e2e: []
acceptance:
  - cross-tenant request success rate = 0%
rollback:
  trigger: cross-tenant rejection rate drops below 100%
  action: revert to the previous release
  target_version: v1
dependency_graph:
  depends_on: []
  unblocks: [P2]                 # P2 lists P1 in its depends_on
status:
  stage: planned                 # planned, in_progress, done or blocked
  completion: 0
  risks: []
  next_actions: [write the first test]
`;
}

function phaseJsonText(schemas: SchemaPaths): string {
  const report = {
    $schema: relativeFrom("phases/P2.json", schemas.phase),
    phase_meta: { phase_id: "P2", title: "Report usage", priority: "medium", version: "v1", owner: "platform-team" },
    objective: { problem: "Operators cannot see what each tenant ran.", outcome: "Every request the core ran is counted per tenant." },
    invariants: ["Usage records are append-only."],
    module_scope: { write_modules: ["src/core/usage"], read_modules: ["src/core"], external_surfaces: ["usage report"] },
    data_models: [{ name: "UsageRecord", kind: "event", keys: ["trace_id", "task_id", "request_id", "tenant_id"], append_only: true }],
    flow: { trigger: "A request finishes in the core.", steps: ["Record the request's usage.", "Add it to the tenant's total."], exit_conditions: ["usage recorded"] },
    guardrails: {
      runtime_gate: ["budget", "timeout", "sandbox", "token"],
      policy_gate: ["permission", "tenant boundary"],
      audit_trace: ["trace_id", "session_id", "task_id", "capability_id", "version"],
    },
    tests: { unit: ["usage records are append-only and never changed"], integration: [], e2e: [] },
    acceptance: ["unrecorded requests = 0"],
    rollback: { trigger: "usage totals disagree with the request log", action: "revert to the previous release", target_version: "v1" },
    dependency_graph: { depends_on: ["P1"], unblocks: [] },
    status: { stage: "planned", completion: 0, risks: [], next_actions: ["agree the usage fields with operators"] },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function missionText(schemas: SchemaPaths): string {
  return `${modeline("missions/mission.yaml", schemas.mission)}# A mission document: the system's components, the data contracts between them, and the roles
# and actions of the agents that build it.
mission:
  id: platform
  title: Platform mission
  system: Platform
components:
  - id: core
    name: Core Service
    responsibilities: [Run validated requests.]
    interfaces:
      - { kind: rest, address: POST /requests }
actors:
  - { name: Operator Dashboard, kind: dashboard }
contracts:
  - name: UsageSummary
    schema:
      fields:
        - { name: requestId, type: string }
        - { name: tenantId, type: string }
    producers: [core]
    consumers: [Operator Dashboard]
roles:
  - id: implementer
    responsibility: Writes changes on a branch.
    capabilities: [write-branch]
    access_scope: [branch:write]
  - id: release-captain
    responsibility: Ships releases.
    capabilities: [deploy]
    access_scope: [production:deploy]
actions:
  - id: ship
    kind: deploy-to-production
    performed_by: release-captain
    requires_human_approval: true
`;
}

/** `.vscode/settings.json`: the schemas by file pattern, for the YAML (Red Hat) and the built-in JSON language servers. */
function vscodeSettings(schemas: SchemaPaths): string {
  const phases = ["phases/**/*.yaml", "phases/**/*.yml"];
  const missions = ["missions/**/*.yaml", "missions/**/*.yml"];
  const settings = {
    "yaml.schemas": {
      [relativeFrom("x", schemas.manifest)]: ["spec-kit.yaml", "spec-kit.yml"],
      [relativeFrom("x", schemas.phase)]: phases,
      [relativeFrom("x", schemas.mission)]: missions,
    },
    "json.schemas": [
      { fileMatch: ["spec-kit.json"], url: relativeFrom("x", schemas.manifest) },
      { fileMatch: ["phases/**/*.json"], url: relativeFrom("x", schemas.phase) },
      { fileMatch: ["missions/**/*.json"], url: relativeFrom("x", schemas.mission) },
    ],
  };
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/** Every file `spec-kit init` writes for a bundle named `name`, editor wiring included unless `editor` is false. */
export function initFiles(name: string, schemas: SchemaPaths, options: { editor?: boolean } = {}): InitFile[] {
  const files: InitFile[] = [
    { path: "spec-kit.yaml", text: manifestText(name, schemas) },
    { path: "phases/P1.yaml", text: phaseYamlText(schemas) },
    { path: "phases/P2.json", text: phaseJsonText(schemas) },
    { path: "missions/mission.yaml", text: missionText(schemas) },
  ];
  if (options.editor !== false) files.push({ path: ".vscode/settings.json", text: vscodeSettings(schemas) });
  return files;
}
