import { asRecord, own } from "../../compiler/guards.js";
import { definePhaseRule } from "../../compiler/check/rule.js";
import { EXAMPLE_MANIFEST_YAML, phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";
import {
  BUILT_IN_GUARDRAILS,
  declaredGuardrails,
  isBuiltInGuardrail,
  nearestGuardrail,
  type GuardrailGroup,
} from "../../compiler/guardrail-names.js";

const GROUPS: readonly GuardrailGroup[] = ["runtime_gate", "policy_gate", "audit_trace"];

/** protocol/trace-ids's folding: an audit_trace entry that folds to a trace id is its finding ("traceId"), not this rule's. */
function foldTraceId(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]/g, "");
}
const TRACE_ID_FOLDS = new Set(BUILT_IN_GUARDRAILS.audit_trace.map(foldTraceId));

function quoteList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}

/** guardrails/unknown-name: every name a phase lists under guardrails is the protocol's or declared in the manifest. */
export const unknownName = definePhaseRule({
  id: "guardrails/unknown-name",
  scope: "phase",
  defaultSeverity: "error",
  doc: "A guardrails entry names neither a gate or trace id of the protocol nor one the manifest declares.",
  details: [
    "The guardrail vocabulary is closed: runtime_gate takes budget, timeout, sandbox, token; policy_gate takes approval,",
    "permission, tenant boundary; audit_trace takes the five trace ids. Names are exact, with no case or separator folding",
    "(\"tenant-boundary\" is not \"tenant boundary\"), as in spec-kit/runtime. Further names are declared in the manifest,",
    "each with a one-line doc, under guardrails.runtime_gate, guardrails.policy_gate or guardrails.audit_trace. A name",
    "that is neither is reported at the entry, with the nearest known name offered: a generated gate would not check a",
    "misspelt gate, so the runtime refuses to build one until its decision source is given. Without a manifest",
    "(spec-kit validate of single files) only names near a protocol name, or listed under the wrong group, are reported.",
    "An audit_trace entry that only misspells a trace id (traceId) is protocol/trace-ids's finding.",
  ].join("\n"),
  messages: {
    unknown: 'guardrails.{{group}} lists unknown name "{{name}}"; did you mean "{{suggestion}}"?',
    undeclared: 'guardrails.{{group}} lists unknown name "{{name}}": not one of {{known}}, and the manifest declares no such name under guardrails.{{group}}',
    wrongGroup: '"{{name}}" is a guardrails.{{other}} name, not a guardrails.{{group}} one',
  },
  examples: {
    failing: {
      description: "P7 misspells approval; the generated gate would have no approval check.",
      files: phaseBundle(phaseYaml({ replace: { "policy_gate: [approval, tenant boundary]": "policy_gate: [aproval, tenant boundary]" } })),
    },
    passing: {
      description: "rate-limit is declared in the manifest, with its one-line doc.",
      files: phaseBundle(
        phaseYaml({ replace: { "runtime_gate: [budget, timeout, sandbox, token]": "runtime_gate: [budget, timeout, sandbox, token, rate-limit]" } }),
        `${EXAMPLE_MANIFEST_YAML}guardrails:\n  runtime_gate:\n    rate-limit: at most 10 tasks a minute per tenant\n`,
      ),
    },
  },
  check({ phase, manifest }, report) {
    const guardrails = asRecord(own(phase.data, "guardrails"));
    if (!guardrails) return;
    const file = phase.document.file;
    for (const group of GROUPS) {
      const list = own(guardrails, group);
      if (!Array.isArray(list)) continue;
      const declared = declaredGuardrails(manifest, group);
      list.forEach((name: unknown, index) => {
        if (typeof name !== "string" || isBuiltInGuardrail(group, name) || declared.includes(name)) return;
        if (group === "audit_trace" && TRACE_ID_FOLDS.has(foldTraceId(name))) return;
        const at = { file, path: ["guardrails", group, index] };
        const other = GROUPS.find((candidate) => candidate !== group && (isBuiltInGuardrail(candidate, name) || declaredGuardrails(manifest, candidate).includes(name)));
        if (other !== undefined) {
          report("wrongGroup", at, { name, group, other });
          return;
        }
        const suggestion = nearestGuardrail(name, [...BUILT_IN_GUARDRAILS[group], ...declared]);
        if (suggestion !== undefined) report("unknown", at, { name, group, suggestion });
        else if (manifest !== undefined) report("undeclared", at, { name, group, known: quoteList([...BUILT_IN_GUARDRAILS[group], ...declared]) });
      });
    }
  },
});

export default unknownName;
