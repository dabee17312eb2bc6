import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createMemoryCodeHost, createNodeCodeHost } from "../../cli/code-host.js";
import { buildCodeModel } from "../../compiler/code/build-code-model.js";
import type { CodeModel } from "../../compiler/code/code-model.js";
import { readCompilerOptions } from "../../compiler/code/compiler-options.js";
import { findGateBypasses, gateCallCandidates } from "../../compiler/code/gate-bypass.js";
import { createGateCallResolver } from "../../compiler/code/gate-calls.js";
import { createLayerMap } from "../../compiler/layers.js";
import { codeFixture } from "./code-helpers.js";

const LAYERS = {
  layers: [
    { id: "tools", modules: ["src/tools", "src/gates"] },
    { id: "kernel", modules: ["src/kernel"], gated: true },
  ],
};

function modelOf(dir: string, manifest: unknown = LAYERS): CodeModel {
  const host = createNodeCodeHost(dir);
  const { options } = readCompilerOptions(host, `${host.bundleRoot}/src`, `${host.bundleRoot}/tsconfig.json`);
  return buildCodeModel(host, { root: "src", options, layers: createLayerMap(manifest) });
}

/** The same model without its syntax trees: every call then goes to the type checker. */
function checkerOnly(model: CodeModel): CodeModel {
  return { ...model, sourceOf: undefined };
}

/** Each call of a file as `callee: verdict`. */
function verdicts(model: CodeModel, path: string): string[] {
  const resolver = createGateCallResolver(model.host.typescript(), model, true);
  expect(resolver.resolvable).toBe(true);
  const source = model.sourceOf!(path)!;
  return resolver.callsOf(path)!.map(({ node, verdict }) => `${node.expression.getText(source)}: ${verdict.kind === "gated" ? `${verdict.name} in ${verdict.calleeFile}` : verdict.kind}`);
}

