import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryCodeHost, createNodeCodeHost } from "../../cli/code-host.js";
import { buildCodeModel } from "../../compiler/code/build-code-model.js";
import type { CodeModel } from "../../compiler/code/code-model.js";
import { readCompilerOptions } from "../../compiler/code/compiler-options.js";
import { gateCallCandidates } from "../../compiler/code/gate-bypass.js";
import { createModuleResolver } from "../../compiler/code/module-resolver.js";
import { createLayerMap } from "../../compiler/layers.js";
import { codeFixture } from "./code-helpers.js";

function modelOf(dir: string, manifest: unknown = {}, root = "src"): CodeModel {
  const host = createNodeCodeHost(dir);
  const { options } = readCompilerOptions(host, `${host.bundleRoot}/${root}`, `${host.bundleRoot}/tsconfig.json`);
  return buildCodeModel(host, { root, options, layers: createLayerMap(manifest) });
}

function edges(model: CodeModel, path: string): string[] {
  return model.file(path)!.imports.map((i) => `${i.kind}${i.typeOnly ? " type" : ""} ${i.specifier} -> ${i.target ?? (i.external ? "(external)" : "(unresolved)")}`);
}

describe("the code model", () => {
  const layers = modelOf(codeFixture("layers"), { layers: [{ id: "api", modules: ["src/api"] }] });

  it("lists the TypeScript files under the root, sorted, relative to the bundle root, each with its layer", () => {
    expect(layers.files.map((f) => f.path)).toEqual([
      "src/api/allowed.ts",
      "src/api/index-import.ts",
      "src/api/lazy.ts",
      "src/api/legacy.ts",
      "src/api/through-alias.ts",
      "src/api/through-barrel.ts",
      "src/kernel/spawn.ts",
      "src/misc.ts",
      "src/tools/index.ts",
      "src/tools/run.ts",
    ]);
    expect(layers.file("src/api/lazy.ts")!.layer).toBe("api");
    expect(layers.file("src/tools/run.ts")!.layer).toBeUndefined();
  });

  it("resolves path aliases, index files, .js specifiers, re-exports, import() and require()", () => {
    expect(edges(layers, "src/tools/index.ts")).toEqual(["export ./run.js -> src/tools/run.ts", "export @kernel/spawn -> src/kernel/spawn.ts"]);
    expect(edges(layers, "src/api/index-import.ts")).toEqual(["import ../tools -> src/tools/index.ts"]);
    expect(edges(layers, "src/api/through-alias.ts")).toEqual(["import type @kernel/spawn -> src/kernel/spawn.ts"]);
    expect(edges(layers, "src/api/lazy.ts")).toEqual(["dynamic ../kernel/spawn.js -> src/kernel/spawn.ts"]);
    expect(edges(layers, "src/api/legacy.ts")).toEqual(["require ../kernel/spawn -> src/kernel/spawn.ts"]);
  });

  it("keeps type-only imports apart, including imports whose bindings are all marked type", () => {
    const host = createMemoryCodeHost({
      "src/a.ts": 'import type { B } from "./b";\nimport { type C } from "./b";\nimport { type D, e } from "./b";\nexport type { F } from "./b";\nexport * from "./b";\n',
      "src/b.ts": "export type B = 1; export type C = 1; export type D = 1; export const e = 1; export type F = 1;\n",
    });
    const model = buildCodeModel(host, { root: "src", options: readCompilerOptions(host, "/bundle/src").options, layers: createLayerMap({}) });
    expect(model.file("src/a.ts")!.imports.map((i) => [i.kind, i.typeOnly])).toEqual([
      ["import", true],
      ["import", true],
      ["import", false],
      ["export", true],
      ["export", false],
    ]);
  });

  it("marks packages and files outside the root as external, and what resolves to nothing as unresolved", () => {
    const host = createMemoryCodeHost({
      "src/a.ts": 'import "./missing";\nimport "../outside";\nimport "pkg";\n',
      "outside.ts": "export {};\n",
      "node_modules/pkg/index.d.ts": "export {};\n",
      "node_modules/pkg/package.json": '{"name": "pkg", "types": "index.d.ts"}',
    });
    const model = buildCodeModel(host, { root: "src", options: readCompilerOptions(host, "/bundle/src").options, layers: createLayerMap({}) });
    expect(edges(model, "src/a.ts")).toEqual(["import ./missing -> (unresolved)", "import ../outside -> (external)", "import pkg -> (external)"]);
  });

  it("survives source text that does not parse", () => {
    const host = createMemoryCodeHost({ "src/a.ts": 'import { from "./b";\nexport const = ;\nrequire(\n', "src/b.ts": "}}}{{{" });
    const model = buildCodeModel(host, { root: "src", options: {}, layers: createLayerMap({}) });
    expect(model.files.map((f) => f.path)).toEqual(["src/a.ts", "src/b.ts"]);
  });

  it("never throws on arbitrary source text, and gives the same model twice", () => {
    const fragments = fc.constantFrom('import ', 'export ', '* as n ', '{ a, type b } ', 'from ', '"./b"', "'./a.js'", 'require(', 'import(', ')', ';', '\n', 'type ', '= ', '`x`', '{', '}');
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 40 }), (parts) => {
        const files = { "src/a.ts": parts.join(""), "src/b.ts": parts.slice().reverse().join("") };
        const build = () => {
          const host = createMemoryCodeHost(files);
          return buildCodeModel(host, { root: "src", options: readCompilerOptions(host, "/bundle/src").options, layers: createLayerMap({}) }).files.map((f) => [f.path, f.imports.map((i) => [i.kind, i.specifier, i.target ?? null])]);
        };
        expect(build()).toEqual(build());
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it("takes ESM and CJS conditions from the file's module format under nodenext", () => {
    const host = createMemoryCodeHost({
      "tsconfig.json": '{"compilerOptions": {"module": "nodenext", "moduleResolution": "nodenext"}}',
      "src/esm.mts": 'import "dual";\n',
      "src/cjs.cts": 'import "dual";\n',
      "src/esm-copy.ts": "export {};\n",
      "src/cjs-copy.ts": "export {};\n",
      "node_modules/dual/package.json": '{"name": "dual", "exports": {"import": "./esm.js", "require": "./cjs.js"}}',
      "node_modules/dual/esm.d.ts": "export {};\n",
      "node_modules/dual/cjs.d.ts": "export {};\n",
    });
    const { options } = readCompilerOptions(host, "/bundle/src");
    const resolver = createModuleResolver(host, options);
    expect(resolver.resolve("dual", "/bundle/src/esm.mts", "import")).toBe("/bundle/node_modules/dual/esm.d.ts");
    expect(resolver.resolve("dual", "/bundle/src/cjs.cts", "import")).toBe("/bundle/node_modules/dual/cjs.d.ts");
    expect(resolver.resolve("dual", "/bundle/src/esm.mts", "require")).toBe("/bundle/node_modules/dual/cjs.d.ts");
    expect(resolver.resolve("dual", "/bundle/src/cjs.cts", "dynamic")).toBe("/bundle/node_modules/dual/esm.d.ts");
  });
});

describe("gate call candidates", () => {
  it("are the files outside a gated layer that reach it through value imports", () => {
    const manifest = {
      layers: [
        { id: "tools", modules: ["src/tools", "src/gates"] },
        { id: "kernel", modules: ["src/kernel"], gated: true },
      ],
    };
    expect(gateCallCandidates(modelOf(codeFixture("gates"), manifest))).toEqual([
      "src/tools/aliased.ts",
      "src/tools/fake-gate.ts",
      "src/tools/gated.ts",
      "src/tools/namespace.ts",
      "src/tools/reexported.ts",
    ]);
  });

  it("are none when no layer is gated, so no program is built", () => {
    expect(gateCallCandidates(modelOf(codeFixture("gates"), { layers: [{ id: "kernel", modules: ["src/kernel"] }] }))).toEqual([]);
  });
});
