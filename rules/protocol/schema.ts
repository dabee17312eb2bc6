import type { SchemaIssue } from "../../compiler/bundle.js";
import { defineDocumentRule } from "../../compiler/check/rule.js";
import { ISSUE_MESSAGE_ID } from "../../compiler/validate/schema-issues.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";

/** Whether protocol/required-keys or protocol/unknown-key reports the issue instead. */
function isTopLevelKeyIssue(issue: SchemaIssue): boolean {
  return (issue.kind === "required" && issue.path.length === 0) || (issue.kind === "unknown-key" && issue.path.length === 1);
}

/** protocol/schema: a field of a phase report has the wrong type, enum value or shape. */
export const protocolSchema = defineDocumentRule({
  id: "protocol/schema",
  scope: "document",
  defaultSeverity: "error",
  doc: "Every field of a phase report must have the type, value and shape schemas/phase-report.schema.json gives it.",
  details:
    "Checks each section of a phase report against the published schema: types (completion is a number), enum " +
    "values (priority is one of highest, high, medium, low), required and unknown keys inside sections, and lengths " +
    "and patterns. Missing or unknown top-level keys are reported by protocol/required-keys and protocol/unknown-key.",
  messages: {
    // The validator words each issue from the schema (compiler/validate/schema-issues.ts).
    invalid: "{{message}}",
    missingKey: "{{message}}",
    unknownKey: "{{message}}",
  },
  examples: {
    failing: {
      description: "status.completion is written as a word.",
      files: phaseBundle(phaseYaml({ replace: { "completion: 0.5": "completion: high" } })),
    },
    passing: { description: "Every field matches the schema.", files: phaseBundle() },
  },
  check({ document }, report) {
    if (document.kind !== "phase") return;
    for (const issue of document.schemaIssues) {
      if (isTopLevelKeyIssue(issue)) continue;
      report(ISSUE_MESSAGE_ID[issue.kind], { file: document.document.file, path: issue.path, on: issue.on }, { message: issue.message });
    }
  },
});

export default protocolSchema;
