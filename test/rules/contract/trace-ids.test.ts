import { describe, expect, it } from "vitest";
import rule from "../../../rules/contract/trace-ids.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const RULE = rule.id;
const model = (name: string, kind: string, keys: string[], fields?: unknown) => ({ name, kind, keys, append_only: true, ...(fields === undefined ? {} : { fields }) });

const yamlPhase = (models: string): string =>
  [
    "phase_meta: {phase_id: P3, title: Events, priority: high, version: v1, owner: core}",
    "objective: {problem: p, outcome: o}",
    "invariants: [events are append-only]",
    "module_scope: {write_modules: [src/session], read_modules: [], external_surfaces: []}",
    "data_models:",
    models,
    "flow: {trigger: t, steps: [a], exit_conditions: []}",
    "guardrails: {runtime_gate: [], policy_gate: [], audit_trace: [trace_id, session_id, task_id, capability_id, version]}",
    "tests: {unit: [events are append-only], integration: [], e2e: []}",
    "acceptance: [lost events = 0]",
    "rollback: {trigger: t, action: a, target_version: v1}",
    "dependency_graph: {depends_on: [], unblocks: []}",
    "status: {stage: planned, completion: 0, risks: [], next_actions: []}",
    "",
  ].join("\n");

describe(RULE, () => {
  it("reports an event model without trace ids at its keys, naming what is missing", () => {
    const result = checkFiles(jsonBundle([phaseReport("P3", { models: [model("Emitted", "event", ["event_id", "trace_id"]), model("Audit", "event", ["id"])] })]));
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, messageId: "missing", file: "phases/P3.json", line: 27, column: 15, message: "event model Emitted lacks task_id: a metric without trace IDs is invalid (protocol §7); add task_id to its keys" },
      { ruleId: RULE, line: 36, column: 15, message: "event model Audit lacks trace_id and task_id: a metric without trace IDs is invalid (protocol §7); add trace_id and task_id to its keys" },
    ]);
  });

  it("covers models named or kinded as metrics, and leaves other tables and dtos alone", () => {
    const result = checkFiles(
      jsonBundle([
        phaseReport("P13", {
          models: [model("BusinessMetric", "table", ["metric_id"]), model("WorkOrder", "table", ["id"]), model("Report", "dto", ["id"]), model("metricSample", "dto", ["trace_id", "task_id"])],
        }),
      ]),
    );
    expect(only(result, RULE).map((d) => d.message)).toEqual([
      "metric model BusinessMetric lacks trace_id and task_id: a metric without trace IDs is invalid (protocol §7); add trace_id and task_id to its fields".replace("fields", "keys"),
    ]);
  });

  it.each(FORMATS)("reads declared fields: a notation missing an id, and an optional id at the field (%s)", (format) => {
    const models = [model("Beat", "event", ["trace_id", "task_id"], "{ trace_id: string, task_id?: string }"), model("Tick", "event", [], "{ at: timestamp }")];
    const files =
      format === "json"
        ? jsonBundle([phaseReport("P3", { models })])
        : {
            "spec-kit.yaml": "specKit: 1\nname: x\n",
            "phases/P3.yaml": yamlPhase(
              [
                '  - {name: Beat, kind: event, keys: [trace_id, task_id], append_only: true, fields: "{ trace_id: string, task_id?: string }"}',
                '  - {name: Tick, kind: event, keys: [], append_only: true, fields: "{ at: timestamp }"}',
              ].join("\n"),
            ),
          };
    const result = checkFiles(files);
    const [optional, missing] = only(result, RULE);
    expect(optional!.message).toBe("event model Beat has task_id only as an optional field: a metric without trace IDs is invalid (protocol §7); make it required");
    expect(missing!.message).toBe("event model Tick lacks trace_id and task_id: a metric without trace IDs is invalid (protocol §7); add trace_id and task_id to its fields");
    const text = result.documents.get(`phases/P3.${format}`)!.text.split("\n");
    expect(text[optional!.line - 1]!.slice(optional!.column - 1, optional!.endColumn - 1)).toBe("task_id");
    if (format === "yaml") expect([optional!.line, optional!.column, missing!.line, missing!.column]).toEqual([6, 106, 7, 68]);
  });

  it("is silent when every event carries both ids as keys or required fields", () => {
    const models = [model("Beat", "event", ["trace_id", "task_id"]), model("Tick", "event", ["trace_id", "task_id"], "{ trace_id: UUID, task_id: string }")];
    expect(only(checkFiles(jsonBundle([phaseReport("P3", { models })])), RULE)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([RULE]);
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
