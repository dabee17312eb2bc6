import { defineCodeRule } from "../../compiler/check/rule.js";
import { MAX_BRACKET_DEPTH, MAX_SYNTAX_DEPTH } from "../../compiler/code/parse-code.js";

const MANIFEST = `specKit: 1
name: example
code: {root: src}
layers:
  - {id: tools, modules: [src/tools]}
`;

/** code/too-deep: a TypeScript file nests deeper than the code checks can follow. */
export const tooDeep = defineCodeRule({
  id: "code/too-deep",
  scope: "code",
  defaultSeverity: "error",
  doc: "A TypeScript file nests deeper than the code checks can follow; its imports and calls go unchecked.",
  details: [
    "The TypeScript parser and checker are recursive: about 700 nested brackets, or a few hundred levels of chained calls,",
    `overflow Node's stack. spec-kit therefore reads no file whose brackets ((, [, {, \${) nest more than ${MAX_BRACKET_DEPTH} deep, or`,
    `whose syntax tree is deeper than ${MAX_SYNTAX_DEPTH} levels (operands of binary operators do not count, so a sum of`,
    "thousands of terms is fine). Such a file keeps its layer, but its imports, re-exports and calls are not checked, so it",
    "is reported, at the bracket or expression where the limit is crossed. Split the expression, or move generated data to JSON.",
  ].join("\n"),
  messages: {
    brackets: "brackets nest deeper than {{limit}} levels here; {{file}} is not analysed, so its imports and calls go unchecked",
    syntax: "expressions nest deeper than {{limit}} levels here; {{file}} is not analysed, so its imports and calls go unchecked",
    overflow: "{{file}} is too deeply nested for the TypeScript parser; it is not analysed, so its imports and calls go unchecked",
  },
  examples: {
    failing: {
      description: `src/tools/table.ts nests ${MAX_BRACKET_DEPTH + 4} parentheses.`,
      files: {
        "spec-kit.yaml": MANIFEST,
        "src/tools/table.ts": `export const value = ${"(".repeat(MAX_BRACKET_DEPTH + 4)}1${")".repeat(MAX_BRACKET_DEPTH + 4)};\n`,
      },
    },
    passing: {
      description: "A sum of 2,000 terms is long, but not deep.",
      files: { "spec-kit.yaml": MANIFEST, "src/tools/table.ts": `export const value = ${Array.from({ length: 2000 }, () => "1").join(" + ")};\n` },
    },
  },
  check({ code }, report) {
    for (const file of code.files) {
      if (!file.refusal) continue;
      report(file.refusal.kind, { file: file.path, range: file.refusal.range }, { file: file.path, limit: file.refusal.limit });
    }
  },
});

export default tooDeep;
