import { defineStageRule } from "../../compiler/check/rule.js";
import { PARSE_MESSAGES } from "../../compiler/load/parse-messages.js";

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

/** protocol/parse: the loader's findings for files that are not safe, well-formed JSON or YAML. */
export const parse = defineStageRule({
  id: "protocol/parse",
  scope: "stage",
  stage: "load",
  defaultSeverity: "error",
  doc: "A file is not valid JSON or YAML, or is unsafe to load (size, depth, aliases, tags).",
  details: [
    "Every phase and mission document is parsed before anything else looks at it. A file fails to load when its",
    "text is not well-formed JSON or YAML, is not UTF-8, repeats a key, or when it is unsafe: larger or deeper than",
    "the limits, or using YAML aliases, tags or several documents in one stream. The finding points at the offending",
    "character; nothing else is checked in a file that does not load.",
  ].join("\n"),
  messages: PARSE_MESSAGES,
  examples: {
    failing: {
      description: "The flow-style list of invariants is never closed.",
      files: { "phases/P7.yaml": phaseWith("invariants: [a task never runs for another tenant]", "invariants: [a task never runs for another tenant") },
    },
    passing: {
      description: "The same report, well-formed.",
      files: { "phases/P7.yaml": PHASE },
    },
  },
});

export default parse;
