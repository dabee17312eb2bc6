/**
 * The differences between two versions of a contract's JSON Schema, field by field, each
 * classified the way buf classifies a change of a message: whether data that was valid before
 * (written by old producers, or read by old consumers) can break under the new shape. Pure.
 *
 * Breaking: a field removed or renamed, a type changed or narrowed (number to integer, string
 * to UUID, string to an enum, a union losing a member), an optional field made required, a
 * required field added, an enum value removed, other constraints changed. Not breaking: a field
 * or an enum value added, a type widened, a required field made optional; and annotations
 * (title, description, examples, ...) never count.
 */
import { canonicalJson } from "../../common/canonical-json.js";
import type { JsonSchema } from "./notation.js";

/** The kind of one difference. */
export type ShapeChangeKind =
  | "field-removed"
  | "field-renamed"
  | "field-added"
  | "required-field-added"
  | "optional-made-required"
  | "required-made-optional"
  | "type-changed"
  | "type-narrowed"
  | "type-widened"
  | "enum-value-removed"
  | "enum-value-added"
  | "constraints-changed";

/** Which kinds break data written or read under the old shape. */
export const BREAKING_KINDS: ReadonlySet<ShapeChangeKind> = new Set([
  "field-removed",
  "field-renamed",
  "required-field-added",
  "optional-made-required",
  "type-changed",
  "type-narrowed",
  "enum-value-removed",
  "constraints-changed",
]);

/** One difference between an old and a new shape. */
export interface ShapeChange {
  kind: ShapeChangeKind;
  /** Field names from the top (`[]` for array items); empty for the whole contract. */
  field: readonly string[];
  /** The type before and after (as the notation writes it), a removed or added enum value, or a new field name. */
  from?: string;
  to?: string;
  value?: string;
}

/** Keywords that annotate and never change what is valid. */
const ANNOTATIONS = new Set(["title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly", "$id", "$schema", "$defs", "definitions"]);

const MAX_DEPTH = 64;

/** The schema without annotations, its local `$ref`s resolved (not recursively: the comparison walks down). */
function resolve(schema: unknown, root: JsonSchema, depth = 0): JsonSchema {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return { not: {} };
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return {};
  const record = schema as JsonSchema;
  const ref = record.$ref;
  if (typeof ref === "string" && ref.startsWith("#") && depth < MAX_DEPTH) {
    const target = pointer(root, ref.slice(1));
    if (target !== undefined) {
      const rest = { ...record };
      delete rest.$ref;
      return { ...resolve(target, root, depth + 1), ...strip(rest) };
    }
  }
  return strip(record);
}

function strip(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) if (!ANNOTATIONS.has(key)) out[key] = value;
  return out;
}

function pointer(root: JsonSchema, path: string): unknown {
  if (path === "") return root;
  let current: unknown = root;
  for (const raw of path.slice(1).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof current !== "object" || current === null || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * How many schema nodes one comparison may visit. Local `$ref`s are expanded while comparing,
 * and a schema whose definitions refer to each other several times over (a: [b, b], b: [c, c],
 * ...) expands to exponentially many nodes: past this budget the comparison gives up and falls
 * back on comparing the schemas as written (see {@link sameShape} and {@link diffShapes}).
 */
export const COMPARISON_BUDGET = 100_000;

/** Thrown when a comparison exceeds {@link COMPARISON_BUDGET}. */
class TooComplex extends Error {}

/** The work left to one comparison. */
class Budget {
  #left = COMPARISON_BUDGET;

  spend(): void {
    if (--this.#left < 0) throw new TooComplex();
  }
}

/** The local `$ref` of a schema, when it is one. */
function localRef(schema: unknown): string | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return undefined;
  const ref = (schema as JsonSchema).$ref;
  return typeof ref === "string" && ref.startsWith("#") ? ref : undefined;
}

/**
 * A comparable value of a schema: annotations dropped all the way down, local refs expanded; a
 * ref to a schema already being expanded on the way down (a recursive schema) becomes
 * `{ $recursive: n }`, n the number of expansions back, so that two recursive schemas compare
 * by structure, whatever their definitions are called.
 */
function canonical(schema: unknown, root: JsonSchema, budget: Budget, expanding: readonly string[], depth: number): unknown {
  budget.spend();
  const ref = localRef(schema);
  if (ref !== undefined && expanding.includes(ref)) return { $recursive: expanding.length - expanding.lastIndexOf(ref) };
  const resolved = resolve(schema, root);
  if (depth > MAX_DEPTH) return resolved;
  const inner = ref !== undefined && pointer(root, ref.slice(1)) !== undefined ? [...expanding, ref] : expanding;
  const deep = (value: unknown): unknown => {
    budget.spend();
    if (Array.isArray(value)) return value.map(deep);
    if (typeof value === "object" && value !== null) return canonical(value, root, budget, inner, depth + 1);
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolved)) {
    if (key === "enum" || key === "const" || key === "required") out[key] = value;
    else if (key === "properties" && typeof value === "object" && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, canonical(property, root, budget, inner, depth + 1)]));
    } else out[key] = deep(value);
  }
  if (Array.isArray(out.required)) out.required = [...(out.required as string[])].sort();
  return out;
}

