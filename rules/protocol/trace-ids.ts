import { asRecord, own } from "../../compiler/guards.js";
import { definePhaseRule } from "../../compiler/check/rule.js";
import { EXAMPLE_PHASE_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";
import { TRACE_IDS } from "../../compiler/guardrail-names.js";

/** Folds spelling variants together: "traceId", "Trace-ID" and "trace_id" all become "traceid". */
function fold(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function quoteList(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(", ");
}

/** protocol/trace-ids: `guardrails.audit_trace` names all five trace ids. */
export const traceIds = definePhaseRule({
  id: "protocol/trace-ids",
  scope: "phase",
  defaultSeverity: "error",
  doc: "guardrails.audit_trace lacks one of trace_id, session_id, task_id, capability_id, version.",
  details: [
    "The protocol admits no metric without trace ids: every audit event a phase emits carries trace_id,",
    "session_id, task_id, capability_id and version, and generated gates deny envelopes that lack one.",
    "guardrails.audit_trace must therefore list all five, spelled exactly. One finding lists the ids that are",
    "missing; an entry that only misspells an id (traceId, Trace-ID) is reported at that entry instead.",
  ].join("\n"),
  messages: {
    missing: "guardrails.audit_trace lacks {{ids}}; audit events must carry all five trace ids",
    misspelled: '"{{found}}" should be spelled "{{id}}"',
    noAuditTrace: "guardrails.audit_trace must be a list of the five trace ids: {{all}}",
  },
  examples: {
    failing: {
      description: "The audit trace omits capability_id and version.",
      files: { "phases/P7.yaml": phaseYaml({ replace: { "audit_trace: [trace_id, session_id, task_id, capability_id, version]": "audit_trace: [trace_id, session_id, task_id]" } }) },
    },
    passing: {
      description: "All five trace ids are listed.",
      files: { "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
  check({ phase }, report) {
    const guardrails = asRecord(own(phase.data, "guardrails"));
    // A missing or malformed guardrails section is the schema's finding.
    if (!guardrails) return;
    const file = phase.document.file;
    const all = TRACE_IDS.join(", ");
    const trace = own(guardrails, "audit_trace");
    if (trace === undefined) {
      report("noAuditTrace", { file, path: ["guardrails"], on: "key" }, { all });
      return;
    }
    if (!Array.isArray(trace)) {
      report("noAuditTrace", { file, path: ["guardrails", "audit_trace"] }, { all });
      return;
    }
    const listed = new Set(trace.filter((item): item is string => typeof item === "string"));
    const missing: string[] = [];
    for (const id of TRACE_IDS) {
      if (listed.has(id)) continue;
      const index = trace.findIndex((item) => typeof item === "string" && !TRACE_IDS.includes(item) && fold(item) === fold(id));
      if (index >= 0) report("misspelled", { file, path: ["guardrails", "audit_trace", index] }, { found: trace[index] as string, id });
      else missing.push(id);
    }
    if (missing.length > 0) report("missing", { file, path: ["guardrails", "audit_trace"] }, { ids: quoteList(missing) });
  },
});

export default traceIds;
