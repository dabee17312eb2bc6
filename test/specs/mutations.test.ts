// Fires every rule once on a mutated copy of the project's own bundle: each case edits one
// document of a fresh copy of specs/ and expects the rule at the file and line it names. The
// expected line is found from a needle in the mutated text, so the cases survive edits of specs/.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ALL_RULES, check } from "../../cli/public-api.js";
import { examplePolicyWasm } from "../../compiler/policy/example-policy.js";

const SPECS = join(import.meta.dirname, "..", "..", "specs");
const scratch = mkdtempSync(join(tmpdir(), "spec-kit-mutations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Mutation {
  rule: string;
  /** Edits of bundle files: path -> a function of the old text (a new file gets ""), giving text or bytes. */
  edits: Record<string, (text: string) => string | Uint8Array>;
  /** Where the diagnostic must be: the file and a needle on the expected line. */
  file: string;
  needle: string;
}

/** Replaces `from` by `to`, failing loudly when specs/ no longer holds `from`. */
function swap(from: string, to: string): (text: string) => string {
  return (text) => {
    if (!text.includes(from)) throw new Error(`specs/ no longer contains ${JSON.stringify(from)}`);
    return text.replace(from, to);
  };
}

const withCode = swap("specKit: 1\n", "specKit: 1\ncode:\n  root: src\n");

/** Lists one policy in the manifest, with the entrypoints given. */
const withPolicy = (path: string, entrypoints: string): ((text: string) => string) => swap("specKit: 1\n", `specKit: 1\npolicies:\n  - path: ${path}\n    entrypoints: [${entrypoints}]\n`);

const MUTATIONS: Mutation[] = [
  { rule: "protocol/parse", edits: { "phases/P4.json": swap('"phase_meta": {', '"phase_meta": {,,') }, file: "phases/P4.json", needle: ",," },
  { rule: "protocol/required-keys", edits: { "phases/P2.yaml": (t) => t.replace(/rollback:\n(  .*\n)+/, "") }, file: "phases/P2.yaml", needle: "phase_meta:" },
  { rule: "protocol/unknown-key", edits: { "phases/P2.yaml": (t) => `${t}owner_notes: reviewed\n` }, file: "phases/P2.yaml", needle: "owner_notes" },
  {
    rule: "protocol/key-order",
    edits: { "phases/P2.yaml": (t) => t.replace(/(dependency_graph:\n(?:  .*\n)+)(status:\n(?:  .*\n)+)/, "$2$1") },
    file: "phases/P2.yaml",
    needle: "status:\n",
  },
  { rule: "protocol/schema", edits: { "phases/P2.yaml": swap("priority: highest", "priority: urgent") }, file: "phases/P2.yaml", needle: "priority: urgent" },
  { rule: "protocol/trace-ids", edits: { "phases/P2.yaml": swap("audit_trace: [trace_id, session_id, task_id, capability_id, version]", "audit_trace: [trace_id, session_id, task_id, capability_id]") }, file: "phases/P2.yaml", needle: "audit_trace" },
  { rule: "protocol/status-consistency", edits: { "phases/P2.yaml": swap("completion: 0.7", "completion: 1") }, file: "phases/P2.yaml", needle: "completion: 1" },
  {
    rule: "protocol/measurable-acceptance",
    edits: { "phases/P2.yaml": swap("- p99 gate overhead per call <= 5 ms", "- gate overhead stays low") },
    file: "phases/P2.yaml",
    needle: "gate overhead stays low",
  },
  {
    rule: "protocol/exact-acceptance",
    edits: { "phases/P2.yaml": swap("- denied envelopes reaching a tool = 0", "- denied envelopes reaching a tool < 1e309") },
    file: "phases/P2.yaml",
    needle: "1e309",
  },
  { rule: "protocol/reserved-name", edits: { "phases/P2b.yaml": () => readFileSync(join(SPECS, "phases/P2.yaml"), "utf8").replace("phase_id: P2", "phase_id: NUL") }, file: "phases/P2b.yaml", needle: "phase_id: NUL" },
  { rule: "manifest/empty-glob", edits: { "spec-kit.yaml": swap('missions: ["missions/**/*.{yaml,yml,json,md}"]', 'missions: ["mission/**/*.{yaml,yml,json,md}"]') }, file: "spec-kit.yaml", needle: "missions:" },
  { rule: "protocol/module-path", edits: { "phases/P2.yaml": swap("read_modules: [src/contracts,", "read_modules: [src/contracts/*,") }, file: "phases/P2.yaml", needle: "src/contracts/*" },
  {
    rule: "manifest/unknown-layer",
    edits: { "spec-kit.yaml": swap("- { from: operator-control-plane, to: policy-rule-engine }", "- { from: operator-control-plane, to: policy-rules-engine }") },
    file: "spec-kit.yaml",
    needle: "policy-rules-engine",
  },
  { rule: "manifest/unknown-rule", edits: { "spec-kit.yaml": (t) => `${t}\nrules:\n  graph/no-cycles: error\n` }, file: "spec-kit.yaml", needle: "graph/no-cycles" },
  { rule: "manifest/schema", edits: { "spec-kit.yaml": swap("specKit: 1", "specKit: 2") }, file: "spec-kit.yaml", needle: "specKit: 2" },
  { rule: "policy/load", edits: { "spec-kit.yaml": withPolicy("policies/governance.tar.gz", "spec_kit/deny") }, file: "spec-kit.yaml", needle: "path: policies/governance.tar.gz" },
  {
    rule: "policy/eval",
    // The explain example's module: its example/deny traps.
    edits: { "spec-kit.yaml": withPolicy("policies/example.wasm", "example/deny"), "policies/example.wasm": () => examplePolicyWasm() },
    file: "spec-kit.yaml",
    needle: "example/deny",
  },
  { rule: "graph/duplicate-phase", edits: { "phases/P2b.yaml": () => readFileSync(join(SPECS, "phases/P2.yaml"), "utf8") }, file: "phases/P2b.yaml", needle: "phase_id: P2" },
  { rule: "graph/unknown-phase", edits: { "phases/P2.yaml": swap("depends_on: [P1, P4, P7]", "depends_on: [P1, P4, P7, P99]") }, file: "phases/P2.yaml", needle: "depends_on" },
  { rule: "graph/asymmetric-edge", edits: { "phases/P2.yaml": swap("unblocks: [P3, P5, P8, P9, P11]", "unblocks: [P3, P5, P8, P9]") }, file: "phases/P11.yaml", needle: "depends_on" },
  { rule: "graph/no-cycle", edits: { "phases/P3.yaml": swap("depends_on: [P2]", "depends_on: [P2, P10]") }, file: "phases/P10.yaml", needle: "depends_on" },
  { rule: "layers/unmapped-module", edits: { "phases/P2.yaml": swap("read_modules: [src/contracts,", "read_modules: [vendor/sdk, src/contracts,") }, file: "phases/P2.yaml", needle: "vendor/sdk" },
  { rule: "layers/no-bypass", edits: { "phases/P2.yaml": swap("read_modules: [src/contracts,", "read_modules: [dashboard-ui, src/contracts,") }, file: "phases/P2.yaml", needle: "write_modules" },
  { rule: "layers/runtime-gate", edits: { "phases/P2.yaml": swap("runtime_gate: [budget, timeout, sandbox, token]", "runtime_gate: [budget, timeout, token]") }, file: "phases/P2.yaml", needle: "runtime_gate" },
  { rule: "tenancy/tenant-key", edits: { "phases/P2.yaml": swap("keys: [task_id, tenant_id, token_limit, timeout_ms]", "keys: [task_id, token_limit, timeout_ms]") }, file: "phases/P2.yaml", needle: "token_limit" },
  { rule: "guardrails/unknown-name", edits: { "phases/P2.yaml": swap("policy_gate: [permission, tenant boundary]", "policy_gate: [permision, tenant boundary]") }, file: "phases/P2.yaml", needle: "permision" },
  {
    rule: "guardrails/shadowed-name",
    edits: { "spec-kit.yaml": (t) => `${t}guardrails:\n  policy_gate:\n    tenant-boundary: the tenant matches the lease\n` },
    file: "spec-kit.yaml",
    needle: "tenant-boundary:",
  },
  { rule: "tenancy/boundary-gate", edits: { "phases/P2.yaml": swap("policy_gate: [permission, tenant boundary]", "policy_gate: [permission]") }, file: "phases/P2.yaml", needle: "policy_gate" },
  {
    rule: "invariant/untraced",
    edits: { "phases/P2.yaml": swap("invariants:\n", "invariants:\n  - Quokkas never juggle xylophones.\n") },
    file: "phases/P2.yaml",
    needle: "Quokkas",
  },
  {
    rule: "requirement/unknown-ref",
    edits: { "phases/P2.yaml": swap("invariants:\n", "invariants:\n  - { text: Mission prompts are signed., traces: [agentnexus/security-complaince-2] }\n") },
    file: "phases/P2.yaml",
    needle: "security-complaince-2",
  },
  {
    rule: "requirement/untraced",
    edits: { "phases/P2.yaml": swap("invariants:\n", "invariants:\n  - { text: Mission prompts are signed., traces: [agentnexus/security-compliance-2] }\n") },
    file: "missions/agentnexus.md",
    needle: "Zero-trust policy enforcement",
  },
  { rule: "suppression/unused", edits: { "phases/P2.yaml": swap("  owner: autoloop-core\n", "  owner: autoloop-core\n  suppressions:\n    - { rule: graph/no-cycle, reason: kept for a planned cyclic rollout }\n") }, file: "phases/P2.yaml", needle: "rule: graph/no-cycle" },
  { rule: "mission/schema", edits: { "missions/gen4-fabric.yaml": swap("  - id: localizer\n", "  - id: localizer\n    colour: blue\n") }, file: "missions/gen4-fabric.yaml", needle: "colour: blue" },
  { rule: "mission/unknown-party", edits: { "missions/agentnexus.md": swap("Notification Service.", "Billing Engine.") }, file: "missions/agentnexus.md", needle: "Billing Engine" },
  { rule: "mission/orphan-contract", edits: { "missions/agentnexus.md": swap("  - Consumers: Mission Control Orchestrator, Observability Pipeline.", "  - Consumers:") }, file: "missions/agentnexus.md", needle: "Consumers:\n" },
  {
    rule: "mission/duplicate-component",
    edits: { "missions/agentnexus.md": swap("\n## Data Contracts", "- Component: Evidence Vault\n  - Responsibilities: Keeps a second copy.\n  - Interfaces: REST `GET /copies`.\n\n## Data Contracts") },
    file: "missions/agentnexus.md",
    needle: "Component: Evidence Vault\n  - Responsibilities: Keeps",
  },
  { rule: "mission/markdown", edits: { "missions/agentnexus.md": swap("  - Interfaces: Jest CLI", "  - Owner: the QA guild\n  - Interfaces: Jest CLI") }, file: "missions/agentnexus.md", needle: "Owner:" },
  { rule: "roles/least-privilege", edits: { "missions/gen4-fabric.yaml": swap("access_scope: [code:read, logs:read, metrics:read]", "access_scope: [code:read, logs:read, metrics:read, production:deploy]") }, file: "missions/gen4-fabric.yaml", needle: "production:deploy]" },
  { rule: "roles/separation-of-duties", edits: { "missions/gen4-fabric.yaml": swap("capabilities: [read-code, write-branch, write-scratchpad]", "capabilities: [read-code, write-branch, write-scratchpad, merge-to-main]") }, file: "missions/gen4-fabric.yaml", needle: "id: implementer" },
  { rule: "roles/human-approval", edits: { "missions/gen4-fabric.yaml": swap("kind: merge-to-main\n    performed_by: release-captain\n    requires_human_approval: true", "kind: merge-to-main\n    performed_by: release-captain\n    requires_human_approval: false") }, file: "missions/gen4-fabric.yaml", needle: "requires_human_approval: false\n    approver" },
  { rule: "contract/notation", edits: { "missions/agentnexus.md": swap("{ id: UUID, objective", "{ id: uuid, objective") }, file: "missions/agentnexus.md", needle: "id: uuid" },
  {
    rule: "contract/json-schema",
    edits: {
      "missions/gen4-fabric.yaml": swap(
          'schema: { $ref: "https://spec-kit.dev/schemas/trajectory.schema.json" }',
          "schema: { type: object, properties: { agentId: { type: string } }, requird: [agentId] }",
      ),
    },
    file: "missions/gen4-fabric.yaml",
    needle: "requird",
  },
  { rule: "contract/conflict", edits: { "phases/P2.yaml": swap("  - name: TaskBudget\n", "  - name: MissionPrompt\n") }, file: "phases/P2.yaml", needle: "name: MissionPrompt" },
  {
    rule: "contract/tenant-key",
    edits: { "phases/P2.yaml": swap("keys: [task_id, tenant_id, token_limit, timeout_ms]\n", "keys: [task_id, tenant_id, token_limit, timeout_ms]\n    fields: \"{ task_id: string, token_limit: integer, timeout_ms: integer }\"\n") },
    file: "phases/P2.yaml",
    needle: "fields:",
  },
  { rule: "contract/trace-ids", edits: { "phases/P2.yaml": swap("keys: [decision_id, task_id, tenant_id, trace_id]", "keys: [decision_id, tenant_id, trace_id]") }, file: "phases/P2.yaml", needle: "keys: [decision_id" },
  {
    rule: "code/no-layer-bypass",
    edits: { "spec-kit.yaml": withCode, "src/tools/pool.ts": () => 'import { rule } from "../policy/rules.js";\nexport const used = rule;\n', "src/policy/rules.ts": () => "export const rule = 1;\n" },
    file: "src/tools/pool.ts",
    needle: "import { rule }",
  },
  {
    rule: "code/too-deep",
    edits: { "spec-kit.yaml": withCode, "src/tools/table.ts": () => `export const table = ${"[".repeat(300)}${"]".repeat(300)};\n` },
    file: "src/tools/table.ts",
    needle: "export const table",
  },
  { rule: "code/unmapped-file", edits: { "spec-kit.yaml": withCode, "src/misc/orphan.ts": () => "export const orphan = 1;\n" }, file: "src/misc/orphan.ts", needle: "export const orphan" },
  {
    rule: "code/no-cycle",
    edits: { "spec-kit.yaml": withCode, "src/memory/a.ts": () => 'import { b } from "./b.js";\nexport const a = () => b;\n', "src/memory/b.ts": () => 'import { a } from "./a.js";\nexport const b = () => a;\n' },
    file: "src/memory/a.ts",
    needle: "import { b }",
  },
  {
    rule: "code/no-gate-bypass",
    edits: { "spec-kit.yaml": withCode, "src/tools/run.ts": () => 'import { launch } from "../runtime/launch.js";\nexport const go = () => launch();\n', "src/runtime/launch.ts": () => "export function launch(): number {\n  return 1;\n}\n" },
    file: "src/tools/run.ts",
    needle: "launch()",
  },
  {
    rule: "code/forbidden-import",
    edits: { "spec-kit.yaml": (t) => swap("modules: [src/memory, src/rag, src/hooks]", "modules: [src/memory, src/rag, src/hooks]\n    forbid: [node:fs]")(withCode(t)), "src/memory/store.ts": () => 'import { readFileSync } from "fs";\nexport const load = readFileSync;\n' },
    file: "src/memory/store.ts",
    needle: "import { readFileSync }",
  },
  {
    rule: "code/no-sibling-import",
    edits: { "spec-kit.yaml": (t) => swap("modules: [src/memory, src/rag, src/hooks]", "modules: [src/memory, src/rag, src/hooks]\n    isolate: true")(withCode(t)), "src/memory/short/recall.ts": () => 'import { keep } from "../long/keep.js";\nexport const recall = keep;\n', "src/memory/long/keep.ts": () => "export const keep = 1;\n" },
    file: "src/memory/short/recall.ts",
    needle: "import { keep }",
  },
];

/** Rules whose firing needs more than a bundle edit, and where their tests are. */
const ELSEWHERE: Record<string, string> = {
  "code/write-scope": "needs a git history and --diff: test/rules/code/write-scope.test.ts",
  "contract/breaking": "needs a git history or a second folder and --against: test/rules/contract/breaking.test.ts",
  "artifact/schema": "checks Gen-4 artifacts given to validate, which a bundle does not hold: test/rules/artifact/schema.test.ts",
};

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`needle ${JSON.stringify(needle)} not found`);
  return text.slice(0, index).split("\n").length;
}

