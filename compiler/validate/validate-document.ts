// PLACEHOLDER: the validation owner replaces this with ajv (standalone) validation.
import type { DocumentKind, SchemaIssue } from "../bundle.js";

/** Validates a parsed document against the schema of its kind. */
export function validateDocument(kind: DocumentKind, value: unknown): SchemaIssue[] {
  void kind;
  void value;
  return [];
}
