/**
 * The contracts a document declares, compiled to JSON Schema: a mission's `contracts` (their
 * `schema` as a notation string, `fields:`, a JSON Schema object or a `$ref` to a published
 * contract schema) and a phase report's `data_models` (their `fields:` in the same forms, or
 * else their `keys` as required string fields). Pure; memoized per parsed document, so the
 * rules and the emit stage compile each document once.
 */
import type { LoadedDocument } from "../bundle.js";
import { asRecord, own } from "../guards.js";
import type { JsonPath, LocationTarget, SourceRange } from "../diagnostics.js";
import type { SourceDocument } from "../load/source-document.js";
import { BUILTIN_CONTRACT_SCHEMAS } from "./builtin-schemas.js";
import { checkJsonSchemaForm, JSON_SCHEMA_MESSAGES } from "./json-schema-form.js";
import { locateInString } from "./locate-in-string.js";
import { NOTATION_MESSAGES, parseNotation, parseNotationType, type JsonSchema, type NotationField, type NotationFinding } from "./notation.js";

/** The messages of findings about a `fields:` list that the notation itself cannot make. */
export const FIELD_LIST_MESSAGES = {
  formatOnNonString: 'format {{format}} applies to string fields, but field "{{name}}" is {{type}}',
  enumOnNonString: 'enum applies to string fields, but field "{{name}}" is {{type}}',
  illFormedName: "field name {{name}} is not well-formed Unicode (it holds an unpaired surrogate, which no JSON Schema tool can address); spell it without one",
} as const;

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Property names at any depth of a schema that are not well-formed Unicode, with the top-level field holding each. */
function illFormedNames(schema: JsonSchema): { name: string; top: string }[] {
  const found: { name: string; top: string }[] = [];
  const walk = (value: unknown, top: string | undefined, depth: number): void => {
    if (depth > 200 || typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, top, depth + 1);
      return;
    }
    for (const [key, inner] of Object.entries(value)) {
      if (key === "properties" && typeof inner === "object" && inner !== null && !Array.isArray(inner)) {
        for (const [name, property] of Object.entries(inner)) {
          const holder = top ?? name;
          if (LONE_SURROGATE.test(name)) found.push({ name, top: holder });
          walk(property, holder, depth + 1);
        }
      } else {
        walk(inner, top, depth + 1);
      }
    }
  };
  walk(schema, undefined, 0);
  return found;
}

/** Refuses a shape whose property names ajv and json-schema-to-typescript cannot handle: a finding at the field, and no schema. */
function refuseIllFormedNames(compiled: CompiledShape, findings: ContractFinding[]): CompiledShape {
  if (!compiled.schema) return compiled;
  // A keys shape names nothing but its keys (most models of a large bundle): no walk when none holds a surrogate.
  if (compiled.form === "keys" && !Object.keys(asRecord(compiled.schema.properties) ?? {}).some((name) => SURROGATE.test(name))) return compiled;
  const names = illFormedNames(compiled.schema);
  if (names.length === 0) return compiled;
  for (const { name, top } of names) {
    findings.push({ form: "notation", messageId: "illFormedName", data: { name: JSON.stringify(name) }, site: compiled.fieldSite(top) });
  }
  const refused = { ...compiled };
  delete refused.schema;
  return refused;
}

/** Every message id of `contract/notation`: the notation's and the field list's. */
export const CONTRACT_NOTATION_MESSAGES = { ...NOTATION_MESSAGES, ...FIELD_LIST_MESSAGES } as const;

/** Where a finding points: a JSON path, or exact characters inside the string value at a path. */
export interface ContractSite {
  file: string;
  path: JsonPath;
  on?: LocationTarget;
  /** Present when the site is inside a string: resolved to a range on demand. */
  range?: () => SourceRange;
}

/** A problem with how a contract's shape is written. */
export interface ContractFinding {
  /** What is wrong: a notation string or `fields:` list (contract/notation reports it), or a JSON Schema form (contract/json-schema). */
  form: "notation" | "json-schema";
  messageId: keyof typeof CONTRACT_NOTATION_MESSAGES | keyof typeof JSON_SCHEMA_MESSAGES;
  data: Readonly<Record<string, string>>;
  site: ContractSite;
}

/** How a contract's shape is written. */
export type ContractForm = "notation" | "fields" | "json-schema" | "ref" | "keys";

/** What a data model adds to its contract. */
export interface ModelFacts {
  kind: string | undefined;
  keys: readonly string[];
  appendOnly: boolean;
}

/** One contract (a mission contract or a phase's data model) with its compiled shape. */
export interface ContractDefinition {
  name: string;
  origin: "contract" | "model";
  document: SourceDocument;
  /** The contract or model object in its document. */
  path: JsonPath;
  /** Where its shape is written: its `schema`, `fields` or (for a model without fields) `keys`. */
  shapePath: JsonPath;
  form: ContractForm;
  /** The JSON Schema (an object schema, without `$id`/`title`); absent when the source has a finding. */
  schema?: JsonSchema;
  /** For data models. */
  model?: ModelFacts;
  /** Where a top-level field is written (the shape itself when the field is not found there). */
  fieldSite(field: string): ContractSite;
}

