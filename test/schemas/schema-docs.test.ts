// Every field of every published schema says what it is and shows what it holds: editors show
// both on hover and in completion (spec-kit lsp too), and `spec-kit init` wires the schemas in.
// Each example is checked against the field's own schema, so that none teaches a wrong value.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";

const DIR = join(import.meta.dirname, "../../schemas");
const schemas = readdirSync(DIR)
  .filter((name) => name.endsWith(".schema.json"))
  .sort()
  .map((name) => ({ name, schema: JSON.parse(readFileSync(join(DIR, name), "utf8")) as Record<string, unknown> }));

/** One field: a member of some `properties`, with its JSON pointer in the schema. */
interface Field {
  pointer: string;
  schema: Record<string, unknown>;
}

/** Every member of every `properties` below `node`, leaving out the conditions of `if`/`then`/`else`/`not` (no fields of their own). */
function fields(node: unknown, pointer = ""): Field[] {
  if (typeof node !== "object" || node === null) return [];
  if (Array.isArray(node)) return node.flatMap((item, index) => fields(item, `${pointer}/${index}`));
  const out: Field[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (["if", "then", "else", "not", "examples", "const", "enum", "default"].includes(key)) continue;
    const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (key === "properties" && typeof value === "object" && value !== null && !Array.isArray(value)) {
      // A map of fields: each is a field and a schema to walk (a field may itself be named `properties`).
      for (const [name, field] of Object.entries(value)) {
        if (typeof field !== "object" || field === null) continue;
        const fieldAt = `${at}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        out.push({ pointer: fieldAt, schema: field as Record<string, unknown> }, ...fields(field, fieldAt));
      }
      continue;
    }
    out.push(...fields(value, at));
  }
  return out;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
for (const { schema } of schemas) ajv.addSchema(schema);

describe.each(schemas)("$name", ({ schema }) => {
  const all = fields(schema);

  it("has fields", () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it.each(all.map((field) => [field.pointer, field] as const))("%s has a description and examples that it accepts", (_pointer, field) => {
    expect(typeof field.schema["description"], "description").toBe("string");
    expect((field.schema["description"] as string).trim()).not.toBe("");
    expect(field.schema["description"], "no document users lack").not.toMatch(/INTERFACE|seed 00\d|§/);
    const examples = field.schema["examples"];
    expect(Array.isArray(examples) && examples.length > 0, "examples").toBe(true);
    const validate = ajv.getSchema(`${schema["$id"] as string}#${encodeURI(field.pointer)}`);
    expect(validate, "the field's schema by its pointer").toBeDefined();
    for (const example of examples as unknown[]) {
      expect(validate!(example), `${JSON.stringify(example)}: ${JSON.stringify(validate!.errors)}`).toBe(true);
    }
  });
});

describe("$schema", () => {
  it.each(["phase-report", "manifest", "mission"])("is allowed at the top of a %s document, for editors", (kind) => {
    const schema = schemas.find((candidate) => candidate.name === `${kind}.schema.json`)!.schema;
    expect((schema["properties"] as Record<string, unknown>)["$schema"]).toMatchObject({ type: "string" });
  });
});
