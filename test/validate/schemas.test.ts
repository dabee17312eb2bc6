import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module script without type declarations
import { createAjv } from "../../scripts/build-validators.mjs";

const schemaDir = new URL("../../schemas/", import.meta.url);
const names = readdirSync(schemaDir).filter((n) => n.endsWith(".schema.json")).sort();
const schemas = names.map((name) => ({ name, schema: JSON.parse(readFileSync(new URL(name, schemaDir), "utf8")) as Record<string, unknown> }));

describe("schemas/", () => {
  it("holds the phase report and manifest schemas", () => {
    expect(names).toEqual(expect.arrayContaining(["manifest.schema.json", "phase-report.schema.json"]));
  });

  describe.each(schemas)("$name", ({ name, schema }) => {
    it("declares draft 2020-12 and an $id named after its file", () => {
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id).toBe(`https://spec-kit.dev/schemas/${name}`);
    });

    it("compiles in ajv strict mode", () => {
      const ajv = createAjv(schemas);
      expect(() => ajv.getSchema(schema.$id)).not.toThrow();
      expect(typeof ajv.getSchema(schema.$id)).toBe("function");
    });
  });

  it("rejects a schema that strict mode would not accept", () => {
    const loose = { name: "loose.schema.json", schema: { $id: "https://spec-kit.dev/schemas/loose.schema.json", type: "object", minLength: 1, colour: "red" } };
    expect(() => createAjv([loose]).getSchema(loose.schema.$id)).toThrow(/strict mode/);
  });
});
