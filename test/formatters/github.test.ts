import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, github } from "../../cli/formatters/github.js";
import { diagnostic, input } from "./diagnostics.js";

describe("github formatter", () => {
  it("prints an annotation with the full range and the rule as title", () => {
    const d = diagnostic({ line: 4, column: 15, endLine: 4, endColumn: 19 });
    expect(github(input([d]), { basePath: "specs/a" })).toBe(
      "::error file=specs/a/phases/P1.yaml,line=4,col=15,endLine=4,endColumn=19,title=protocol/schema::status.completion must be a number\n",
    );
  });

  it("uses ::warning for warnings and prints nothing for no diagnostics", () => {
    expect(github(input([diagnostic({ severity: "warning" })]))).toMatch(/^::warning /);
    expect(github(input([]))).toBe("");
  });

  it("escapes %, CR and LF in the message, and also : and , in properties", () => {
    const d = diagnostic({ file: "phases/a,b:c%.yaml", message: "100% wrong\r\nsee: a, b" });
    expect(github(input([d]))).toBe(
      "::error file=phases/a%2Cb%3Ac%25.yaml,line=1,col=1,endLine=1,endColumn=2,title=protocol/schema::100%25 wrong%0D%0Asee: a, b\n",
    );
  });

  it("escapes % before anything else, so escapes are not escaped twice", () => {
    expect(escapeData("%0A\n")).toBe("%250A%0A");
    expect(escapeProperty("a:%,")).toBe("a%3A%25%2C");
  });

  it("keeps each annotation on one line whatever the message holds", () => {
    const text = github(input([diagnostic({ message: "one\ntwo\rthree" }), diagnostic({ line: 2 })]));
    expect(text.split("\n")).toHaveLength(3);
  });
});
