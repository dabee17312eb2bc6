import ts from "typescript";
import { describe, expect, it } from "vitest";
import { emittablePhases, lineCommentText, namedImport, renderValue, stringLiteral } from "../../compiler/emit/ts-source.js";
import type { PhaseReport } from "../../compiler/types/phase-report.js";
import { emitInputFromPhase, emitInputFromReports, readFixture } from "./emit-input.js";

/** The value of a string literal, read by the TypeScript parser. */
function parseLiteral(literal: string): string {
  const source = ts.createSourceFile("x.ts", `const x = ${literal};`, ts.ScriptTarget.ES2022, true);
  const statement = source.statements[0] as ts.VariableStatement;
  const initializer = statement.declarationList.declarations[0]!.initializer!;
  expect(ts.isStringLiteral(initializer)).toBe(true);
  return (initializer as ts.StringLiteral).text;
}

describe("stringLiteral", () => {
  it.each([
    ["a double quote", 'say "hi"', 'say \\"hi\\"'],
    ["a backslash", "C:\\dir", "C:\\\\dir"],
    ["a newline and CR", "a\nb\rc", "a\\nb\\rc"],
    ["a comment end", "a */ b", "a *\\/ b"],
    ["a template substitution", "${process.env.HOME}", "\\u0024{process.env.HOME}"],
    ["a backtick", "`x`", "\\u0060x\\u0060"],
    ["a closing script tag", "</script>", "<\\/script>"],
    ["the line and paragraph separators", "\u2028\u2029", "\\u2028\\u2029"],
    ["a lone high surrogate", "a\ud800b", "a\\uD800b"],
    ["a lone low surrogate", "\udc00", "\\uDC00"],
    ["reversed surrogates", "\udfff\ud800", "\\uDFFF\\uD800"],
    ["NUL before a digit", "\u00001", "\\u00001"],
    ["a BOM", "\ufeff", "\\uFEFF"],
  ])("escapes %s", (_name, value, escaped) => {
    const literal = stringLiteral(value);
    expect(literal).toBe(`"${escaped}"`);
    expect(parseLiteral(literal)).toBe(value);
  });

  it("keeps a surrogate pair and other printable text as written", () => {
    expect(stringLiteral("p99 ≤ 5 ms 😀 $x {y}")).toBe('"p99 ≤ 5 ms 😀 $x {y}"');
  });

  it("never leaves a raw line terminator or unpaired surrogate in its output", () => {
    const all = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).join("");
    const literal = stringLiteral(all);
    expect(literal).not.toMatch(/[\n\r\u2028\u2029]/u);
    expect(literal.isWellFormed()).toBe(true);
    expect(parseLiteral(literal)).toBe(all);
  });
});

describe("lineCommentText", () => {
  it("turns line terminators, controls and lone surrogates into visible escapes", () => {
    expect(lineCommentText("phases/a\nb\r\u2028\u2029\u0000\ud800.yaml")).toBe("phases/a\\u000Ab\\u000D\\u2028\\u2029\\u0000\\uD800.yaml");
    expect(lineCommentText("phases/P7 😀.yaml")).toBe("phases/P7 😀.yaml");
  });
});

describe("renderValue", () => {
  it("quotes keys that are not plain identifiers and renders numbers exactly", () => {
    expect(renderValue({ a: 1, "step-1": -0, "x y": [true, null, 0.5] })).toBe('{ a: 1, "step-1": -0, "x y": [true, null, 0.5] }');
  });

  it("refuses numbers that have no literal", () => {
    expect(() => renderValue(Number.NaN)).toThrow(RangeError);
  });
});

describe("namedImport", () => {
  it("sorts values before type imports and refuses specifiers that would need escaping", () => {
    expect(namedImport("spec-kit/runtime", ["b", "a"], ["T"]).namedImports).toEqual([{ name: "a" }, { name: "b" }, { name: "T", isTypeOnly: true }]);
    expect(() => namedImport('x"; import "evil', [])).toThrow(TypeError);
  });
});

describe("emittablePhases", () => {
  const report = (phaseId: string): PhaseReport => {
    const base = emitInputFromPhase("P7.yaml", readFixture("phases/valid.yaml")).bundle.phases[0]!.data;
    return { ...base, phase_meta: { ...base.phase_meta, phase_id: phaseId } };
  };

  it("skips ids that are unsafe as file names and ids repeated up to case, with a note each, and sorts the rest", () => {
    const input = emitInputFromReports([
      { file: "phases/b.yaml", report: report("P-2") },
      { file: "phases/a.yaml", report: report("P1") },
      { file: "phases/c.yaml", report: report("../evil") },
      { file: "phases/d.yaml", report: report("P1") },
      { file: "phases/e.yaml", report: report("p1") },
    ]);
    const { phases, notes } = emittablePhases(input, "tests");
    expect(phases.map((p) => [p.phaseId, p.source])).toEqual([
      ["P-2", "phases/b.yaml"],
      ["P1", "phases/a.yaml"],
    ]);
    expect(notes).toEqual([
      { emitter: "tests", message: 'phases/c.yaml: skipped, its phase id "../evil" is not a safe file name' },
      { emitter: "tests", message: "phases/d.yaml: skipped, phase P1 would share its files with phase P1 of phases/a.yaml" },
      { emitter: "tests", message: "phases/e.yaml: skipped, phase p1 would share its files with phase P1 of phases/a.yaml" },
    ]);
  });
});
