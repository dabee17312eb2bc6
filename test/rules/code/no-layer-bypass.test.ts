import { describe, expect, it } from "vitest";
import { codeFixture, diagnosticsOf, rangeOfText } from "../../code/code-helpers.js";

describe("code/no-layer-bypass", () => {
  const dir = codeFixture("layers");
  const found = diagnosticsOf(dir, "code/no-layer-bypass");

  it("finds a bypass hidden behind a re-export through a path alias, at the imported name", () => {
    expect(found.filter((d) => d.file === "src/api/through-barrel.ts")).toEqual([
      {
        file: "src/api/through-barrel.ts",
        at: rangeOfText(dir, "src/api/through-barrel.ts", "spawn"),
        message:
          "src/api/through-barrel.ts (api) imports spawn from src/kernel/spawn.ts (kernel) through src/tools/index.ts: the hand-off api -> kernel is not in allow",
      },
    ]);
  });

  it("counts a type-only import through a path alias, at the specifier", () => {
    expect(found.filter((d) => d.file === "src/api/through-alias.ts")).toEqual([
      {
        file: "src/api/through-alias.ts",
        at: rangeOfText(dir, "src/api/through-alias.ts", '"@kernel/spawn"'),
        message: "src/api/through-alias.ts (api) imports src/kernel/spawn.ts (kernel): the hand-off api -> kernel is not in allow",
      },
    ]);
  });

  it("counts import() and require() with a literal argument", () => {
    expect(found.filter((d) => d.file === "src/api/lazy.ts").map((d) => d.at)).toEqual([rangeOfText(dir, "src/api/lazy.ts", '"../kernel/spawn.js"')]);
    expect(found.filter((d) => d.file === "src/api/legacy.ts").map((d) => d.at)).toEqual([rangeOfText(dir, "src/api/legacy.ts", '"../kernel/spawn"')]);
  });

  it("does not fire on allowed hand-offs, imports within a layer, or an index file re-exporting its own layer", () => {
    const files = new Set(found.map((d) => d.file));
    for (const quiet of ["src/api/allowed.ts", "src/api/index-import.ts", "src/tools/run.ts", "src/tools/index.ts", "src/misc.ts"]) {
      expect(files.has(quiet), quiet).toBe(false);
    }
    expect(found).toHaveLength(4);
  });

  it("reads allow literally: the importing layer is from, the imported layer is to", () => {
    // tools -> kernel is allowed, kernel -> tools is not: tools/run.ts imports the kernel freely.
    expect(found.some((d) => d.message.includes("tools -> kernel"))).toBe(false);
  });
});
