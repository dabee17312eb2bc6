import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { DEFAULT_LIMITS, type LoadLimits } from "../../compiler/load/source-document.js";

function parse(source: string, limits: Partial<LoadLimits> = {}, file = "doc.yaml") {
  return parseDocument(file, new TextEncoder().encode(source), { ...DEFAULT_LIMITS, ...limits });
}

function value(source: string, limits: Partial<LoadLimits> = {}): unknown {
  const result = parse(source, limits);
  if (!result.ok) throw new Error(`${result.finding.message} at ${result.finding.range?.line}:${result.finding.range?.column}`);
  return result.document.value;
}

const ONLY_DATA = ": only plain data (strings, numbers, booleans, null, lists, maps)";

/** `line:column message` of a source that must be refused. */
function refusal(source: string, limits: Partial<LoadLimits> = {}): string {
  const result = parse(source, limits);
  if (result.ok) throw new Error(`expected ${JSON.stringify(source)} to be refused`);
  expect(result.finding.topic).toBe("document"); // the stage names its topic; protocol/parse declares it
  return `${result.finding.range?.line}:${result.finding.range?.column} ${result.finding.message}`;
}

describe("YAML values follow the core schema", () => {
  it("keeps dates and YAML 1.1 booleans as strings", () => {
    expect(value("at: 2020-01-01\nok: yes\nn: 0x1F\nf: 1.5e3\nz: ~\nt: true\n")).toEqual({
      at: "2020-01-01",
      ok: "yes",
      n: 31,
      f: 1500,
      z: null,
      t: true,
    });
  });

  it("accepts tags that only restate the core types", () => {
    expect(value("a: !!str 1\nb: !!int '2'\nc: ! 3\nd: !<tag:yaml.org,2002:str> 4\ne: !!seq [x]\n")).toEqual({
      a: "1",
      b: 2,
      c: "3",
      d: "4",
      e: ["x"],
    });
  });

  it("treats `<<` as an ordinary key, not a merge", () => {
    expect(value("<<: {a: 1}\nb: 2\n")).toEqual({ "<<": { a: 1 }, b: 2 });
  });

  it("reads any extension but .json as YAML", () => {
    expect(parse("a: 1\n", {}, "x.txt").ok).toBe(true);
    expect(parse("a: 1\n", {}, "x.YML").ok).toBe(true);
    expect(parse("a: 1\n", {}, "x.json").ok).toBe(false);
  });
});

describe("YAML that is not plain data is refused at its position", () => {
  it.each([
    ["%TAG !! tag:example.com,2000:\n---\na: !!str 1\n", "1:1 YAML %TAG directives are not allowed"],
    ["a: !!binary aGk=\n", "1:4 YAML tag !!binary is not allowed" + ONLY_DATA],
    ["a: !!set {x}\n", "1:4 YAML tag !!set is not allowed" + ONLY_DATA],
    ["list:\n  - !!python/object:os.system [ls]\n", "2:5 YAML tag !!python/object:os.system is not allowed" + ONLY_DATA],
    ["? [a, b]\n: 1\n", "1:3 YAML keys must be scalars, not lists or maps"],
    ["a: &x 1\nb: *x\n", "2:4 YAML aliases are not allowed"],
    ["a: &x 1\n*x : 2\n", "2:1 YAML keys must be scalars, not lists or maps"],
    ["---\na: 1\n---\n", "3:1 one document per file: this YAML stream holds more than one"],
    ["a: 1\n...\n---\nb: 2\n", "4:1 one document per file: this YAML stream holds more than one"],
    ["1: a\n'1': b\n", '2:1 duplicate key "1": it is already defined on line 1'],
    ["x: {a: 1, a: 2}\n", '1:11 duplicate key "a": it is already defined on line 1'],
    ["1: a\n01: b\n", "2:1 invalid YAML: duplicated mapping key"],
    ["a: b: c\n", "1:5 invalid YAML: bad indentation of a mapping entry"],
    ["a:\n\t- 1\n", "2:1 invalid YAML: tab characters must not be used in indentation"],
    ["a: [1, 2\n", "2:1 invalid YAML: deficient indentation"],
    ["a: 'open\n", "2:1 invalid YAML: deficient indentation"],
  ])("%j", (source, expected) => {
    expect(refusal(source)).toBe(expected);
  });

  it("admits aliases up to maxAliases, counting the nodes they expand to", () => {
    expect(value("a: &x 1\nb: *x\nc: *x\n", { maxAliases: 2 })).toEqual({ a: 1, b: 1, c: 1 });
    expect(refusal("a: &x 1\nb: *x\nc: *x\n", { maxAliases: 1 })).toBe("3:4 YAML aliases expand to more than 1 nodes");
    // *y stands for its list (1) plus the two aliases inside it (2): 3 nodes, plus the 2 literal *x.
    expect(refusal("x: &x 1\ny: &y [*x, *x]\nz: *y\n", { maxAliases: 4 })).toBe("3:4 YAML aliases expand to more than 4 nodes");
  });

  it("admits exactly maxDepth levels of block nesting", () => {
    const nested = (levels: number): string => Array.from({ length: levels }, (_, i) => `${"  ".repeat(i)}k:`).join("\n") + " 1\n";
    expect(parse(nested(3), { maxDepth: 3 }).ok).toBe(true);
    expect(refusal(nested(4), { maxDepth: 3 })).toBe("4:7 nesting is deeper than the limit of 3 levels");
  });

  it("calls a file with only comments empty", () => {
    expect(refusal("# nothing here\n")).toBe("1:1 file is empty");
    expect(refusal("---\n")).toBe("1:1 file is empty");
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab: -[]{},&*!|>'\"\n\t#%?.~@`\\") }), (source) => {
        const result = parse(source, { maxAliases: 3 });
        if (!result.ok) {
          const range = result.finding.range!;
          expect(range.line).toBeGreaterThanOrEqual(1);
          expect(range.column).toBeGreaterThanOrEqual(1);
        } else {
          result.document.locate(["a", 0, "b"]);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
