import { describe, expect, it } from "vitest";
import { nextVersion, versionOf } from "../../compiler/contracts/breaking.js";
import { parseNotation, type JsonSchema } from "../../compiler/contracts/notation.js";
import { BREAKING_KINDS, diffShapes, sameShape } from "../../compiler/contracts/schema-diff.js";

const shape = (text: string): JsonSchema => {
  const result = parseNotation(text);
  if (!result.schema) throw new Error(JSON.stringify(result.findings));
  return result.schema;
};

const kinds = (before: string, after: string): string[] => diffShapes(shape(before), shape(after)).map((c) => `${c.kind} ${c.field.join(".")}`);

describe("diffShapes", () => {
  it("classifies field changes the way JSON readers and writers break", () => {
    expect(kinds("{ a: string, b: number }", "{ a: string }")).toEqual(["field-removed b"]);
    expect(kinds("{ a: string, b: number }", "{ a: string, c: number }")).toEqual(["field-renamed b"]);
    expect(kinds("{ a: string }", "{ a: string, b?: number }")).toEqual(["field-added b"]);
    expect(kinds("{ a: string }", "{ a: string, b: number }")).toEqual(["required-field-added b"]);
    expect(kinds("{ a?: string }", "{ a: string }")).toEqual(["optional-made-required a"]);
    expect(kinds("{ a: string }", "{ a?: string }")).toEqual(["required-made-optional a"]);
  });

  it("classifies type changes: changed, narrowed, widened, enum values, nested and array items", () => {
    expect(kinds("{ a: string }", "{ a: number }")).toEqual(["type-changed a"]);
    expect(kinds("{ a: number }", "{ a: integer }")).toEqual(["type-narrowed a"]);
    expect(kinds("{ a: integer }", "{ a: number }")).toEqual(["type-widened a"]);
    expect(kinds("{ a: string }", "{ a: UUID }")).toEqual(["type-narrowed a"]);
    expect(kinds("{ a: UUID }", "{ a: string }")).toEqual(["type-widened a"]);
    expect(kinds("{ a: UUID }", "{ a: URI }")).toEqual(["type-changed a"]);
    expect(kinds("{ a: string }", "{ a: 'x' | 'y' }")).toEqual(["type-narrowed a"]);
    expect(kinds("{ a: 'x' | 'y' }", "{ a: string }")).toEqual(["type-widened a"]);
    expect(kinds("{ a: 'x' | 'y' }", "{ a: 'y' | 'z' }")).toEqual(["enum-value-removed a", "enum-value-added a"]);
    expect(kinds("{ a: string | number }", "{ a: string }")).toEqual(["type-narrowed a"]);
    expect(kinds("{ a: string }", "{ a: string | null }")).toEqual(["type-widened a"]);
    expect(kinds("{ o: { x: string } }", "{ o: { x: number } }")).toEqual(["type-changed o.x"]);
    expect(kinds("{ t: string[] }", "{ t: UUID[] }")).toEqual(["type-narrowed t.[]"]);
  });

  it("resolves local $refs, ignores annotations and key order, and sees other constraints", () => {
    const before: JsonSchema = { type: "object", properties: { a: { $ref: "#/$defs/name" } }, required: ["a"], $defs: { name: { type: "string", description: "old words" } } };
    const after: JsonSchema = { type: "object", required: ["a"], properties: { a: { type: "string", description: "new words", title: "A" } } };
    expect(sameShape(before, after)).toBe(true);
    expect(diffShapes(before, after)).toEqual([]);
    const constrained: JsonSchema = { ...after, properties: { a: { type: "string", minLength: 3 } } };
    expect(diffShapes(after, constrained).map((c) => c.kind)).toEqual(["constraints-changed"]);
    const closed: JsonSchema = { ...after, additionalProperties: false };
    expect(diffShapes(after, closed).map((c) => c.kind)).toEqual(["constraints-changed"]);
    expect(diffShapes(closed, after)).toEqual([]);
  });

  it("compares recursive schemas by structure, walking each pair of refs once", () => {
    const tree = (leaf: string, defs = "node"): JsonSchema => ({
      type: "object",
      $defs: { [defs]: { type: "object", properties: { left: { $ref: `#/$defs/${defs}` }, right: { $ref: `#/$defs/${defs}` }, v: { type: leaf } } } },
      properties: { root: { $ref: `#/$defs/${defs}` }, self: { $ref: "#" } },
    });
    expect(sameShape(tree("string"), tree("string", "other name"))).toBe(true);
    expect(sameShape(tree("string"), tree("number"))).toBe(false);
    expect(diffShapes(tree("number"), tree("integer")).map((c) => `${c.kind} ${c.field.join(".")}`)).toEqual(["type-narrowed root.v"]);
    expect(diffShapes(tree("string"), tree("string", "renamed"))).toEqual([]);
  });

  it("falls back on the schemas as written when refs expand past the comparison budget, failing closed", () => {
    // d0 refers to d1 twice, d1 to d2 twice, ...: expanded, 2^40 nodes.
    const dag = (leaf: string): JsonSchema => {
      const defs: Record<string, JsonSchema> = { d40: { type: leaf } };
      for (let i = 0; i < 40; i++) defs[`d${i}`] = { type: "object", properties: { x: { $ref: `#/$defs/d${i + 1}` }, y: { $ref: `#/$defs/d${i + 1}` } } };
      return { type: "object", $defs: defs, properties: { root: { $ref: "#/$defs/d0" } } };
    };
    expect(sameShape(dag("string"), dag("string"))).toBe(true);
    expect(diffShapes(dag("string"), dag("string"))).toEqual([]);
    expect(sameShape(dag("string"), dag("number"))).toBe(false);
    expect(diffShapes(dag("string"), dag("number"))).toEqual([{ kind: "constraints-changed", field: [], from: "a JSON Schema", to: "a JSON Schema" }]);
  });

  it("counts only what breaks as breaking", () => {
    expect([...BREAKING_KINDS].sort()).toEqual(
      ["constraints-changed", "enum-value-removed", "field-removed", "field-renamed", "optional-made-required", "required-field-added", "type-changed", "type-narrowed"].sort(),
    );
  });
});

describe("version namespaces", () => {
  it("reads .vN as version N and proposes the next", () => {
    expect(versionOf("MissionPrompt")).toEqual({ base: "MissionPrompt", version: 1 });
    expect(versionOf("MissionPrompt.v2")).toEqual({ base: "MissionPrompt", version: 2 });
    expect(versionOf("a.v0")).toEqual({ base: "a.v0", version: 1 });
    expect(nextVersion("MissionPrompt")).toBe("MissionPrompt.v2");
    expect(nextVersion("MissionPrompt.v2")).toBe("MissionPrompt.v3");
  });
});