/** A comparable text of a resolved schema (see {@link canonical}). */
function fingerprint(schema: unknown, root: JsonSchema, budget: Budget): string {
  return canonicalJson(canonical(schema, root, budget, [], 0));
}

/** The type of a schema as the notation writes it, for messages. */
export function typeText(schema: unknown, root: JsonSchema = {}, depth = 0): string {
  const s = resolve(schema, root);
  if (depth > 4) return "…";
  if (Array.isArray(s.enum)) return s.enum.map((v) => (typeof v === "string" ? `'${v}'` : JSON.stringify(v))).join(" | ");
  if (Array.isArray(s.anyOf)) return s.anyOf.map((m) => typeText(m, root, depth + 1)).join(" | ");
  if (s.type === "string") {
    if (s.format === "uuid") return "UUID";
    if (s.format === "uri") return "URI";
    if (s.format === "date-time") return "timestamp";
    return typeof s.format === "string" ? `string (${s.format})` : "string";
  }
  if (s.type === "array") return `${typeText(s.items, root, depth + 1)}[]`;
  if (s.type === "object") return "{ ... }";
  if (typeof s.type === "string") return s.type;
  return "a JSON Schema";
}

/** The keywords each comparison reads; any other keyword that differs is a constraint change. */
const CORE = new Set(["type", "format", "enum", "anyOf", "items", "properties", "required", "additionalProperties"]);

function otherKeywords(schema: JsonSchema, root: JsonSchema, budget: Budget): string {
  const rest: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) if (!CORE.has(key)) rest[key] = value;
  return fingerprint(rest, root, budget);
}

class Differ {
  readonly changes: ShapeChange[] = [];
  readonly budget = new Budget();
  /** The pairs of local refs compared already (the roots are "#" and "#"): a recursive schema is walked once through each pair, not without end. */
  readonly #refPairs = new Set<string>([JSON.stringify(["#", "#"])]);

  constructor(
    readonly oldRoot: JsonSchema,
    readonly newRoot: JsonSchema,
  ) {}

  add(kind: ShapeChangeKind, field: readonly string[], extra: Omit<ShapeChange, "kind" | "field"> = {}): void {
    this.changes.push({ kind, field, ...extra });
  }

