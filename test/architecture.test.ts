// spec-kit checks its own layering with its own code rules: the manifest at the repository root
// (spec-kit.yaml) describes the layers, and this test runs `check` on the repository, as
// `npx spec-kit check` does there, and on copies with one violation of each kind planted.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { check, checkFileMap, type Diagnostic } from "../cli/public-api.js";

const ROOT = join(import.meta.dirname, "..");
/** The folders the manifest maps, and the files the code model needs beside them. */
const SOURCE_FOLDERS = ["cli", "common", "compiler", "rules", "runtime"];

function brief(d: Diagnostic): string {
  return `${d.ruleId} ${d.messageId} ${d.file}:${d.line}:${d.column}`;
}

/** The repository's sources, manifest and tsconfig as an in-memory bundle. */
function sources(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files[relative(ROOT, path).split("\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(join(ROOT, folder));
  for (const file of ["spec-kit.yaml", "tsconfig.json"]) files[file] = readFileSync(join(ROOT, file), "utf8");
  return files;
}

/** One kind of slip, planted as an import at the top of a file (or as a new file). */
interface Plant {
  kind: string;
  file: string;
  line: string;
  expected: string;
}

const PLANTS: readonly Plant[] = [
  {
    kind: "a stage imports a later stage (load reaches into check)",
    file: "compiler/load/load-bundle.ts",
    line: 'import "../check/finish.js";',
    expected: "code/no-layer-bypass direct compiler/load/load-bundle.ts:1:8",
  },
  {
    kind: "the runtime imports the compiler",
    file: "runtime/gate.ts",
    line: 'import "../compiler/diagnostics.js";',
    expected: "code/no-layer-bypass direct runtime/gate.ts:1:8",
  },
  {
    kind: "the shared leaf imports the runtime",
    file: "common/canonical-json.ts",
    line: 'import "../runtime/clock.js";',
    expected: "code/no-layer-bypass direct common/canonical-json.ts:1:8",
  },
  {
    kind: "the compiler touches the file system",
    file: "compiler/bind/bind-graph.ts",
    line: 'import { readFileSync } from "fs";',
    expected: "code/forbidden-import forbidden compiler/bind/bind-graph.ts:1:30",
  },
  {
    kind: "a rule starts a process",
    file: "rules/graph/unknown-phase.ts",
    line: 'import "node:child_process";',
    expected: "code/forbidden-import forbidden rules/graph/unknown-phase.ts:1:8",
  },
  {
    kind: "one rule imports another",
    file: "rules/graph/no-cycle.ts",
    line: 'import "../protocol/parse.js";',
    expected: "code/no-sibling-import sibling rules/graph/no-cycle.ts:1:8",
  },
  {
    kind: "files import each other in a cycle",
    file: "common/hash.ts",
    line: 'import "./hash-chain.js";',
    expected: "code/no-cycle cycle common/hash-chain.ts:2:40",
  },
  {
    kind: "a source file outside every layer",
    file: "lib/extra.ts",
    line: "export const extra = 1;",
    expected: "code/unmapped-file unmapped lib/extra.ts:1:1",
  },
];

describe("spec-kit's own architecture (spec-kit.yaml)", () => {
  it("holds: check on the repository gives no finding", () => {
    const result = check(ROOT);
    expect(result.diagnostics.map(brief)).toEqual([]);
    expect(result.bundle?.manifest.data.code?.root).toBe(".");
  });

  it("holds on the in-memory copy the planted checks start from", () => {
    expect(checkFileMap(sources()).diagnostics.map(brief)).toEqual([]);
  });

  describe("fails on a planted violation of each kind", () => {
    const files = sources();
    for (const plant of PLANTS) files[plant.file] = `${plant.line}\n${files[plant.file] ?? ""}`;
    const found = checkFileMap(files).diagnostics.map(brief);

    it.each(PLANTS)("$kind", ({ expected }) => {
      expect(found).toContain(expected);
    });

    it("and reports nothing else", () => {
      expect([...found].sort()).toEqual(PLANTS.map((plant) => plant.expected).sort());
    });
  });
});
