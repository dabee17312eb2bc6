import type { JsonPath } from "../diagnostics.js";

/** What a schema says about one field: its doc, examples and allowed values. */
export interface SchemaField {
  /** The field's name as the path ends (a key, or the list it is an item of). */
  name: string;
  description?: string;
  examples?: readonly unknown[];
  /** The values an enum allows (for a list, its items' enum). */
  enum?: readonly unknown[];
}

/** A JSON Schema (draft 2020-12) as parsed. */
export type Schema = Readonly<Record<string, unknown>>;

/** The file name under schemas/ of the published schema whose `$id` is `id` (a contract's `$ref`), if it is one. */
export function publishedSchemaName(id: string): string | undefined {
  const name = id.slice(id.lastIndexOf("/") + 1);
  return /^[a-z-]+\.schema\.json$/.test(name) && id.startsWith("https://spec-kit.dev/schemas/") ? name : undefined;
}

function asSchema(value: unknown): Schema | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Schema) : undefined;
}

/** Follows a local `$ref` (`#/$defs/x`) of `root`. */
function resolve(root: Schema, node: Schema | undefined): Schema | undefined {
  let current = node;
  for (let hops = 0; current && typeof current["$ref"] === "string" && hops < 8; hops++) {
    const ref = current["$ref"] as string;
    if (!ref.startsWith("#/")) return current;
    let target: unknown = root;
    for (const part of ref.slice(2).split("/")) target = asSchema(target)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    current = asSchema(target);
  }
  return current;
}

/** The schema of one member `part` of the value `node` describes, trying the alternatives of anyOf/oneOf. */
function child(root: Schema, node: Schema | undefined, part: string | number): Schema | undefined {
  const resolved = resolve(root, node);
  if (!resolved) return undefined;
  if (typeof part === "number") {
    const items = asSchema(resolved["items"]);
    if (items) return items;
  } else {
    const member = asSchema(asSchema(resolved["properties"])?.[part]);
    if (member) return member;
    const extra = asSchema(resolved["additionalProperties"]);
    if (extra) return extra;
  }
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const branches = resolved[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const found = child(root, asSchema(branch), part);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * What the schema `root` says about the field at `path`: the description and examples
 * written beside it (or on what it refers to), and the enum of its value or of its items.
 * Undefined when the schema has no such field.
 */
export function schemaField(root: Schema, path: JsonPath): SchemaField | undefined {
  let node: Schema | undefined = root;
  let name = "";
  let field: Schema | undefined;
  for (const part of path) {
    node = child(root, node, part);
    if (!node) return undefined;
    if (typeof part === "string") {
      name = part;
      field = node;
    } else if (field === undefined) field = node;
  }
  if (!field || path.length === 0) return undefined;
  const target = resolve(root, field);
  const description = (field["description"] ?? target?.["description"]) as string | undefined;
  const examples = (field["examples"] ?? target?.["examples"]) as unknown[] | undefined;
  const here = resolve(root, node);
  const values = here?.["enum"] ?? resolve(root, asSchema(here?.["items"]))?.["enum"];
  const out: SchemaField = { name };
  if (typeof description === "string") out.description = description;
  if (Array.isArray(examples)) out.examples = examples;
  if (Array.isArray(values)) out.enum = values;
  return out;
}

/** The enum of the first field named `key` anywhere in the schema `root` (for a document that does not parse yet). */
export function enumForKey(root: Schema, key: string): readonly unknown[] | undefined {
  const seen = new Set<Schema>();
  const search = (node: Schema | undefined): readonly unknown[] | undefined => {
    const resolved = resolve(root, node);
    if (!resolved || seen.has(resolved)) return undefined;
    seen.add(resolved);
    const properties = asSchema(resolved["properties"]);
    const member = resolve(root, asSchema(properties?.[key]));
    const values = member?.["enum"] ?? resolve(root, asSchema(member?.["items"]))?.["enum"];
    if (Array.isArray(values)) return values;
    for (const child of [...Object.values(properties ?? {}), resolved["items"], resolved["additionalProperties"], ...["anyOf", "oneOf"].flatMap((k) => (Array.isArray(resolved[k]) ? (resolved[k] as unknown[]) : []))]) {
      const found = search(asSchema(child));
      if (found) return found;
    }
    return undefined;
  };
  return search(root);
}