/** The contracts of one document and the findings about how they are written. */
export interface DocumentContracts {
  definitions: ContractDefinition[];
  findings: ContractFinding[];
}

const cache = new WeakMap<SourceDocument, DocumentContracts>();

/** The contracts `document` declares (none for other kinds), compiled once per parsed document. */
export function documentContracts(document: LoadedDocument<unknown>): DocumentContracts {
  const cached = cache.get(document.document);
  if (cached) return cached;
  const out: DocumentContracts = { definitions: [], findings: [] };
  if (document.kind === "mission") missionContracts(document.document, document.data, out);
  else if (document.kind === "phase") modelContracts(document.document, document.data, out);
  cache.set(document.document, out);
  return out;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function missionContracts(document: SourceDocument, data: unknown, out: DocumentContracts): void {
  const list = own(data, "contracts");
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    const name = nonEmptyString(own(item, "name"));
    if (name === undefined || !Object.prototype.hasOwnProperty.call(asRecord(item) ?? {}, "schema")) return;
    const path: JsonPath = ["contracts", index];
    const compiled = compileShape(document, [...path, "schema"], own(item, "schema"), true, out.findings);
    if (compiled) out.definitions.push({ name, origin: "contract", document, path, ...refuseIllFormedNames(compiled, out.findings) });
  });
}

function modelContracts(document: SourceDocument, data: unknown, out: DocumentContracts): void {
  const list = own(data, "data_models");
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    const record = asRecord(item);
    const name = nonEmptyString(own(record, "name"));
    if (!record || name === undefined) return;
    const path: JsonPath = ["data_models", index];
    const keysValue = own(record, "keys");
    // At its own length: `filter` leaves room for 17 or more, and every model of the bundle keeps it.
    const keys = Array.isArray(keysValue) ? keysValue.filter((k): k is string => typeof k === "string").slice() : [];
    const kind = own(record, "kind");
    const model: ModelFacts = { kind: typeof kind === "string" ? kind : undefined, keys, appendOnly: own(record, "append_only") === true };
    const compiled = Object.prototype.hasOwnProperty.call(record, "fields")
      ? compileShape(document, [...path, "fields"], record.fields, false, out.findings)
      : keysShape(document, [...path, "keys"], keysValue);
    if (compiled) out.definitions.push({ name, origin: "model", document, path, model, ...refuseIllFormedNames(compiled, out.findings) });
  });
}

type CompiledShape = Pick<ContractDefinition, "shapePath" | "form" | "schema" | "fieldSite">;

/** A model without fields: each key a required string field. */
function keysShape(document: SourceDocument, shapePath: JsonPath, keysValue: unknown): CompiledShape {
  // Kept for every data model of the bundle: no index map (the first index of a key is looked up
  // when a finding needs it) and `required` copied to its own length.
  const properties: Record<string, JsonSchema> = {};
  const pushed: string[] = [];
  if (Array.isArray(keysValue)) {
    for (const key of keysValue) {
      if (typeof key !== "string" || Object.prototype.hasOwnProperty.call(properties, key)) continue;
      defineOwn(properties, key, { type: "string" });
      pushed.push(key);
    }
  }
  const schema: JsonSchema = { type: "object", properties };
  if (pushed.length > 0) schema.required = pushed.slice();
  schema.additionalProperties = false;
  return {
    shapePath,
    form: "keys",
    schema,
    fieldSite: (field) => {
      const index = Array.isArray(keysValue) ? keysValue.indexOf(field) : -1;
      return { file: document.file, path: index < 0 ? shapePath : [...shapePath, index] };
    },
  };
}

/** Compiles one shape value in any form; undefined when the value is in no form (the schema rules report it). */
function compileShape(document: SourceDocument, shapePath: JsonPath, value: unknown, allowRef: boolean, findings: ContractFinding[]): CompiledShape | undefined {
  const file = document.file;
  const shapeSite = (): ContractSite => ({ file, path: shapePath });
  if (typeof value === "string") {
    const result = parseNotation(value);
    findings.push(...result.findings.map((finding) => notationFinding(document, shapePath, value, finding)));
    return {
      shapePath,
      form: "notation",
      ...(result.schema ? { schema: result.schema } : {}),
      fieldSite: (field) => {
        const found = result.fields.find((f: NotationField) => f.name === field);
        return found ? stringSite(document, shapePath, value, found.start, found.end) : shapeSite();
      },
    };
  }
  if (Array.isArray(value)) return compileFieldList(document, shapePath, value, findings);
  const record = asRecord(value);
  if (!record) return undefined;
  if (Object.prototype.hasOwnProperty.call(record, "$ref") && allowRef) {
    const ref = record.$ref;
    const builtin = typeof ref === "string" && Object.prototype.hasOwnProperty.call(BUILTIN_CONTRACT_SCHEMAS, ref) ? BUILTIN_CONTRACT_SCHEMAS[ref] : undefined;
    if (!builtin) return undefined;
    const schema = structuredClone(builtin) as JsonSchema;
    delete schema.$schema;
    delete schema.$id;
    delete schema.title;
    return { shapePath, form: "ref", schema, fieldSite: shapeSite };
  }
  if (allowRef && Object.prototype.hasOwnProperty.call(record, "fields")) {
    if (!Array.isArray(record.fields)) return undefined;
    return compileFieldList(document, [...shapePath, "fields"], record.fields, findings);
  }
  if (record.type !== "object" || asRecord(record.properties) === undefined) return undefined;
  const problems = checkJsonSchemaForm(record);
  for (const problem of problems) {
    findings.push({ form: "json-schema", messageId: problem.messageId, data: problem.data, site: { file, path: [...shapePath, ...problem.path], on: "value" } });
  }
  const schema = structuredClone(record) as JsonSchema;
  delete schema.$schema;
  delete schema.$id;
  delete schema.title;
  const properties = asRecord(record.properties)!;
  return {
    shapePath,
    form: "json-schema",
    ...(problems.length === 0 ? { schema } : {}),
    fieldSite: (field) =>
      Object.prototype.hasOwnProperty.call(properties, field) ? { file, path: [...shapePath, "properties", field], on: "key" } : shapeSite(),
  };
}

