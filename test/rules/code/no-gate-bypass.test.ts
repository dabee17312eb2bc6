import { describe, expect, it } from "vitest";
import { codeFixture, diagnosticsOf, rangeOfText } from "../../code/code-helpers.js";

describe("code/no-gate-bypass", () => {
  const dir = codeFixture("gates");
  const found = diagnosticsOf(dir, "code/no-gate-bypass");
  const inFile = (file: string) => found.filter((d) => d.file === `src/tools/${file}`);
  const at = (file: string, needle: string, occurrence = 0) => rangeOfText(dir, `src/tools/${file}`, needle, occurrence);

  it("resolves an aliased import to the gated function, pointing at the callee", () => {
    expect(inFile("aliased.ts")).toEqual([
      {
        file: "src/tools/aliased.ts",
        at: at("aliased.ts", "start", 1),
        message: "start() calls spawn, exported by src/kernel/spawn.ts of the gated layer kernel, outside a gate's execute task",
      },
    ]);
  });

  it("follows re-exports and namespace re-exports", () => {
    expect(inFile("reexported.ts").map((d) => [d.at, d.message])).toEqual([
      [at("reexported.ts", "launch", 1), "launch() calls spawn, exported by src/kernel/spawn.ts of the gated layer kernel, outside a gate's execute task"],
      [at("reexported.ts", "proc.kill"), "proc.kill() calls kill, exported by src/kernel/spawn.ts of the gated layer kernel, outside a gate's execute task"],
    ]);
  });

  it("resolves a namespace import", () => {
    expect(inFile("namespace.ts").map((d) => d.at)).toEqual([at("namespace.ts", "kernel.kill")]);
  });

  it("accepts the same call inside the task (arrow or function expression) passed to a runtime gate's execute", () => {
    expect(inFile("gated.ts")).toEqual([]);
  });

  it("does not accept an execute whose receiver is not the runtime's Gate", () => {
    expect(inFile("fake-gate.ts").map((d) => d.at)).toEqual([at("fake-gate.ts", "spawn", 2)]);
  });

  it("ignores type-only imports and calls inside the gated layer", () => {
    expect(inFile("types-only.ts")).toEqual([]);
    expect(found.filter((d) => d.file.startsWith("src/kernel/"))).toEqual([]);
    expect(found).toHaveLength(5);
  });

  it("finds nothing when no layer is gated", () => {
    expect(diagnosticsOf(codeFixture("layers"), "code/no-gate-bypass")).toEqual([]);
  });
});
