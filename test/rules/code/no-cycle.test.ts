import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeFixture, diagnosticsOf, rangeOfText } from "../../code/code-helpers.js";

describe("code/no-cycle", () => {
  const temp = mkdtempSync(join(tmpdir(), "spec-kit-cycles-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("reports each elementary cycle once, from its smallest path, at the import leaving it; type-only imports excluded", () => {
    expect(diagnosticsOf(codeFixture("cycles"), "code/no-cycle")).toEqual([
      { file: "src/a.ts", at: rangeOfText(codeFixture("cycles"), "src/a.ts", '"./b.js"'), message: "import cycle: src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts" },
      { file: "src/self.ts", at: rangeOfText(codeFixture("cycles"), "src/self.ts", '"./self.js"'), message: "import cycle: src/self.ts -> src/self.ts" },
    ]);
  });

  it("counts type-only imports when the manifest sets code.typeOnlyCycles", () => {
    const bundle = join(temp, "typed");
    cpSync(codeFixture("cycles"), bundle, { recursive: true });
    writeFileSync(join(bundle, "spec-kit.yaml"), "specKit: 1\nname: typed\ncode: { root: src, typeOnlyCycles: true }\n");
    expect(diagnosticsOf(bundle, "code/no-cycle").map((d) => d.message)).toEqual([
      "import cycle: src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts",
      "import cycle: src/d.ts -> src/e.ts -> src/d.ts",
      "import cycle: src/self.ts -> src/self.ts",
    ]);
  });

  it("bounds the cycles listed per strongly connected group and says so", () => {
    const bundle = join(temp, "dense");
    const files: Record<string, string> = { "spec-kit.yaml": "specKit: 1\nname: dense\ncode: { root: src }\n" };
    const n = 7;
    for (let i = 0; i < n; i++) {
      const imports = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).map((j) => `import "./m${j}.js";`);
      files[`src/m${i}.ts`] = `${imports.join("\n")}\nexport const m${i} = ${i};\n`;
    }
    for (const [path, text] of Object.entries(files)) {
      cpSync(codeFixture("cycles/spec-kit.yaml"), join(bundle, "spec-kit.yaml"));
      const target = join(bundle, path);
      rmSync(target, { force: true });
      cpSync(codeFixture("cycles/spec-kit.yaml"), target);
      writeFileSync(target, text);
    }
    const found = diagnosticsOf(bundle, "code/no-cycle");
    expect(found.filter((d) => d.message.startsWith("import cycle"))).toHaveLength(100);
    expect(found.filter((d) => !d.message.startsWith("import cycle")).map((d) => d.message)).toEqual([
      "7 files import each other in more cycles than the 100 listed: src/m0.ts, src/m1.ts, src/m2.ts, src/m3.ts, src/m4.ts, src/m5.ts, src/m6.ts",
    ]);
  });

  it("is deterministic", () => {
    expect(diagnosticsOf(codeFixture("cycles"), "code/no-cycle")).toEqual(diagnosticsOf(codeFixture("cycles"), "code/no-cycle"));
  });
});