  node(before: unknown, after: unknown, field: readonly string[], depth: number): void {
    const refs = [localRef(before), localRef(after)];
    if (refs.some((ref) => ref !== undefined)) {
      const pair = JSON.stringify(refs);
      if (this.#refPairs.has(pair)) return;
      this.#refPairs.add(pair);
    }
    if (fingerprint(before, this.oldRoot, this.budget) === fingerprint(after, this.newRoot, this.budget)) return;
    const o = resolve(before, this.oldRoot);
    const n = resolve(after, this.newRoot);
    const from = typeText(o, this.oldRoot);
    const to = typeText(n, this.newRoot);
    if (depth > MAX_DEPTH) {
      this.add("type-changed", field, { from, to });
      return;
    }
    const constraints = otherKeywords(o, this.oldRoot, this.budget) !== otherKeywords(n, this.newRoot, this.budget);
    if (o.type === "object" && n.type === "object" && !o.enum && !n.enum) {
      this.object(o, n, field, depth);
      if (constraints) this.add("constraints-changed", field, { from, to });
      return;
    }
    if (o.type === "array" && n.type === "array") {
      this.node(o.items, n.items, [...field, "[]"], depth + 1);
      if (constraints) this.add("constraints-changed", field, { from, to });
      return;
    }
    if (Array.isArray(o.enum) && Array.isArray(n.enum)) {
      const kept = new Set(n.enum.map((v) => canonicalJson(v)));
      const had = new Set(o.enum.map((v) => canonicalJson(v)));
      for (const value of o.enum) if (!kept.has(canonicalJson(value))) this.add("enum-value-removed", field, { value: literal(value) });
      for (const value of n.enum) if (!had.has(canonicalJson(value))) this.add("enum-value-added", field, { value: literal(value) });
      return;
    }
    const kind = this.compareScalars(o, n);
    if (kind) this.add(kind, field, { from, to });
    if (kind !== "type-changed" && constraints) this.add("constraints-changed", field, { from, to });
  }

  /** How a change between two non-object, non-array schemas classifies; undefined when only other keywords differ. */
  compareScalars(o: JsonSchema, n: JsonSchema): ShapeChangeKind | undefined {
    const oAny = Array.isArray(o.anyOf) ? o.anyOf : undefined;
    const nAny = Array.isArray(n.anyOf) ? n.anyOf : undefined;
    if (oAny || nAny) {
      const members = (list: unknown[] | undefined, root: JsonSchema, self: JsonSchema): Set<string> =>
        new Set((list ?? [self]).map((m) => fingerprint(m, root, this.budget)));
      const before = members(oAny, this.oldRoot, o);
      const after = members(nAny, this.newRoot, n);
      if ([...before].every((m) => after.has(m))) return "type-widened";
      if ([...after].every((m) => before.has(m))) return "type-narrowed";
      return "type-changed";
    }
    if (Array.isArray(n.enum) && o.type === "string" && o.format === undefined && n.enum.every((v) => typeof v === "string")) return "type-narrowed";
    if (Array.isArray(o.enum) && n.type === "string" && n.format === undefined && o.enum.every((v) => typeof v === "string")) return "type-widened";
    if (o.type === "number" && n.type === "integer") return "type-narrowed";
    if (o.type === "integer" && n.type === "number") return "type-widened";
    if (o.type !== n.type || Array.isArray(o.enum) !== Array.isArray(n.enum)) return "type-changed";
    if (o.format !== n.format) {
      if (o.format === undefined) return "type-narrowed";
      if (n.format === undefined) return "type-widened";
      return "type-changed";
    }
    return undefined;
  }

  object(o: JsonSchema, n: JsonSchema, field: readonly string[], depth: number): void {
    const op = record(o.properties);
    const np = record(n.properties);
    const oReq = new Set(strings(o.required));
    const nReq = new Set(strings(n.required));
    const removed = Object.keys(op).filter((k) => !Object.prototype.hasOwnProperty.call(np, k));
    const added = Object.keys(np).filter((k) => !Object.prototype.hasOwnProperty.call(op, k));
    const renamedTo = new Set<string>();
    for (const name of removed) {
      const print = fingerprint(op[name], this.oldRoot, this.budget);
      const target = added.find((a) => !renamedTo.has(a) && oReq.has(name) === nReq.has(a) && fingerprint(np[a], this.newRoot, this.budget) === print);
      if (target !== undefined) {
        renamedTo.add(target);
        this.add("field-renamed", [...field, name], { to: target });
      } else {
        this.add("field-removed", [...field, name], { from: typeText(op[name], this.oldRoot) });
      }
    }
    for (const name of Object.keys(op)) {
      if (!Object.prototype.hasOwnProperty.call(np, name)) continue;
      if (!oReq.has(name) && nReq.has(name)) this.add("optional-made-required", [...field, name]);
      if (oReq.has(name) && !nReq.has(name)) this.add("required-made-optional", [...field, name]);
      this.node(op[name], np[name], [...field, name], depth + 1);
    }
    for (const name of added) {
      if (renamedTo.has(name)) continue;
      this.add(nReq.has(name) ? "required-field-added" : "field-added", [...field, name], { to: typeText(np[name], this.newRoot) });
    }
    const closedBefore = o.additionalProperties === false;
    const closedAfter = n.additionalProperties === false;
    if (!closedBefore && closedAfter) this.add("constraints-changed", field, { from: "open to other fields", to: "closed to other fields" });
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function literal(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value);
}

/** Every difference from `before` to `after`, in field order (removed fields first at each level). */
export function diffShapes(before: JsonSchema, after: JsonSchema): ShapeChange[] {
  const differ = new Differ(before, after);
  try {
    differ.node(before, after, [], 0);
  } catch (error) {
    if (!(error instanceof TooComplex)) throw error;
    // Too complex to compare field by field: unchanged only when written the same, else one change of the whole (failing closed).
    return canonicalJson(before) === canonicalJson(after) ? [] : [{ kind: "constraints-changed", field: [], from: "a JSON Schema", to: "a JSON Schema" }];
  }
  return differ.changes;
}

/** Whether two shapes accept exactly the same data (annotations aside); past the comparison budget, whether they are written the same. */
export function sameShape(a: JsonSchema, b: JsonSchema): boolean {
  try {
    const budget = new Budget();
    return fingerprint(a, a, budget) === fingerprint(b, b, budget);
  } catch (error) {
    if (!(error instanceof TooComplex)) throw error;
    return canonicalJson(a) === canonicalJson(b);
  }
}

/** A field path as people write it: `inner.tags[]`, or `(the contract)` for the top. */
export function fieldText(field: readonly string[]): string {
  if (field.length === 0) return "(the contract)";
  return field.reduce((out, part) => (part === "[]" ? `${out}[]` : out ? `${out}.${part}` : part), "");
}

/** One difference in words, from the point of view of the second shape ("here") against the first ("there"). */
export function describeDifference(change: ShapeChange): string {
  const field = `field "${fieldText(change.field)}"`;
  switch (change.kind) {
    case "field-removed":
      return `${field} is missing here`;
    case "field-added":
    case "required-field-added":
      return `${field} is only here`;
    case "field-renamed":
      return `${field} is named "${change.to}" here`;
    case "optional-made-required":
      return `${field} is required here and optional there`;
    case "required-made-optional":
      return `${field} is optional here and required there`;
    case "enum-value-removed":
      return `${field} lacks ${change.value} here`;
    case "enum-value-added":
      return `${field} has ${change.value} only here`;
    case "constraints-changed":
      return `${field} has other constraints here`;
    default:
      return `${field} is ${change.to} here and ${change.from} there`;
  }
}