function mutatedCopy(name: string, mutation: Mutation): string {
  const dir = join(scratch, name.replace(/\W+/g, "-"));
  cpSync(SPECS, dir, { recursive: true });
  for (const [file, edit] of Object.entries(mutation.edits)) {
    const path = join(dir, file);
    let text = "";
    try {
      text = readFileSync(path, "utf8");
    } catch {
      mkdirSync(dirname(path), { recursive: true });
    }
    writeFileSync(path, edit(text));
  }
  return dir;
}

describe("mutations of specs/", () => {
  it("the unmutated bundle checks clean", () => {
    expect(check(SPECS).diagnostics).toEqual([]);
  });

  it("covers every rule", () => {
    const covered = new Set([...MUTATIONS.map((m) => m.rule), ...Object.keys(ELSEWHERE)]);
    expect(ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const mutation of MUTATIONS) {
    it(`fires ${mutation.rule}`, () => {
      const dir = mutatedCopy(mutation.rule, mutation);
      const fired = check(dir).diagnostics.filter((d) => d.ruleId === mutation.rule);
      const text = readFileSync(join(dir, mutation.file), "utf8");
      const line = lineOf(text, mutation.needle);
      expect(fired.map((d) => `${d.file}:${d.line}`), JSON.stringify(fired)).toContain(`${mutation.file}:${line}`);
    });
  }
});
