import { defineDocumentRule } from "../../compiler/check/rule.js";
import { ISSUE_MESSAGE_ID } from "../../compiler/validate/schema-issues.js";
import { EXAMPLE_MISSION_YAML, missionBundle, withReplacement } from "../../compiler/check/rule-examples.js";

/** mission/schema: a mission document does not match schemas/mission.schema.json. */
export const missionSchema = defineDocumentRule({
  id: "mission/schema",
  scope: "document",
  defaultSeverity: "error",
  doc: "A mission document must match schemas/mission.schema.json.",
  details:
    "Mission documents describe components, data contracts, roles and actions; the contract and role checks read " +
    "them only as the schema shapes them. Every missing key, unknown key, wrong type or enum value is reported here.",
  messages: {
    // The validator words each issue from the schema (compiler/validate/schema-issues.ts).
    invalid: "{{message}}",
    missingKey: "{{message}}",
    unknownKey: "{{message}}",
  },
  examples: {
    failing: {
      description: "A component interface names a transport the schema does not know.",
      files: missionBundle(withReplacement(EXAMPLE_MISSION_YAML, "kind: rest", "kind: carrier-pigeon")),
    },
    passing: { description: "A mission with one component.", files: missionBundle(EXAMPLE_MISSION_YAML) },
  },
  check({ document }, report) {
    if (document.kind !== "mission") return;
    for (const issue of document.schemaIssues) {
      report(ISSUE_MESSAGE_ID[issue.kind], { file: document.document.file, path: issue.path, on: issue.on }, { message: issue.message });
    }
  },
});

export default missionSchema;
