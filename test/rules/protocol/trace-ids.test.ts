import { describe, expect, it } from "vitest";
import { expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, replaceOnce, toJson, validPhase } from "./phase-texts.js";

const RULE = "protocol/trace-ids";
const FULL_LINE = "  audit_trace: [trace_id, session_id, task_id, capability_id, version]\n";
const ALL = "trace_id, session_id, task_id, capability_id, version";

function yamlWith(auditTrace: string): string {
  return replaceOnce(VALID_YAML, FULL_LINE, auditTrace);
}

function jsonWith(auditTrace: unknown): string {
  const phase = validPhase();
  if (auditTrace === undefined) delete phase.guardrails.audit_trace;
  else phase.guardrails.audit_trace = auditTrace;
  return toJson(phase);
}

describe(RULE, () => {
  describe("YAML", () => {
    it("lists every missing id in one finding at audit_trace", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlWith("  audit_trace: [trace_id, session_id, task_id]\n") });
      expectDiagnostics(result, RULE, [
        {
          ruleId: RULE,
          line: 33,
          column: 16,
          message: 'guardrails.audit_trace lacks "capability_id", "version"; audit events must carry all five trace ids',
          severity: "error",
        },
      ]);
    });

    it("reports all five for an empty list", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlWith("  audit_trace: []\n") });
      expectDiagnostics(result, RULE, [
        {
          ruleId: RULE,
          line: 33,
          column: 16,
          message: 'guardrails.audit_trace lacks "trace_id", "session_id", "task_id", "capability_id", "version"; audit events must carry all five trace ids',
        },
      ]);
    });

    it("points at a block list's first item", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlWith("  audit_trace:\n    - trace_id\n    - session_id\n    - task_id\n    - version\n") });
      expectDiagnostics(result, RULE, [
        { ruleId: RULE, line: 34, column: 5, message: /lacks "capability_id";/ },
      ]);
    });

    it("reports a misspelled id at the entry instead of as missing", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlWith("  audit_trace: [traceId, session_id, task_id, Capability-ID, version]\n") });
      expectDiagnostics(result, RULE, [
        { ruleId: RULE, line: 33, column: 17, message: '"traceId" should be spelled "trace_id"' },
        { ruleId: RULE, line: 33, column: 47, message: '"Capability-ID" should be spelled "capability_id"' },
      ]);
    });

    it("reports at guardrails when audit_trace is absent", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlWith("") });
      expectDiagnostics(result, RULE, [
        { ruleId: RULE, line: 30, column: 1, message: `guardrails.audit_trace must be a list of the five trace ids: ${ALL}` },
      ]);
    });

    it("reports at the value when audit_trace is not a list", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlWith("  audit_trace: trace_id\n") });
      expectDiagnostics(result, RULE, [
        { ruleId: RULE, line: 33, column: 16, message: `guardrails.audit_trace must be a list of the five trace ids: ${ALL}` },
      ]);
    });

    it("accepts all five ids, in any order and with extras", () => {
      expect(only(validateTexts({ "phases/P7.yaml": VALID_YAML }), RULE)).toEqual([]);
      const shuffled = yamlWith("  audit_trace: [version, tenant_id, capability_id, task_id, session_id, trace_id]\n");
      expect(only(validateTexts({ "phases/P7.yaml": shuffled }), RULE)).toEqual([]);
    });

    it("leaves a missing or malformed guardrails section to the schema", () => {
      const text = replaceOnce(VALID_YAML, "guardrails:\n", "guardrails: 7\nignored:\n");
      expect(only(validateTexts({ "phases/P7.yaml": text }), RULE)).toEqual([]);
      expect(only(validateTexts({ "phases/P7.yaml": "phase_meta: { phase_id: P7 }\n" }), RULE)).toEqual([]);
    });
  });

  describe("JSON", () => {
    it("lists every missing id in one finding at audit_trace", () => {
      const result = validateTexts({ "phases/P7.json": jsonWith(["trace_id", "task_id", "version"]) });
      expectDiagnostics(result, RULE, [
        {
          ruleId: RULE,
          line: 68,
          column: 20,
          message: 'guardrails.audit_trace lacks "session_id", "capability_id"; audit events must carry all five trace ids',
        },
      ]);
    });

    it("reports a misspelled id at the entry", () => {
      const result = validateTexts({ "phases/P7.json": jsonWith(["trace_id", "session_id", "task_id", "capability_id", "Version "]) });
      expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 73, column: 7, message: '"Version " should be spelled "version"' }]);
    });

    it("reports at guardrails when audit_trace is absent", () => {
      const result = validateTexts({ "phases/P7.json": jsonWith(undefined) });
      expectDiagnostics(result, RULE, [
        { ruleId: RULE, line: 56, column: 3, message: `guardrails.audit_trace must be a list of the five trace ids: ${ALL}` },
      ]);
    });

    it("reports at the value when audit_trace is not a list", () => {
      const result = validateTexts({ "phases/P7.json": jsonWith({ trace_id: true }) });
      expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 68, column: 20, message: /must be a list/ }]);
    });

    it("accepts the canonical phase", () => {
      expect(only(validateTexts({ "phases/P7.json": toJson(validPhase()) }), RULE)).toEqual([]);
    });
  });
});
