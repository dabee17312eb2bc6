import type { SchemaIssue } from "../bundle.js";
import type { DocumentKind } from "../constants.js";
import { toSchemaIssues } from "./schema-issues.js";
import { validators } from "./standalone/validators.js";

/**
 * Validates a parsed document against the schema of its kind (`schemas/`, compiled ahead of
 * time by scripts/build-validators.mjs) and returns the issues in words a person understands,
 * sorted by path. A kind whose schema does not exist yet has no issues.
 */
export function validateDocument(kind: DocumentKind, value: unknown): SchemaIssue[] {
  const validate = validators[kind];
  if (!validate || validate(value)) return [];
  return toSchemaIssues(validate.errors ?? [], value, kind);
}