/** A `fields:` list: each field's `type` is a notation type (or `object`/`array`), refined by `format`, `enum` and `optional`. */
function compileFieldList(document: SourceDocument, shapePath: JsonPath, list: readonly unknown[], findings: ContractFinding[]): CompiledShape {
  const file = document.file;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const indexOf = new Map<string, number>();
  let failed = false;
  list.forEach((item, index) => {
    const record = asRecord(item);
    const name = typeof own(record, "name") === "string" ? (own(record, "name") as string) : undefined;
    const type = own(record, "type");
    if (!record || name === undefined || typeof type !== "string" || type === "") {
      failed = true;
      return;
    }
    const fieldPath: JsonPath = [...shapePath, index];
    let schema: JsonSchema | undefined;
    if (type === "object" || type === "array") {
      schema = { type };
    } else {
      const result = parseNotationType(type);
      findings.push(...result.findings.map((finding) => notationFinding(document, [...fieldPath, "type"], type, finding)));
      schema = result.schema;
    }
    if (indexOf.has(name)) {
      failed = true;
      findings.push({
        form: "notation",
        messageId: "duplicateField",
        data: { name },
        site: { file, path: [...fieldPath, "name"] },
      });
      return;
    }
    indexOf.set(name, index);
    if (!schema) {
      failed = true;
      return;
    }
    const isString = schema.type === "string";
    const describe = (): string => (typeof schema!.type === "string" ? schema!.type : schema!.enum ? "an enum" : "not a string");
    const format = own(record, "format");
    if (typeof format === "string") {
      if (!isString) {
        failed = true;
        findings.push({ form: "notation", messageId: "formatOnNonString", data: { format, name, type: describe() }, site: { file, path: [...fieldPath, "format"] } });
      } else {
        schema = { ...schema, format };
      }
    }
    const values = own(record, "enum");
    if (Array.isArray(values)) {
      if (!isString) {
        failed = true;
        findings.push({ form: "notation", messageId: "enumOnNonString", data: { name, type: describe() }, site: { file, path: [...fieldPath, "enum"] } });
      } else {
        // The same shape the notation gives 'a' | 'b', so that the forms compare equal.
        schema = { enum: [...new Set(values.filter((v) => typeof v === "string"))] };
      }
    }
    const description = own(record, "description");
    if (typeof description === "string") schema = { ...schema, description };
    defineOwn(properties, name, schema);
    if (own(record, "optional") !== true) required.push(name);
  });
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  schema.additionalProperties = false;
  return {
    shapePath,
    form: "fields",
    ...(failed ? {} : { schema }),
    fieldSite: (field) => {
      const index = indexOf.get(field);
      return { file, path: index === undefined ? shapePath : [...shapePath, index, "name"] };
    },
  };
}

function defineOwn(target: Record<string, JsonSchema>, key: string, value: JsonSchema): void {
  // Only `__proto__` is an accessor of Object.prototype: any other key is assigned as an own data
  // property, as defineProperty would make it (which costs several times more, per field of every model).
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function stringSite(document: SourceDocument, path: JsonPath, value: string, start: number, end: number): ContractSite {
  return { file: document.file, path, range: () => locateInString(document, path, value, start, end) };
}

function notationFinding(document: SourceDocument, path: JsonPath, value: string, finding: NotationFinding): ContractFinding {
  return { form: "notation", messageId: finding.messageId, data: finding.data, site: stringSite(document, path, value, finding.start, finding.end) };
}

/** A site as a rule reports it: a path, and the exact range when the site is inside a string. */
export function siteTarget(site: ContractSite): { file: string; path: JsonPath; on?: LocationTarget; range?: SourceRange } {
  return { file: site.file, path: site.path, ...(site.on ? { on: site.on } : {}), ...(site.range ? { range: site.range() } : {}) };
}
