import type { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonPath } from "../diagnostics.js";
import { pointerToPath } from "../validate/instance-path.js";
import { createAjv } from "./ajv.js";
import { MAX_NOTATION_DEPTH } from "./notation.js";

/** What is wrong with a contract written as a JSON Schema, and where inside it. */
export interface JsonSchemaProblem {
  messageId: "externalRef" | "invalidSchema" | "notCompilable" | "tooDeep";
  data: Record<string, string>;
  /** Path inside the JSON Schema object. */
  path: JsonPath;
}

/** The messages of {@link JsonSchemaProblem}, keyed by id. */
export const JSON_SCHEMA_MESSAGES = {
  externalRef: '"$ref": "{{ref}}" points outside the contract; only local references such as #/$defs/name are allowed',
  invalidSchema: "not a valid JSON Schema (draft 2020-12): {{message}}",
  notCompilable: "the JSON Schema does not compile: {{message}}",
  tooDeep: "the JSON Schema nests deeper than {{limit}} levels of objects and arrays; write the inner part as a $defs entry referred to by $ref, or flatten it",
} as const;

/**
 * How deep a contract written as a JSON Schema may nest, counting every object and array: twice
 * the notation's limit, as each notation level (an object's properties, an array's items) is two
 * JSON levels. Deeper schemas are refused before ajv, json-schema-to-typescript or the shape
 * comparison recurse into them (they would exhaust the stack).
 */
export const MAX_SCHEMA_DEPTH = 2 * MAX_NOTATION_DEPTH;

/** The path of the first object or array nested deeper than {@link MAX_SCHEMA_DEPTH}, walked without recursion; undefined when none is. */
function tooDeepAt(schema: unknown): JsonPath | undefined {
  const stack: { value: unknown; path: JsonPath }[] = [{ value: schema, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_SCHEMA_DEPTH) return path;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return undefined;
}

let ajvInstance: Ajv2020 | undefined;

/** The `$id` a schema is checked under (compiled, never added to the instance). */
const CHECK_ID = "https://spec-kit.dev/contracts/checked.schema.json";

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
 * Checks a contract written as a JSON Schema: no deeper than {@link MAX_SCHEMA_DEPTH}, only local `$ref`s, valid against the draft
 * 2020-12 meta-schema, and compilable by ajv in strict mode (an unknown keyword such as
 * `requird` is refused). Pure: ajv compiles in memory.
 */
export function checkJsonSchemaForm(schema: Readonly<Record<string, unknown>>): JsonSchemaProblem[] {
  const problems: JsonSchemaProblem[] = [];
  const deep = tooDeepAt(schema);
  if (deep) return [{ messageId: "tooDeep", data: { limit: String(MAX_SCHEMA_DEPTH) }, path: deep }];
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
    // Under an $id, as apply compiles it: ajv resolves a reference to the root ("#") only from one.
    instance.compile({ ...candidate, $id: CHECK_ID });
  } catch (error) {
    problems.push({ messageId: "notCompilable", data: { message: (error as Error).message }, path: [] });
  }
  return problems;
}
