import { defineDocumentRule } from "../../compiler/check/rule.js";
import { PHASE_REPORT_KEYS } from "../../compiler/constants.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";

/** protocol/required-keys: a phase report lacks one of the 12 contract keys (the schema's root `required`). */
export const requiredKeys = defineDocumentRule({
  id: "protocol/required-keys",
  scope: "document",
  defaultSeverity: "error",
  doc: "A phase report must have all 12 contract keys.",
  details:
    "The P1–P13 protocol fixes the shape of every phase report: phase_meta, objective, invariants, module_scope, " +
    "data_models, flow, guardrails, tests, acceptance, rollback, dependency_graph and status. A report without one of " +
    "them is incomplete; write the key even when its lists are empty. Keys missing inside a section are protocol/schema's.",
  messages: {
    missingKey: 'missing required key "{{key}}"',
    noContractKey: "the document has none of the 12 keys of a phase report: {{keys}}",
  },
  examples: {
    failing: {
      description: "The report has no rollback section.",
      files: phaseBundle(phaseYaml({ replace: { "rollback: {trigger: denials drop, action: revert the binding, target_version: v1}\n": "" } })),
    },
    passing: { description: "All 12 keys are present.", files: phaseBundle() },
  },
  check({ document }, report) {
    if (document.kind !== "phase") return;
    const missing = document.schemaIssues.filter((issue) => issue.kind === "required" && issue.path.length === 0 && issue.key !== undefined);
    // Twelve findings at one place say one thing: this is not a phase report yet (an empty {}, a blank template).
    if (missing.length === PHASE_REPORT_KEYS.length) {
      report("noContractKey", { file: document.document.file, path: [], on: "value" }, { keys: PHASE_REPORT_KEYS.join(", ") });
      return;
    }
    for (const issue of missing) report("missingKey", { file: document.document.file, path: issue.path, on: issue.on }, { key: issue.key! });
  },
});

export default requiredKeys;
