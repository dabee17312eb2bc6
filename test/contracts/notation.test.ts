import { describe, expect, it } from "vitest";
import { NAMED_TYPES, parseNotation, parseNotationType, suggestType } from "../../compiler/contracts/notation.js";

const MISSION_PROMPT = "{ id: UUID, objective: string, priority: 'P0' | 'P1' | 'P2', originatingSpec: URI, createdAt: timestamp }";

/** The source text each finding points at. */
function spans(text: string, result: ReturnType<typeof parseNotation>): string[] {
  return result.findings.map((f) => text.slice(f.start, f.end));
}

describe("parseNotation", () => {
  it("compiles seed 001's MissionPrompt to a closed object schema", () => {
    const result = parseNotation(MISSION_PROMPT);
    expect(result.findings).toEqual([]);
    expect(result.schema).toEqual({
      type: "object",
      properties: {
        id: { type: "string", format: "uuid" },
        objective: { type: "string" },
        priority: { enum: ["P0", "P1", "P2"] },
        originatingSpec: { type: "string", format: "uri" },
        createdAt: { type: "string", format: "date-time" },
      },
      required: ["id", "objective", "priority", "originatingSpec", "createdAt"],
      additionalProperties: false,
    });
    expect(result.fields.map((f) => [f.name, MISSION_PROMPT.slice(f.start, f.end)])).toEqual([
      ["id", "id"],
      ["objective", "objective"],
      ["priority", "priority"],
      ["originatingSpec", "originatingSpec"],
      ["createdAt", "createdAt"],
    ]);
  });

  it("compiles every named type", () => {
    for (const [name, schema] of Object.entries(NAMED_TYPES)) {
      expect(parseNotation(`{ f: ${name} }`).schema?.properties).toEqual({ f: schema });
    }
  });

  it("reads optional fields, arrays, nesting, parentheses, quoted names, ; separators and a trailing separator", () => {
    const result = parseNotation(`{ tags?: string[]; "a b": { n: integer, flags: Array<boolean> }, pick: ('x' | 'y')[], any: string | number | null, }`);
    expect(result.findings).toEqual([]);
    expect(result.schema).toEqual({
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" } },
        "a b": {
          type: "object",
          properties: { n: { type: "integer" }, flags: { type: "array", items: { type: "boolean" } } },
          required: ["n", "flags"],
          additionalProperties: false,
        },
        pick: { type: "array", items: { enum: ["x", "y"] } },
        any: { anyOf: [{ type: "string" }, { type: "number" }, { enum: [null] }] },
      },
      required: ["a b", "pick", "any"],
      additionalProperties: false,
    });
  });

  it("makes unions of literals an enum, numbers and booleans included", () => {
    expect(parseNotation(`{ level: 1 | 2 | 3, on: true | false, mode: "a" | 'b' }`).schema?.properties).toEqual({
      level: { enum: [1, 2, 3] },
      on: { enum: [true, false] },
      mode: { enum: ["a", "b"] },
    });
  });

  it("keeps __proto__ an ordinary field name", () => {
    const schema = parseNotation("{ __proto__: string }").schema!;
    expect(Object.keys(schema.properties as object)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(schema.properties)).toBe(Object.prototype);
  });

  it("reports an unknown type at the name, with a suggestion", () => {
    const text = "{ id: uuid, link: URL, at: Timestamp, n: int }";
    const result = parseNotation(text);
    expect(result.schema).toBeUndefined();
    expect(spans(text, result)).toEqual(["uuid", "URL", "Timestamp", "int"]);
    expect(result.findings.map((f) => f.message)).toEqual([
      'unknown type "uuid"; did you mean UUID?',
      'unknown type "URL"; did you mean URI?',
      'unknown type "Timestamp"; did you mean timestamp?',
      'unknown type "int"; did you mean integer?',
    ]);
    expect(result.findings.map((f) => f.suggestion)).toEqual(["UUID", "URI", "timestamp", "integer"]);
    expect(result.findings.every((f) => f.messageId === "unknownType")).toBe(true);
  });

  it("lists the types when nothing is close", () => {
    const result = parseNotation("{ blob: Quaternion }");
    expect(result.findings).toMatchObject([
      {
        messageId: "unknownTypeList",
        message: 'unknown type "Quaternion"; a type is one of UUID, URI, timestamp, string, number, integer, boolean, a quoted literal, an object { ... } or an array T[]',
      },
    ]);
    expect(result.findings[0]!.suggestion).toBeUndefined();
  });

  it("reports an unclosed brace at the brace that opens it", () => {
    const text = "{ id: UUID, inner: { a: string }";
    const result = parseNotation(text);
    expect(result.findings).toMatchObject([{ messageId: "unclosed", message: '"{" is never closed; add "}" after "}"', suggestion: "}", start: 0, end: 1 }]);
    const nested = "{ id: UUID, inner: { a: string ";
    const second = parseNotation(nested);
    expect(second.findings).toMatchObject([{ messageId: "unclosed", start: 19, end: 20, message: '"{" is never closed; add "}" after "string"' }]);
  });

  it("reports a duplicate field at its second name and keeps reading", () => {
    const text = "{ id: UUID, name: string, id: string, x: strng }";
    const result = parseNotation(text);
    expect(result.findings.map((f) => [f.messageId, text.slice(f.start, f.end)])).toEqual([
      ["duplicateField", "id"],
      ["unknownType", "strng"],
    ]);
    expect(result.findings[0]!.message).toBe('field "id" is declared twice; rename or remove one of them');
    expect(result.findings[0]!.start).toBe(26);
  });

  it.each([
    ["{ id UUID }", "expectedColon", "UUID", 'expected ":" after field "id" but found "UUID"; write id: type'],
    ["{ id: UUID name: string }", "expectedSeparator", "name", 'expected "," or "}" after field "id" but found "name"; separate fields with ","'],
    ["{ id: }", "expectedType", "}", 'expected a type but found "}"'],
    ["{ : string }", "expectedField", ":", 'expected a field name but found ":"'],
    ["{ a: string } }", "unmatchedClose", "}", '"}" closes nothing; remove it'],
    ["{ a: string } extra", "trailing", "extra", 'unexpected "extra" after the type; remove it'],
    ["{ p: 'P0' | 'P1'", "unclosed", "{", `"{" is never closed; add "}" after "'P1'"`],
    ["{ p: 'P0 | 'P1' }", "expectedSeparator", "P1", 'expected "," or "}" after field "p" but found "P1"; separate fields with ","'],
    ["{ a: string, b: # }", "unexpectedCharacter", "#", 'unexpected character "#"'],
    ["string", "notObject", "string", `a contract's schema must be an object type { field: type, ... }, not "string"`],
    ["{ a: string }[]", "notObject", "[", "a contract's schema must be an object type { field: type, ... }, not an array"],
    ["   ", "empty", "   ", "the schema is empty; write an object type such as { id: UUID }"],
    ["{ a: Array<string }", "expectedTypeArgument", "}", 'expected ">" to close Array<...> but found "}"'],
    ["{ a: 'x' | 'x' }", "duplicateLiteral", "'x'", "'x' appears twice in the union; remove one"],
  ])("reports %j as %s at %j", (text, messageId, span, message) => {
    const result = parseNotation(text);
    expect(result.schema).toBeUndefined();
    expect(result.findings[0]).toMatchObject({ messageId, message });
    expect(text.slice(result.findings[0]!.start, result.findings[0]!.end)).toBe(span);
  });

  it("reports an unterminated literal", () => {
    const text = "{ p: 'P0\n}";
    expect(parseNotation(text).findings).toMatchObject([{ messageId: "unterminatedString", message: "the literal 'P0 is never closed; add '", start: 5, end: 8 }]);
  });

  it("shifts every position by a base offset (a notation cut from Markdown)", () => {
    const markdown = "  - Schema: `{ id: UUUID }`\n";
    const at = markdown.indexOf("`") + 1;
    const result = parseNotation(markdown.slice(at, markdown.indexOf("`", at)), { at });
    expect(result.findings.map((f) => markdown.slice(f.start, f.end))).toEqual(["UUUID"]);
    expect(result.findings[0]!.message).toBe('unknown type "UUUID"; did you mean UUID?');
  });

  it("refuses nesting beyond the depth limit without overflowing the stack", () => {
    const deep = `{ a: ${"(".repeat(5000)}string${")".repeat(5000)} }`;
    expect(parseNotation(deep).findings[0]?.messageId).toBe("tooDeep");
    const objects = `${"{ a: ".repeat(3000)}string${" }".repeat(3000)}`;
    expect(parseNotation(objects).findings[0]?.messageId).toBe("tooDeep");
  });

  it("counts each [] as a level: string[][]... is refused at the first [] past the limit, as deep braces are", () => {
    const within = `{ a: string${"[]".repeat(63)} }`;
    expect(parseNotation(within).findings).toEqual([]);
    const past = `{ a: string${"[]".repeat(200_000)} }`;
    const [finding, ...rest] = parseNotation(past).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ messageId: "tooDeep", message: "the type nests deeper than 64 levels", start: "{ a: string".length + 2 * 63 });
    expect(parseNotationType(`UUID${"[]".repeat(100)}`).findings.map((f) => f.messageId)).toEqual(["tooDeep"]);
  });

  it("never throws on arbitrary text", () => {
    for (const text of ["", "{", "}", "{{", "{ a: '", '{ "', "{ a: string, }", "|", "{ a?: }", "\u{1F600}", "{ a: \ud800 }", "-", "{ a: -1 | -2.5e3 }"]) {
      expect(() => parseNotation(text)).not.toThrow();
    }
  });
});

describe("parseNotationType", () => {
  it("parses any type, for a field of a fields: list", () => {
    expect(parseNotationType("'code' | 'analysis' | 'test'").schema).toEqual({ enum: ["code", "analysis", "test"] });
    expect(parseNotationType("UUID[]").schema).toEqual({ type: "array", items: { type: "string", format: "uuid" } });
    expect(parseNotationType("uri", { at: 10 }).findings).toMatchObject([{ start: 10, end: 13, suggestion: "URI" }]);
    expect(parseNotationType("").findings).toMatchObject([{ messageId: "expectedType" }]);
  });
});

describe("suggestType", () => {
  it("suggests by alias, by case and by spelling, and nothing for far-off names", () => {
    expect(suggestType("guid")).toBe("UUID");
    expect(suggestType("Boolean")).toBe("boolean");
    expect(suggestType("numbr")).toBe("number");
    expect(suggestType("strnig")).toBe("string");
    expect(suggestType("Customer")).toBeUndefined();
  });
});
