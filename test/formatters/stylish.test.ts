import { describe, expect, it } from "vitest";
import { codeFrame } from "../../cli/formatters/code-frame.js";
import { painter } from "../../cli/formatters/ansi.js";
import { stylish } from "../../cli/formatters/stylish.js";
import { PHASE_YAML, diagnostic, input } from "./diagnostics.js";

const plain = painter(false);

describe("stylish formatter", () => {
  it("prints nothing when there is nothing to report", () => {
    expect(stylish(input([]))).toBe("");
  });

  it("groups by file, aligns the columns, frames the offending line and counts", () => {
    const diagnostics = [
      diagnostic({ line: 4, column: 15, endLine: 4, endColumn: 19 }),
      diagnostic({ ruleId: "protocol/key-order", severity: "warning", message: "keys out of order", line: 10, column: 1, endLine: 10, endColumn: 7 }),
      diagnostic({ file: "phases/P2.yaml", message: "other file" }),
    ];
    const text = stylish(input(diagnostics, { "phases/P1.yaml": PHASE_YAML }), { basePath: "specs/a" });
    expect(text).toBe(
      [
        "specs/a/phases/P1.yaml",
        "  4:15  error    status.completion must be a number  protocol/schema",
        "",
        "      3 | status:",
        "    > 4 |   completion: high",
        "        |               ^^^^",
        "      5 |   stage: done",
        "",
        "  10:1  warning  keys out of order  protocol/key-order",
        "",
        "specs/a/phases/P2.yaml",
        "  1:1  error  other file  protocol/schema",
        "",
        "✖ 3 problems (2 errors, 1 warning)",
        "",
      ].join("\n"),
    );
  });

  it("frames diagnostics at the very same range once, after the last of them", () => {
    const at = { line: 4, column: 15, endLine: 4, endColumn: 19 };
    const diagnostics = [diagnostic({ ...at, message: "first" }), diagnostic({ ...at, message: "second" }), diagnostic({ line: 5, column: 3, endLine: 5, endColumn: 8, message: "third" })];
    const text = stylish(input(diagnostics, { "phases/P1.yaml": PHASE_YAML }));
    expect(text.split("\n").slice(0, 15)).toEqual([
      "phases/P1.yaml",
      "  4:15  error  first  protocol/schema",
      "  4:15  error  second  protocol/schema",
      "",
      "      3 | status:",
      "    > 4 |   completion: high",
      "        |               ^^^^",
      "      5 |   stage: done",
      "",
      "  5:3   error  third  protocol/schema",
      "",
      "      4 |   completion: high",
      "    > 5 |   stage: done",
      "        |   ^^^^^",
      "",
    ]);
  });

  it("counts in the singular for one", () => {
    const text = stylish(input([diagnostic({ severity: "warning" })]));
    expect(text.trimEnd().split("\n").at(-1)).toBe("✖ 1 problem (0 errors, 1 warning)");
  });

  it("colours only when asked to", () => {
    const d = [diagnostic({ line: 4, column: 15, endLine: 4, endColumn: 19 })];
    const texts = { "phases/P1.yaml": PHASE_YAML };
    expect(stylish(input(d, texts), { color: false })).not.toContain("\u001b");
    const coloured = stylish(input(d, texts), { color: true });
    expect(coloured).toContain("\u001b[31merror\u001b[39m");
    expect(coloured).toContain("\u001b[4mphases/P1.yaml\u001b[24m");
  });

  it("prints a multi-line message on one line", () => {
    expect(stylish(input([diagnostic({ message: "first\n  second" })]))).toContain("  1:1  error  first second  protocol/schema\n");
  });

  it("shows control characters from messages and sources as escapes, never raw", () => {
    const text = stylish(input([diagnostic({ message: "bad \u001b[2J value" })], { "phases/P1.yaml": "key: \u001b]0;pwned\u0007\n" }));
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u0007");
    expect(text).toContain("bad \\x1B[2J value");
    expect(text).toContain("key: \\x1B]0;pwned\\x07");
  });
});

describe("code frame", () => {
  it("underlines to the end of the line when the range spans lines", () => {
    const frame = codeFrame("a:\n  b: [1,\n    2]\n", { line: 2, column: 6, endLine: 3, endColumn: 7 }, plain, "red");
    expect(frame).toEqual(["  1 | a:", "> 2 |   b: [1,", "    |      ^^^", "  3 |     2]"]);
  });

  it("puts one caret under an empty range and keeps tabs so the caret lines up", () => {
    const frame = codeFrame("\tkey: value", { line: 1, column: 7, endLine: 1, endColumn: 7 }, plain, "red");
    expect(frame).toEqual(["> 1 | \tkey: value", "    | \t     ^"]);
  });

  it("widens the gutter for line numbers of different widths", () => {
    const text = Array.from({ length: 12 }, (_, i) => `line${i + 1}`).join("\n");
    const frame = codeFrame(text, { line: 10, column: 1, endLine: 10, endColumn: 7 }, plain, "red");
    expect(frame).toEqual(["   9 | line9", "> 10 | line10", "     | ^^^^^^", "  11 | line11"]);
  });

  it("shows a window of a very long line with the caret still under the range", () => {
    const line = `${"x".repeat(500)}BAD${"y".repeat(500)}`;
    const frame = codeFrame(line, { line: 1, column: 501, endLine: 1, endColumn: 504 }, plain, "red");
    const [source, marker] = frame as [string, string];
    expect(source.length).toBeLessThan(140);
    expect(source.startsWith("> 1 | …")).toBe(true);
    expect(source.endsWith("…")).toBe(true);
    expect(source.slice(marker.indexOf("^"), marker.indexOf("^") + 3)).toBe("BAD");
    expect(marker.trimEnd().endsWith("^^^")).toBe(true);
  });

  it("gives no frame for a position outside the text", () => {
    expect(codeFrame("one line\n", { line: 7, column: 1, endLine: 7, endColumn: 2 }, plain, "red")).toEqual([]);
  });

  it("does not show the empty remainder after a final newline as a line", () => {
    expect(codeFrame("a: 1\nb: 2\n", { line: 2, column: 1, endLine: 2, endColumn: 2 }, plain, "red")).toEqual(["  1 | a: 1", "> 2 | b: 2", "    | ^"]);
  });
});
