import { defineDocumentRule } from "../../compiler/check/rule.js";
import { EXAMPLE_PHASE_YAML, phaseBundle } from "../../compiler/check/rule-examples.js";

/** protocol/unknown-key: a phase report has a top-level key outside the 12 contract keys. */
export const unknownKey = defineDocumentRule({
  id: "protocol/unknown-key",
  scope: "document",
  defaultSeverity: "error",
  doc: "A phase report may have no top-level key outside the 12 contract keys.",
  details:
    "The protocol allows exactly the 12 contract keys at the top of a phase report, so that every tool reads every " +
    "report the same way. A misspelt key (statuss) or an extra section (notes) is reported at the key. Unknown keys " +
    "inside a section are protocol/schema's.",
  messages: {
    // The validator words it, listing the keys the schema allows (compiler/validate/schema-issues.ts).
    unknownKey: "{{message}}",
  },
  examples: {
    failing: {
      description: "The report adds a notes section.",
      files: phaseBundle(`${EXAMPLE_PHASE_YAML}notes: ask the security team about lease renewal\n`),
    },
    passing: { description: "Only the 12 contract keys.", files: phaseBundle() },
  },
  check({ document }, report) {
    if (document.kind !== "phase") return;
    for (const issue of document.schemaIssues) {
      if (issue.kind !== "unknown-key" || issue.path.length !== 1) continue;
      report("unknownKey", { file: document.document.file, path: issue.path, on: issue.on }, { message: issue.message });
    }
  },
});

export default unknownKey;
