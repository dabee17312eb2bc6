import { defineManifestRule } from "../../compiler/check/rule.js";
import { CODE_SECTION_MESSAGES } from "../../compiler/code/code-messages.js";
import { MANIFEST_LOAD_MESSAGES } from "../../compiler/load/load-messages.js";
import { ISSUE_MESSAGE_ID } from "../../compiler/validate/schema-issues.js";
import { EXAMPLE_MANIFEST_YAML, phaseBundle, withReplacement } from "../../compiler/check/rule-examples.js";

/**
 * manifest/schema: the manifest is missing, unreadable or malformed. The stages report a
 * missing, unparsable or second manifest and an unusable `code` section under its topic
 * `manifest`; this rule reports the manifest's schema issues.
 */
export const manifestSchema = defineManifestRule({
  id: "manifest/schema",
  scope: "manifest",
  topic: "manifest",
  defaultSeverity: "error",
  doc: "The bundle must have one manifest (spec-kit.yaml or spec-kit.json) that matches schemas/manifest.schema.json.",
  details:
    "Without a trustworthy manifest nothing else can be checked: layers, allowed flows and tenancy all come from it. " +
    "The manifest needs specKit: 1 and a name; layers, allow, tenancy, rules, limits, guardrails, policies and code are optional, and no " +
    "other key is allowed.",
  messages: {
    // The validator words each issue from the schema (compiler/validate/schema-issues.ts).
    invalid: "{{message}}",
    missingKey: "{{message}}",
    unknownKey: "{{message}}",
    // The loader's and the code model's findings about the manifest and its code section.
    ...MANIFEST_LOAD_MESSAGES,
    ...CODE_SECTION_MESSAGES,
  },
  examples: {
    failing: {
      description: "The manifest names a format version spec-kit does not know.",
      files: { ...phaseBundle(), "spec-kit.yaml": withReplacement(EXAMPLE_MANIFEST_YAML, "specKit: 1", "specKit: 2") },
    },
    passing: { description: "A manifest with layers and tenancy.", files: phaseBundle() },
  },
  check({ manifest }, report) {
    for (const issue of manifest.schemaIssues) {
      report(ISSUE_MESSAGE_ID[issue.kind], { file: manifest.document.file, path: issue.path, on: issue.on }, { message: issue.message });
    }
  },
});

export default manifestSchema;
