import { isMeasurable } from "../../compiler/acceptance.js";
import { own, stringItems } from "../../compiler/check/guards.js";
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

/** Longest criterion quoted whole in a message. */
const QUOTE_LIMIT = 60;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= QUOTE_LIMIT ? flat : `${flat.slice(0, QUOTE_LIMIT - 1)}…`;
}

/** protocol/measurable-acceptance: each acceptance criterion states a metric, a comparator and a threshold. */
export const measurableAcceptance = definePhaseRule({
  id: "protocol/measurable-acceptance",
  scope: "phase",
  defaultSeverity: "warning",
  doc: "An acceptance criterion has no number, threshold or comparator.",
  details: [
    "The protocol asks for measurable acceptance criteria, and generated tests assert them against metrics.",
    'A criterion is measurable when it reads as "metric comparator threshold unit", such as',
    '"lease validation latency p99 <= 5 ms" or "MTTR under 15 minutes"; comparators may be symbols',
    '(<, <=, =, !=, >=, >, ≤, ≥) or words ("at least", "no more than", "within", "below"). "zero …", "no …",',
    '"all …" and "100% …" count as = 0 and = 100 %. One finding per criterion that states no such comparison.',
  ].join("\n"),
  messages: {
    notMeasurable: 'acceptance criterion "{{criterion}}" is not measurable: state a metric, a comparator and a threshold, like "p99 latency <= 5 ms"',
  },
  examples: {
    failing: {
      description: "The criterion names no threshold.",
      files: { "phases/P7.yaml": phaseWith("cross-tenant access success rate = 0%", "cross-tenant access is denied") },
    },
    passing: {
      description: "The criterion states a metric, a comparator and a threshold.",
      files: { "phases/P7.yaml": PHASE },
    },
  },
  check({ phase }, report) {
    for (const { value, index } of stringItems(own(phase.data, "acceptance"))) {
      // Blank criteria are the schema's finding.
      if (value.trim() === "" || isMeasurable(value)) continue;
      report("notMeasurable", { file: phase.document.file, path: ["acceptance", index] }, { criterion: quote(value) });
    }
  },
});

export default measurableAcceptance;
