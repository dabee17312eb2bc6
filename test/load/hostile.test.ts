import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { DEFAULT_LIMITS, type LoadLimits, type ParseResult } from "../../compiler/load/source-document.js";

const HOSTILE = new URL("../fixtures/hostile/", import.meta.url);

function parseFixture(name: string, limits: Partial<LoadLimits> = {}): { result: ParseResult } {
  const bytes = new Uint8Array(readFileSync(new URL(name, HOSTILE)));
  return { result: parseDocument(`phases/${name}`, bytes, { ...DEFAULT_LIMITS, ...limits }) };
}

interface Refusal {
  fixture: string;
  limits?: Partial<LoadLimits>;
  message: string;
  line: number;
  column: number;
}

const REFUSALS: Refusal[] = [
  { fixture: "alias-bomb.yaml", message: "YAML aliases are not allowed", line: 2, column: 8 },
  { fixture: "alias-bomb.yaml", limits: { maxAliases: 50 }, message: "YAML aliases expand to more than 50 nodes", line: 3, column: 24 },
  { fixture: "custom-tag-js-function.yaml", message: "YAML tag !!js/function is not allowed", line: 3, column: 10 },
  { fixture: "custom-tag-local.yaml", message: "YAML tag !custom is not allowed", line: 3, column: 9 },
  { fixture: "duplicate-key.json", message: 'duplicate key "title": it is already defined on line 4', line: 6, column: 5 },
  { fixture: "duplicate-key.yaml", message: 'duplicate key "title": it is already defined on line 3', line: 5, column: 3 },
  { fixture: "over-limit.yaml", limits: { maxBytes: 1024 }, message: "file is 1025 bytes, over the limit of 1024 bytes", line: 1, column: 1 },
  { fixture: "deep-nesting.json", message: "nesting is deeper than the limit of 64 levels", line: 1, column: 65 },
  { fixture: "deep-nesting.yaml", message: "nesting is deeper than the limit of 64 levels", line: 1, column: 71 },
  // However high the configured limit, the call stack is never what refuses a file.
  { fixture: "deep-nesting.json", limits: { maxDepth: 1e6 }, message: "limit of 1000 levels", line: 1, column: 1001 },
  { fixture: "deep-nesting.yaml", limits: { maxDepth: 1e6 }, message: "limit of 1000 levels", line: 1, column: 1007 },
  { fixture: "deep-nesting.json", limits: { maxDepth: 3 }, message: "deeper than the limit of 3 levels", line: 1, column: 4 },
  { fixture: "invalid-utf8.yaml", message: "not valid UTF-8", line: 2, column: 11 },
  { fixture: "empty.yaml", message: "file is empty", line: 1, column: 1 },
  { fixture: "whitespace-only.json", message: "file is empty", line: 1, column: 1 },
  { fixture: "multi-document.yaml", message: "one document per file", line: 4, column: 1 },
];

describe("hostile input is refused with a positioned protocol/parse finding", () => {
  it.each(REFUSALS)("$fixture $limits", ({ fixture, limits, message, line, column }) => {
    const { result } = parseFixture(fixture, limits);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.finding.topic).toBe("document"); // the stage names its topic; protocol/parse declares it
    expect(result.finding.file).toBe(`phases/${fixture}`);
    expect(result.finding.message).toContain(message);
    expect(result.finding.range).toMatchObject({ line, column });
  });
});

describe("valid files with a BOM and CRLF line ends", () => {
  for (const fixture of ["bom-crlf.yaml", "bom-crlf.json"]) {
    it(`${fixture} parses, drops the BOM and keeps exact positions`, () => {
      const { result } = parseFixture(fixture);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const { document } = result;
      expect(document.text.charCodeAt(0)).not.toBe(0xfeff);
      expect(document.value).toMatchObject({
        phase_meta: { phase_id: "P1" },
        status: { stage: "in_progress", completion: 0.4, risks: ["skew", "drift"] },
      });
      const yaml = fixture.endsWith(".yaml");
      // The BOM is not a column: the first key starts at 1:1 (YAML) or 2:3 (JSON).
      expect(document.locate(["phase_meta"], "key")).toMatchObject(yaml ? { line: 1, column: 1, endLine: 1, endColumn: 11 } : { line: 2, column: 3, endColumn: 15 });
      // A line end is never part of a range, so `\r` does not leak into the end column.
      expect(document.locate(["status", "completion"])).toEqual(
        yaml ? { line: 6, column: 15, endLine: 6, endColumn: 18 } : { line: 8, column: 19, endLine: 8, endColumn: 22 },
      );
      expect(document.locate(["status", "risks", 1])).toEqual(
        yaml ? { line: 7, column: 17, endLine: 7, endColumn: 22 } : { line: 9, column: 23, endLine: 9, endColumn: 30 },
      );
    });
  }
});

describe("__proto__ and constructor are ordinary data keys", () => {
  for (const fixture of ["proto-keys.json", "proto-keys.yaml"]) {
    it(`${fixture} keeps them as own keys and touches no prototype`, () => {
      const { result } = parseFixture(fixture);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const value = result.document.value as Record<string, Record<string, unknown>>;
      expect(Object.keys(value)).toEqual(["__proto__", "constructor", "nested"]);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: true });
      expect(value["constructor"]).toEqual({ prototype: { polluted: true } });
      const nested = value["nested"]!;
      expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
      expect(Object.keys(nested)).toEqual(["__proto__", "toString"]);
      expect((nested as { isAdmin?: unknown }).isAdmin).toBeUndefined();
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
      expect(({} as Record<string, unknown>)["isAdmin"]).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
      expect(result.document.locate(["nested", "__proto__"], "key")).toMatchObject({ line: fixture.endsWith(".json") ? 4 : 7 });
    });
  }
});
