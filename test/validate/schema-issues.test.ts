import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module script without type declarations
import { createAjv } from "../../scripts/build-validators.mjs";
import { toSchemaIssues } from "../../compiler/validate/schema-issues.js";

/** Validates `value` against a throwaway schema, built like the shipped validators, and words the errors. */
function issuesOf(schema: object, value: unknown, kind: "phase" | "manifest" | "mission" = "mission") {
  const validate = createAjv([]).compile({ $schema: "https://json-schema.org/draft/2020-12/schema", ...schema });
  return validate(value) ? [] : toSchemaIssues(validate.errors ?? [], value, kind).map((i) => `${JSON.stringify(i.path)} ${i.message}`);
}

describe("toSchemaIssues", () => {
  it("words a choice between types as one issue", () => {
    const schema = { type: "object", properties: { when: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] } } };
    expect(issuesOf(schema, { when: 3 })).toEqual(['["when"] when must be a string or an array, got the number 3']);
  });

  it("follows the alternative whose type fits and reports only its errors", () => {
    const schema = { type: "object", properties: { when: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] } } };
    expect(issuesOf(schema, { when: ["a", 2] })).toEqual(['["when",1] when[1] must be a string, got the number 2']);
  });

  it("says when a value matches several alternatives of a oneOf", () => {
    const schema = { type: "object", properties: { n: { oneOf: [{ type: "number" }, { type: "integer" }] } } };
    expect(issuesOf(schema, { n: 2 })).toEqual(['["n"] n matches more than one of the allowed shapes; it must be exactly a number or an integer']);
  });

  it("resolves nested alternatives from the inside out", () => {
    const inner = { anyOf: [{ type: "boolean" }, { type: "object", required: ["on"], properties: { on: { type: "boolean" } } }] };
    const schema = { type: "object", properties: { x: { anyOf: [{ type: "string" }, inner] } } };
    expect(issuesOf(schema, { x: { on: "yes" } })).toEqual(['["x","on"] x.on must be a boolean, got the string "yes"']);
  });

  it("words formats, limits, repeats and key names", () => {
    const schema = {
      type: "object",
      properties: {
        at: { type: "string", format: "date-time" },
        n: { type: "number", exclusiveMaximum: 1, multipleOf: 0.5 },
        tags: { type: "array", uniqueItems: true, maxItems: 2, items: { type: "string" } },
        code: { type: "string", maxLength: 3 },
        map: { type: "object", propertyNames: { pattern: "^[a-z]+$" }, minProperties: 2 },
      },
    };
    expect(issuesOf(schema, { at: "yesterday", n: 1.2, tags: ["a", "b", "a"], code: "ABCDE", map: { Up: 1 } })).toEqual([
      '["at"] at must be a valid date-time, got "yesterday"',
      '["code"] code must have at most 3 characters, got 5',
      '["map"] map must have at least 2 keys, got 1',
      '["map","Up"] key "Up" in map must match the pattern ^[a-z]+$',
      '["n"] n must be < 1, got 1.2',
      '["n"] n must be a multiple of 0.5, got 1.2',
      '["tags"] tags must have at most 2 items, got 3',
      '["tags",2] tags[2] repeats tags[0]; tags must not list an item twice',
    ]);
  });

  it("counts characters, not UTF-16 code units, in lengths", () => {
    expect(issuesOf({ type: "object", properties: { s: { type: "string", maxLength: 2 } } }, { s: "😀😀😀" })).toEqual([
      '["s"] s must have at most 2 characters, got 3',
    ]);
  });

  it("names keys that are not identifiers the way JSON paths write them", () => {
    const schema = { type: "object", additionalProperties: { type: "object", additionalProperties: false } };
    expect(issuesOf(schema, { "a b": { c: 1 } })).toEqual(['["a b","c"] unknown key "c" in ["a b"]']);
  });

  it("cuts long strings it quotes", () => {
    const long = "x".repeat(100);
    expect(issuesOf({ type: "object", properties: { n: { type: "number" } } }, { n: long })).toEqual([
      `["n"] n must be a number, got the string "${"x".repeat(40)}…"`,
    ]);
  });

  it("reports a missing key that another key depends on", () => {
    const schema = { type: "object", dependentRequired: { approver: ["approved_at"] } };
    expect(issuesOf(schema, { approver: "ops" })).toEqual(['[] missing key "approved_at" in the document (required when "approver" is present)']);
  });
  it("attributes the errors of a $ref alternative to it, and names it by the type its target demands", () => {
    const schema = {
      type: "object",
      properties: { items: { type: "array", items: { anyOf: [{ type: "string" }, { $ref: "#/$defs/traced" }] } } },
      $defs: { traced: { type: "object", required: ["text", "traces"], properties: { text: { type: "string" }, traces: { type: "array" } } } },
    };
    expect(issuesOf(schema, { items: [5] })).toEqual(['["items",0] items[0] must be a string or an object, got the number 5']);
    expect(issuesOf(schema, { items: [{ text: "x" }] })).toEqual(['["items",0] missing required key "traces" in items[0]']);
  });
});
