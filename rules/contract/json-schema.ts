import { defineDocumentRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";
import { documentContracts } from "../../compiler/contracts/document-contracts.js";
import { JSON_SCHEMA_MESSAGES } from "../../compiler/contracts/json-schema-form.js";

const MODEL = "data_models: [{name: SessionLease, kind: table, keys: [session_id, tenant_id], append_only: true}]";
const withFields = (fields: string): string =>
  phaseYaml({ replace: { [MODEL]: `data_models: [{name: SessionLease, kind: table, keys: [session_id, tenant_id], append_only: true, fields: ${fields}}]` } });

/** contract/json-schema: a contract written as a JSON Schema that is not a valid, self-contained draft 2020-12 schema. */
export const contractJsonSchema = defineDocumentRule({
  id: "contract/json-schema",
  scope: "document",
  defaultSeverity: "error",
  doc: "A contract written as a JSON Schema must be valid draft 2020-12, compile in strict mode, refer only to itself and nest at most 128 levels.",
  details: [
    "A mission contract's `schema:` or a data model's `fields:` may be a JSON Schema object (`type: object` with",
    "`properties`). spec-kit compiles it with ajv in strict mode, as `apply` will when it writes the contract's",
    "validator: a keyword that does not exist (such as `requird`), a malformed keyword or a `$ref` that leaves",
    "the schema (anything but #/...) is reported where it is written. A reference to the schema itself (#) or into its",
    "$defs may make it recursive. A schema nested deeper than 128 levels of objects and arrays is refused where the limit",
    "is passed: ajv, json-schema-to-typescript and the shape comparison would exhaust the stack on it.",
  ].join("\n"),
  messages: JSON_SCHEMA_MESSAGES,
  examples: {
    failing: {
      description: "The schema misspells required as requird.",
      files: phaseBundle(withFields("{type: object, properties: {session_id: {type: string}, tenant_id: {type: string}}, requird: [tenant_id]}")),
    },
    passing: {
      description: "A strict JSON Schema with its required fields.",
      files: phaseBundle(withFields("{type: object, properties: {session_id: {type: string}, tenant_id: {type: string}}, required: [session_id, tenant_id]}")),
    },
  },
  check({ document }, report) {
    for (const finding of documentContracts(document).findings) {
      if (finding.form !== "json-schema") continue;
      report(finding.messageId as keyof typeof JSON_SCHEMA_MESSAGES, { file: finding.site.file, path: finding.site.path, ...(finding.site.on ? { on: finding.site.on } : {}) }, finding.data);
    }
  },
});

export default contractJsonSchema;
