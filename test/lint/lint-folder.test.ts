import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eslintRuleId, lintConfig } from "../../cli/lint/eslint-check.js";
import { lintFolder } from "../../cli/lint/lint-folder.js";
import { lintableFiles } from "../../cli/lint/lint-files.js";
import { lintCompilerOptions } from "../../cli/lint/typescript-check.js";
import { scratch, removeScratch } from "../apply/tree.js";

afterAll(removeScratch);

function folder(files: Record<string, string>): string {
  const dir = scratch("spec-kit-lint-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const CLEAN = [
  'import { createGate, type GatePolicy } from "spec-kit/runtime";',
  'import { describe, expect, it } from "vitest";',
  "",
  // A policy whose names are literal types: it needs nothing injected, so a clock is enough.
  'const policy = { phaseId: "P1", runtimeGate: ["timeout"], policyGate: [], auditTrace: [] } as const satisfies GatePolicy;',
  "",
  'describe("gate", () => {',
  '  it("exists", () => {',
  "    expect(createGate(policy, { now: () => 0 })).toBeDefined();",
  "  });",
  "});",
  "",
].join("\n");

describe("lintFolder", () => {
  it("finds nothing in clean code that imports spec-kit/runtime and vitest from a folder outside any project", async () => {
    const result = await lintFolder(folder({ "tests/clean.test.ts": CLEAN }));
    expect(result.diagnostics).toEqual([]);
    expect(result.summary).toEqual({ errors: 0, warnings: 0, files: 1 });
  }, 120_000);

  it("reports type errors as ts/<code> and ESLint findings as eslint/<rule>, at their line and column, sorted", async () => {
    const dir = folder({
      "a.ts": 'export const n: number = "text";\n',
      "b/c.ts": "export function f(x: any): void {\n  void x;\n}\n",
    });
    const result = await lintFolder(dir);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.ruleId])).toEqual([
      ["a.ts", 1, 14, "ts/2322"],
      ["b/c.ts", 1, 22, "eslint/@typescript-eslint/no-explicit-any"],
    ]);
    expect(result.diagnostics[0]!.message).toContain("not assignable to type 'number'");
    expect(result.summary.errors).toBe(2);
  }, 120_000);

  it("checks strictly: an implicit any is an error", async () => {
    const result = await lintFolder(folder({ "a.ts": "export function f(x) {\n  return x;\n}\n" }));
    expect(result.diagnostics.map((d) => d.ruleId)).toContain("ts/7006");
  }, 120_000);

  it("reports a syntax error from both tools, without throwing", async () => {
    const result = await lintFolder(folder({ "a.ts": "export const x = ;\n" }));
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(["eslint/parse", "ts/1109"]);
  }, 120_000);

  it("type-checks declaration files too", async () => {
    const result = await lintFolder(folder({ "validators/a.d.ts": "export declare const y: Strin;\n" }));
    expect(result.diagnostics.map((d) => [d.file, d.ruleId])).toEqual([["validators/a.d.ts", "ts/2552"]]);
  }, 120_000);

  it("gives an empty result for a folder without TypeScript", async () => {
    const result = await lintFolder(folder({ "readme.md": "# hi\n" }));
    expect(result).toMatchObject({ diagnostics: [], summary: { errors: 0, warnings: 0, files: 0 } });
  });
});

describe("lint's parts", () => {
  it("lists .ts files sorted, skipping node_modules and dot folders", () => {
    const dir = folder({ "z.ts": "", "a/b.d.ts": "", "a/c.js": "", "node_modules/x/i.ts": "", ".cache/y.ts": "", "m.mts": "" });
    expect(lintableFiles(dir).map((path) => path.slice(dir.length + 1))).toEqual(["a/b.d.ts", "m.mts", "z.ts"]);
  });

  it("type-checks strict, without emitting, mapping spec-kit/runtime and spec-kit/runtime/testing to this package", () => {
    const options = lintCompilerOptions();
    expect(options).toMatchObject({ strict: true, noEmit: true });
    expect(options.paths?.["spec-kit/runtime"]?.[0]).toMatch(/runtime[\\/]index\.(d\.)?ts$/);
    expect(options.paths?.["spec-kit/runtime/testing"]?.[0]).toMatch(/runtime[\\/]testing\.(d\.)?ts$/);
  });

  it("names ESLint messages, parse failures and unused directives", () => {
    expect(eslintRuleId({ ruleId: "prefer-const", fatal: false, message: "" })).toBe("eslint/prefer-const");
    expect(eslintRuleId({ ruleId: null, fatal: true, message: "Parsing error: ';' expected." })).toBe("eslint/parse");
    expect(eslintRuleId({ ruleId: null, message: "Unused eslint-disable directive (no problems were reported)." })).toBe("eslint/unused-disable-directive");
    expect(lintConfig().some((config) => config.rules?.["@typescript-eslint/no-explicit-any"] !== undefined)).toBe(true);
  });
});
