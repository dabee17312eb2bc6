import { defineCodeRule } from "../../compiler/check/rule.js";
import { compareStrings, START_OF_FILE } from "../../compiler/diagnostics.js";
import { normalizeModulePath } from "../../compiler/layers.js";
import { own, stringItems } from "../../compiler/check/guards.js";

const MANIFEST = `specKit: 1
name: example
code: {root: src}
`;

function phase(stage: string, completion: number): string {
  return `phase_meta: {phase_id: P2, title: Runtime guard, priority: high, version: v1, owner: core}
objective: {problem: tools run unguarded, outcome: every execution passes the gate}
invariants: [gate decisions are append-only]
module_scope: {write_modules: [src/runtime], read_modules: [src/tools], external_surfaces: []}
data_models: []
flow: {trigger: a task is routed, steps: [hand the task to the kernel], exit_conditions: [task settled]}
guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [an ungated task is denied], integration: [], e2e: []}
acceptance: [ungated executions = 0]
rollback: {trigger: gate denies valid tasks, action: revert, target_version: v1}
dependency_graph: {depends_on: [], unblocks: []}
status: {stage: ${stage}, completion: ${completion}, risks: [], next_actions: [finish]}
`;
}

function isUnder(prefix: string, path: string): boolean {
  return prefix === "." || path === prefix || path.startsWith(`${prefix}/`);
}

/** code/write-scope: a file changed since `--diff REV` lies outside the write_modules of the phases in progress. */
export const writeScope = defineCodeRule({
  id: "code/write-scope",
  scope: "code",
  defaultSeverity: "error",
  doc: "A changed file lies outside the write_modules of the phases in progress.",
  details:
    "With `spec-kit check --diff REV`, the files changed since REV (git diff --name-only REV, plus untracked files git does not " +
    "ignore; the CLI runs git) must each lie under " +
    "a write_modules entry of the phases in progress (status.stage in_progress), or of the phases named with --phase. Each file " +
    "outside is reported once, at its first line; when no phase is in progress and none is named, every change is outside. " +
    "Without --diff this rule does nothing.",
  messages: {
    outside: "{{file}} changed outside the write_modules of {{phases}} ({{modules}})",
    noPhase: "{{file}} changed while no phase is in progress (name one with --phase)",
    unknownPhase: "--phase {{phase}} names no phase of the bundle",
  },
  examples: {
    failing: {
      description: "P2 (in progress) writes src/runtime; the change touched src/tools.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P2.yaml": phase("in_progress", 0.5), "src/tools/run.ts": "export const run = 1;\n" },
    },
    passing: {
      description: "The change touched only src/runtime.",
      files: { "spec-kit.yaml": MANIFEST, "phases/P2.yaml": phase("in_progress", 0.5), "src/runtime/gate.ts": "export const gate = 1;\n" },
    },
  },
  check({ bundle, changedFiles, phases }, report) {
    if (changedFiles === undefined) return;
    const byId = new Map<string, (typeof bundle.phases)[number]>();
    for (const document of bundle.phases) {
      const id = own(own(document.data, "phase_meta"), "phase_id");
      if (typeof id === "string" && !byId.has(id)) byId.set(id, document);
    }
    const selected: string[] = [];
    if (phases && phases.length > 0) {
      for (const id of phases) {
        if (byId.has(id)) selected.push(id);
        else report("unknownPhase", { file: bundle.manifest.document.file, range: START_OF_FILE }, { phase: id });
      }
    } else {
      for (const [id, document] of byId) if (own(own(document.data, "status"), "stage") === "in_progress") selected.push(id);
    }
    selected.sort(compareStrings);
    const modules = new Set<string>();
    for (const id of selected) {
      for (const item of stringItems(own(own(byId.get(id)!.data, "module_scope"), "write_modules"))) modules.add(normalizeModulePath(item.value));
    }
    const prefixes = [...modules].filter((m) => m !== "").sort(compareStrings);
    for (const file of [...new Set(changedFiles)].sort(compareStrings)) {
      if (prefixes.some((prefix) => isUnder(prefix, file))) continue;
      const at = { file, range: START_OF_FILE };
      if (selected.length === 0) report("noPhase", at, { file });
      else report("outside", at, { file, phases: selected.join(", "), modules: prefixes.join(", ") || "none" });
    }
  },
});

export default writeScope;
