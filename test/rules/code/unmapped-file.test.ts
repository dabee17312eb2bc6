import { describe, expect, it } from "vitest";
import { codeFixture, diagnosticsOf } from "../../code/code-helpers.js";

describe("code/unmapped-file", () => {
  it("reports each file in no layer once, at its first line, as a warning", () => {
    expect(diagnosticsOf(codeFixture("layers"), "code/unmapped-file")).toEqual([
      { file: "src/misc.ts", at: "1:1-1:1", message: "src/misc.ts maps to no layer; add a prefix of it to a layer's modules in the manifest" },
    ]);
  });

  it("does nothing when the manifest declares no layers", () => {
    expect(diagnosticsOf(codeFixture("cycles"), "code/unmapped-file")).toEqual([]);
  });
});
