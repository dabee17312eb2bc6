import { asRecord } from "../../compiler/check/guards.js";
import { definePhaseRule } from "../../compiler/check/rule.js";

/** A complete, clean phase report; the examples change one part of it. */
const PHASE = [
  "phase_meta: {phase_id: P7, title: Tenant sovereignty, priority: highest, version: v1, owner: core}",
  "objective: {problem: requests run without a bound tenant, outcome: every execution carries a validated lease}",
  "invariants: [a task never runs for another tenant]",
  "module_scope: {write_modules: [src/security], read_modules: [src/session], external_surfaces: [CLI]}",
  "data_models: []",
  "flow: {trigger: a request arrives, steps: [bind the tenant, validate the lease], exit_conditions: [context bound]}",
  "guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval], audit_trace: [trace_id, session_id, task_id, capability_id, version]}",
  "tests: {unit: [an expired lease is refused], integration: [], e2e: []}",
  "acceptance: [cross-tenant access success rate = 0%]",
  "rollback: {trigger: denials drop, action: revert the binding, target_version: v1}",
  "dependency_graph: {depends_on: [], unblocks: []}",
  "status: {stage: in_progress, completion: 0.5, risks: [], next_actions: []}",
  "",
].join("\n");

/** The example report with `from` replaced by `to`. */
function phaseWith(from: string, to: string): string {
  return PHASE.replace(from, to);
}

/** The 12 top-level keys of a phase report in contract order (seed 002, §2). */
export const CONTRACT_ORDER: readonly string[] = [
  "phase_meta",
  "objective",
  "invariants",
  "module_scope",
  "data_models",
  "flow",
  "guardrails",
  "tests",
  "acceptance",
  "rollback",
  "dependency_graph",
  "status",
];

const RANK = new Map(CONTRACT_ORDER.map((key, index) => [key, index]));

function rank(key: string): number {
  return RANK.get(key)!;
}

function inContractOrder(keys: readonly string[]): boolean {
  return keys.every((key, i) => i === 0 || rank(keys[i - 1]!) < rank(key));
}

/** protocol/key-order: the contract keys appear in the order the protocol lists them. */
export const keyOrder = definePhaseRule({
  id: "protocol/key-order",
  scope: "phase",
  defaultSeverity: "warning",
  doc: "The 12 top-level keys of a phase report are not in contract order.",
  details: [
    "The protocol lists the keys of a phase report in a fixed order: phase_meta, objective, invariants,",
    "module_scope, data_models, flow, guardrails, tests, acceptance, rollback, dependency_graph, status.",
    "Reports that keep this order read and diff alike. The rule reports once per document, at the first key",
    "out of place, and says where it belongs. Missing and unknown keys are other rules' concern and are ignored here.",
  ].join("\n"),
  messages: {
    after: '"{{key}}" should come after "{{previous}}" (contract order)',
    before: '"{{key}}" should come before "{{next}}" (contract order)',
  },
  examples: {
    failing: {
      description: "flow is written before data_models.",
      files: { "phases/P7.yaml": phaseWith("data_models: []\nflow: {trigger: a request arrives, steps: [bind the tenant, validate the lease], exit_conditions: [context bound]}", "flow: {trigger: a request arrives, steps: [bind the tenant, validate the lease], exit_conditions: [context bound]}\ndata_models: []") },
    },
    passing: {
      description: "The keys in contract order.",
      files: { "phases/P7.yaml": PHASE },
    },
  },
  check({ phase }, report) {
    const record = asRecord(phase.data);
    if (!record) return;
    const present = Object.keys(record).filter((key) => RANK.has(key));
    const expected = [...present].sort((a, b) => rank(a) - rank(b));
    const first = present.findIndex((key, i) => key !== expected[i]);
    if (first < 0) return;
    // `early` sits where `due` belongs; report whichever single move restores the order, preferring `early`.
    const early = present[first]!;
    const due = expected[first]!;
    const file = phase.document.file;
    if (!inContractOrder(present.filter((key) => key !== early)) && inContractOrder(present.filter((key) => key !== due))) {
      const next = expected[expected.indexOf(due) + 1]!;
      report("before", { file, path: [due], on: "key" }, { key: due, next });
      return;
    }
    const previous = expected[expected.indexOf(early) - 1]!;
    report("after", { file, path: [early], on: "key" }, { key: early, previous });
  },
});

export default keyOrder;
