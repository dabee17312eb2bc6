// Fuzzing the Markdown mission loader: fragments of mission Markdown (labels, list markers,
// headings, code spans and fences, emphasis, entities, block quotes, odd white space and
// Unicode) combined at random never make it throw; every document it reads has a value that
// the mission schema check and all rules accept as input, and every position, note and string
// offset it gives lies inside the text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../compiler/load/parse-document.js";
import { DEFAULT_LIMITS } from "../../../compiler/load/source-document.js";
import type { SourceRange } from "../../../compiler/diagnostics.js";
import { checkFiles } from "../../helpers/rule-tester.js";

const RUNS = Number(process.env.SPEC_KIT_FUZZ_RUNS ?? 300);

const FRAGMENTS = [
  "# ", "## ", "### ", "#### ", "- ", "* ", "+ ", "1. ", "  ", "    ", "\t", "\n", "\r\n", "\n\n", "> ",
  "Component:", "**Component**:", "Contract:", "Actor:", "Responsibilities:", "Interfaces:", "Schema:", "Producers:", "Consumers:",
  "Kind:", "Id:", "Owner:", "Core Subsystems", "Data Contracts", "Actors", "System Overview", "Security",
  "`", "``", "```", "~~~", "{ id: UUID, n?: number }", "'a' | 'b'", "string[]", "{", "}", ":", ",", ";", ".", "|",
  "*", "_", "**", "[x](y)", "<b>", "&amp;", "&copy;", "&#x1F600;", "\\", "\\`", "Audit Service", "Trusted CLI", "Mission Control",
  "é", "😀", "\u0000", "\u2028", "\ud800", "---", "***", "| a | b |", "<!-- c -->", "[ref]: http://x",
];

function inside(range: SourceRange, text: string): boolean {
  const lines = text.split("\n").length;
  return range.line >= 1 && range.line <= lines && range.column >= 1 && (range.endLine > range.line || range.endColumn >= range.column) && range.endLine <= lines;
}

/** Every JSON path of a value (objects and arrays), the root included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...paths(item, [...prefix, index])));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  return out;
}

describe("the Markdown mission loader under random input", () => {
  it(`never throws and stays inside the text (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }), fc.string({ maxLength: 20 }), (parts, noise) => {
        const text = parts.join("") + noise;
        const bytes = new TextEncoder().encode(text);
        const parsed = parseDocument("missions/fuzz.md", bytes, DEFAULT_LIMITS);
        if (!parsed.ok) {
          expect(parsed.finding.topic).toBe("document");
          return;
        }
        const document = parsed.document;
        const source = document.text;
        for (const note of document.notes?.() ?? []) expect(inside(note.range, source), JSON.stringify(note)).toBe(true);
        for (const path of paths(document.value)) {
          expect(inside(document.locate(path), source), JSON.stringify(path)).toBe(true);
          const map = document.stringOffsets?.(path);
          if (map) for (let i = 0; i <= 3; i++) expect(map(i)).toBeLessThanOrEqual(source.length);
        }
        // The whole check (schema, every rule, locating each finding) runs on what was read without throwing.
        const result = checkFiles({ "spec-kit.yaml": "specKit: 1\nname: fuzz\n", "missions/fuzz.md": bytes });
        for (const d of result.diagnostics) expect(inside(d, source), JSON.stringify(d)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 60_000 + RUNS * 100);

  it("refuses nesting deeper than the limit with a located finding", () => {
    for (const text of ["> ".repeat(5000) + "x\n", Array.from({ length: 400 }, (_, i) => `${" ".repeat(i * 2)}- a`).join("\n")]) {
      const parsed = parseDocument("missions/deep.md", new TextEncoder().encode(text), DEFAULT_LIMITS);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.finding.messageId).toBe("tooDeep");
    }
  });
});
