import type { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonPath } from "../diagnostics.js";
import { pointerToPath } from "../validate/instance-path.js";
import { createAjv } from "./ajv.js";

/** What is wrong with a contract written as a JSON Schema, and where inside it. */
export interface JsonSchemaProblem {
  messageId: "externalRef" | "invalidSchema" | "notCompilable";
  data: Record<string, string>;
  /** Path inside the JSON Schema object. */
  path: JsonPath;
}

/** The messages of {@link JsonSchemaProblem}, keyed by id. */
export const JSON_SCHEMA_MESSAGES = {
  externalRef: '"$ref": "{{ref}}" points outside the contract; only local references such as #/$defs/name are allowed',
  invalidSchema: "not a valid JSON Schema (draft 2020-12): {{message}}",
  notCompilable: "the JSON Schema does not compile: {{message}}",
} as const;

let ajvInstance: Ajv2020 | undefined;

/** The strict checker, made on first use: most bundles write no contract as a JSON Schema. */
function ajv(): Ajv2020 {
  return (ajvInstance ??= createAjv({ strict: true, allErrors: true, validateFormats: true, addUsedSchema: false }));
}

function externalRefs(value: unknown, path: (string | number)[], out: JsonSchemaProblem[], depth = 0): void {
  if (depth > 200 || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => externalRefs(item, [...path, index], out, depth + 1));
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key === "$ref" && typeof inner === "string" && !inner.startsWith("#")) out.push({ messageId: "externalRef", data: { ref: inner }, path: [...path, key] });
    else externalRefs(inner, [...path, key], out, depth + 1);
  }
}

/**
 * Checks a contract written as a JSON Schema: only local `$ref`s, valid against the draft
 * 2020-12 meta-schema, and compilable by ajv in strict mode (an unknown keyword such as
 * `requird` is refused). Pure: ajv compiles in memory.
 */
export function checkJsonSchemaForm(schema: Readonly<Record<string, unknown>>): JsonSchemaProblem[] {
  const problems: JsonSchemaProblem[] = [];
  externalRefs(schema, [], problems);
  if (problems.length > 0) return problems;
  const instance = ajv();
  const candidate = { ...schema };
  delete candidate.$id;
  delete candidate.$schema;
  if (!instance.validateSchema(candidate)) {
    for (const error of instance.errors ?? []) {
      problems.push({ messageId: "invalidSchema", data: { message: `${error.instancePath || "(schema)"} ${error.message ?? "is invalid"}` }, path: pointerToPath(error.instancePath, candidate) });
    }
    return problems.slice(0, 1);
  }
  try {
    instance.compile(candidate);
  } catch (error) {
    problems.push({ messageId: "notCompilable", data: { message: (error as Error).message }, path: [] });
  }
  return problems;
}
