import { fileURLToPath } from "node:url";
import { createNodeHost } from "../../cli/node-host.js";
import { checkBundle, type CheckResult } from "../../compiler/program.js";
import { ALL_RULES } from "../../rules/index.js";

/** The two spellings every on-disk fixture bundle comes in; positions differ, diagnostics do not. */
export const FORMATS = ["yaml", "json"] as const;

/** Checks the bundle at test/fixtures/bundles/<name> with every shipped rule. */
export function checkFixture(name: string): CheckResult {
  const dir = fileURLToPath(new URL(`../fixtures/bundles/${name}`, import.meta.url));
  return checkBundle(createNodeHost(dir), { rules: ALL_RULES });
}

/** A complete phase report in the protocol's JSON shape, with the parts the bundle rules read overridable. */
export function phaseReport(
  id: string,
  options: {
    dependsOn?: string[];
    unblocks?: string[];
    reads?: string[];
    writes?: string[];
    models?: { name: string; kind: string; keys: string[]; append_only: boolean; fields?: unknown }[];
    runtimeGate?: string[];
    policyGate?: string[];
  } = {},
): Record<string, unknown> {
  return {
    phase_meta: { phase_id: id, title: `Phase ${id}`, priority: "high", version: "v1", owner: "core" },
    objective: { problem: "the gap", outcome: "the outcome" },
    invariants: ["events are append-only"],
    module_scope: { write_modules: options.writes ?? ["src/session"], read_modules: options.reads ?? [], external_surfaces: [] },
    data_models: options.models ?? [],
    flow: { trigger: "a request arrives", steps: ["accept", "work", "emit"], exit_conditions: ["emitted"] },
    guardrails: {
      runtime_gate: options.runtimeGate ?? ["budget", "timeout", "sandbox", "token"],
      policy_gate: options.policyGate ?? ["approval"],
      audit_trace: ["trace_id", "session_id", "task_id", "capability_id", "version"],
    },
    tests: { unit: ["events are append-only"], integration: [], e2e: [] },
    acceptance: ["failed checks = 0"],
    rollback: { trigger: "checks fail", action: "revert", target_version: "v1" },
    dependency_graph: { depends_on: options.dependsOn ?? [], unblocks: options.unblocks ?? [] },
    status: { stage: "planned", completion: 0, risks: [], next_actions: [] },
  };
}

/** An in-memory bundle of JSON phase files `phases/<id>.json` and a JSON manifest. */
export function jsonBundle(
  phases: readonly Record<string, unknown>[],
  manifest: Record<string, unknown> = { specKit: 1, name: "memory" },
): Record<string, string> {
  const files: Record<string, string> = { "spec-kit.json": JSON.stringify(manifest) };
  for (const phase of phases) {
    const id = (phase.phase_meta as { phase_id: string }).phase_id;
    files[`phases/${id}.json`] = JSON.stringify(phase, null, 2);
  }
  return files;
}
