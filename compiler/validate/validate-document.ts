import type { SchemaIssue } from "../bundle.js";
import type { DocumentKind } from "../constants.js";
import { toSchemaIssues } from "./schema-issues.js";
import type { StandaloneValidate } from "./standalone-validator.js";
import { validatorLoaders } from "./standalone/validators.js";

/** The validators loaded so far, by kind: each kind's generated module is loaded when a document of it is first met. */
const loaded = new Map<DocumentKind, StandaloneValidate | undefined>();

function validatorOf(kind: DocumentKind): StandaloneValidate | undefined {
  if (loaded.has(kind)) return loaded.get(kind);
  const validate = validatorLoaders[kind]?.();
  loaded.set(kind, validate);
  return validate;
}

/**
 * Validates a parsed document against the schema of its kind (`schemas/`, compiled ahead of
 * time by scripts/build-validators.mjs) and returns the issues in words a person understands,
 * sorted by path. A kind whose schema does not exist yet has no issues.
 */
export function validateDocument(kind: DocumentKind, value: unknown): SchemaIssue[] {
  const validate = validatorOf(kind);
  if (!validate || validate(value)) return [];
  return toSchemaIssues(validate.errors ?? [], value, kind);
}
