import { describe, expect, it } from "vitest";
import { parseNotation } from "../../compiler/contracts/notation.js";
import { offsetAt, scalarOffsetMapper } from "../../compiler/contracts/scalar-offsets.js";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { DEFAULT_LIMITS, type SourceDocument } from "../../compiler/load/source-document.js";

function load(file: string, text: string): SourceDocument {
  const parsed = parseDocument(file, new TextEncoder().encode(text), DEFAULT_LIMITS);
  if (!parsed.ok) throw new Error(parsed.finding.message);
  return parsed.document;
}

/** Parses the notation at `key` of a one-document source and returns the source text of each finding, with line:column. */
function findingsAt(file: string, text: string, key: string): string[] {
  const document = load(file, text);
  const value = (document.value as Record<string, string>)[key]!;
  const map = scalarOffsetMapper(document.text, document.format, document.locate([key]), value);
  expect(map, "the source decodes to the value").toBeDefined();
  return parseNotation(value, { at: map! }).findings.map((f) => {
    const before = document.text.slice(0, f.start);
    const line = before.split("\n").length;
    const column = f.start - (before.lastIndexOf("\n") + 1) + 1;
    return `${line}:${column} ${document.text.slice(f.start, f.end)}`;
  });
}

describe("scalarOffsetMapper", () => {
  it("maps a YAML double-quoted string past escapes", () => {
    const text = 'schema: "{ \\u0069d: uuid, note: \\"x\\", t: Timestmp }"\n';
    expect(findingsAt("m.yaml", text, "schema")).toEqual(["1:21 uuid", "1:43 Timestmp"]);
  });

  it("maps a YAML double-quoted string folded over lines, with an escaped line break", () => {
    const text = ['schema: "{ id: UUID,', "    name: strin,\\", "    g2: Strng }\"", ""].join("\n");
    expect(findingsAt("m.yaml", text, "schema")).toEqual(["2:11 strin", "3:9 Strng"]);
  });

  it("maps a YAML single-quoted string with doubled quotes", () => {
    const text = "schema: '{ p: ''P0'' | ''P1'', at: Date }'\n";
    expect(findingsAt("m.yaml", text, "schema")).toEqual(["1:36 Date"]);
  });

  it("maps a folded block scalar, more-indented lines included", () => {
    const text = ["contract:", "  schema: >-", "    { id: UUID,", "      objective: strng,", "    at: timestamp, x: Bool }", "next: 1", ""].join("\n");
    const document = load("m.yaml", text);
    const value = (document.value as { contract: { schema: string } }).contract.schema;
    const map = scalarOffsetMapper(document.text, "yaml", document.locate(["contract", "schema"]), value)!;
    expect(map).toBeDefined();
    const found = parseNotation(value, { at: map }).findings.map((f) => document.text.slice(f.start, f.end));
    expect(found).toEqual(["strng", "Bool"]);
    expect(offsetAt(text, 4, 18)).toBe(parseNotation(value, { at: map }).findings[0]!.start);
  });

  it("maps a literal block scalar with keep chomping", () => {
    const text = ["schema: |+", "  {", "    id: UID", "  }", "", "other: x", ""].join("\n");
    expect(findingsAt("m.yaml", text, "schema")).toEqual(["3:9 UID"]);
  });

  it("maps a plain scalar folded over lines", () => {
    const text = ["list:", "  - note: one", "schema: x", "plain: a b", "  uuid c", ""].join("\n");
    const document = load("m.yaml", text);
    const map = scalarOffsetMapper(document.text, "yaml", document.locate(["plain"]), "a b uuid c")!;
    expect([0, 2, 3, 4, 9].map((i) => document.text[map(i)])).toEqual(["a", "b", "\n", "u", "c"]);
  });

  it("maps a JSON string past \\u escapes, escaped quotes and a surrogate pair", () => {
    const text = '{\n  "schema": "{ \\"na\\u006De\\": strng, e: \\ud83d\\ude00, \\"\u{1F600}x\\": Strng }"\n}\n';
    const found = findingsAt("m.json", text, "schema");
    expect(found).toEqual(["2:31 strng", "2:41 \\ud83d\\ude00", "2:64 Strng"]);
  });

  it("gives up (undefined) when the source does not decode to the value", () => {
    const text = 'schema: "{ a: b }"\n';
    const document = load("m.yaml", text);
    expect(scalarOffsetMapper(document.text, "yaml", document.locate(["schema"]), "something else")).toBeUndefined();
    const indicator = "schema: |2\n    { a: b }\n";
    const withIndicator = load("m.yaml", indicator);
    expect(scalarOffsetMapper(withIndicator.text, "yaml", withIndicator.locate(["schema"]), (withIndicator.value as { schema: string }).schema)).toBeUndefined();
  });
});