describe("gate calls resolved from syntax", () => {
  const model = modelOf(codeFixture("gates-resolved"));

  it("resolves default, re-exported, star-exported, namespace and base-class callees without the checker", () => {
    expect(verdicts(model, "src/tools/direct.ts")).toEqual([
      "boot: default in src/kernel/boot.ts",
      "start: default in src/kernel/boot.ts",
      "kill: kill in src/kernel/spawn.ts",
      "Proc: Proc in src/kernel/spawn.ts",
      "kernel.spawn: spawn in src/kernel/spawn.ts",
      // A destructured export is no module-level declaration; a parenthesized or element-access
      // callee has no symbol; a static method is no function of the module.
      "kernel.first: none",
      "(kernel.spawn): none",
      'kernel["spawn"]: none',
      "Proc.open().stop: none",
      "Proc.open: none",
      "super: Proc in src/kernel/spawn.ts",
    ]);
  });

  it("lets a parameter or an inner declaration hide an import, and leaves that to the checker", () => {
    expect(verdicts(model, "src/tools/shadowed.ts")).toEqual(["spawn: ambiguous", "kill: ambiguous", "spawn: ambiguous", "Number: none", "kill: ambiguous"]);
  });

  it("hands the checker a namespace object passed through a variable, a function or a spread, and calls inside an execute task", () => {
    expect(verdicts(model, "src/tools/through-values.ts")).toEqual([
      "held.spawn: ambiguous",
      "viaFunction().kill: ambiguous",
      "viaFunction: none",
      "spread.spawn: ambiguous",
      "alias: none",
    ]);
    expect(verdicts(model, "src/tools/tasks.ts")).toEqual(["task: none", "gate.execute: none", "spawn: ambiguous", "lookalike.execute: none", "spawn: ambiguous"]);
  });

  it("finds exactly what the type checker alone finds, the ambiguous calls included", () => {
    const both = findGateBypasses(model);
    expect(both).toEqual(findGateBypasses(checkerOnly(model)));
    expect(both.bypasses.map((b) => `${b.file}:${b.range.line}:${b.range.column} ${b.callee} -> ${b.name}`)).toEqual([
      "src/tools/direct.ts:7:3 boot -> default",
      "src/tools/direct.ts:8:3 start -> default",
      "src/tools/direct.ts:9:3 kill -> kill",
      "src/tools/direct.ts:10:7 Proc -> Proc",
      "src/tools/direct.ts:11:3 kernel.spawn -> spawn",
      "src/tools/direct.ts:21:5 super -> Proc",
      "src/tools/shadowed.ts:13:28 spawn -> spawn",
      "src/tools/shadowed.ts:13:48 kill -> kill",
      // The look-alike's task, not the runtime gate's.
      "src/tools/tasks.ts:9:38 spawn -> spawn",
      "src/tools/through-values.ts:11:3 held.spawn -> spawn",
      "src/tools/through-values.ts:12:3 viaFunction().kill -> kill",
      "src/tools/through-values.ts:13:3 spread.spawn -> spawn",
    ]);
    expect(both.unchecked).toEqual([]);
  });

  it("agrees with the checker on the first gates fixture", () => {
    const gates = modelOf(codeFixture("gates"));
    expect(findGateBypasses(gates)).toEqual(findGateBypasses(checkerOnly(gates)));
    expect(findGateBypasses(gates).bypasses).toHaveLength(5);
  });

  it("leaves a model to the checker whole when a gated file is a script or a file declares a module by name", () => {
    const scripted = (files: Record<string, string>) => {
      const host = createMemoryCodeHost({ "tsconfig.json": "{}", ...files });
      const built = buildCodeModel(host, { root: "src", options: {}, layers: createLayerMap(LAYERS) });
      return { resolvable: createGateCallResolver(host.typescript(), built, false).resolvable, found: findGateBypasses(built).bypasses.map((b) => b.callee) };
    };
    // The script's function is a global; the tool's file imports the script for its effect.
    expect(scripted({ "src/kernel/g.ts": "function helper(): number { return 1; }\n", "src/tools/t.ts": 'import "../kernel/g";\nexport const x = helper();\n' })).toEqual({ resolvable: false, found: ["helper"] });
    expect(
      scripted({
        "src/kernel/k.ts": "export function helper(): number { return 1; }\n",
        "src/tools/t.ts": 'import { helper } from "../kernel/k";\ndeclare module "../kernel/k" { export function extra(): number; }\nexport const x = helper();\n',
      }),
    ).toEqual({ resolvable: false, found: ["helper"] });
  });
});

describe("gate calls on rxjs's sources (the benchmark's layers, its helpers gated)", () => {
  const rxjs = resolve(dirname(fileURLToPath(import.meta.url)), "../../node_modules/rxjs");
  const manifest = {
    layers: [
      { id: "public-api", modules: ["src/index.ts", "src/operators", "src/ajax", "src/fetch", "src/testing", "src/webSocket"] },
      { id: "operators", modules: ["src/internal/operators"] },
      { id: "observables", modules: ["src/internal/observable"] },
      { id: "schedulers", modules: ["src/internal/scheduler", "src/internal/testing"] },
      { id: "core", modules: ["src/internal"] },
      { id: "util", modules: ["src/internal/util"], gated: true },
    ],
  };

  it("resolves every call from syntax and finds what the type checker finds", () => {
    const host = createNodeCodeHost(rxjs);
    const { options } = readCompilerOptions(host, `${host.bundleRoot}/src`, `${host.bundleRoot}/src/tsconfig.base.json`);
    const model = buildCodeModel(host, { root: "src", options, layers: createLayerMap(manifest) });
    const resolver = createGateCallResolver(host.typescript(), model, false);
    const candidates = gateCallCandidates(model);
    expect(candidates.length).toBeGreaterThan(150);
    expect(candidates.filter((path) => resolver.callsOf(path)!.some((site) => site.verdict.kind === "ambiguous"))).toEqual([]);
    const found = findGateBypasses(model);
    expect(found.bypasses.length).toBeGreaterThan(150);
    expect(found).toEqual(findGateBypasses(checkerOnly(model)));
  }, 120_000);
});
