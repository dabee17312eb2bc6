import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMemoryCodeHost } from "../../../cli/code-host.js";
import { createMemoryHost } from "../../../cli/memory-host.js";
import { MAX_BRACKET_DEPTH, MAX_SYNTAX_DEPTH, deepBracketOffset } from "../../../compiler/code/parse-code.js";
import { checkBundle } from "../../../compiler/program.js";
import { ALL_RULES } from "../../../rules/index.js";
import rule from "../../../rules/code/too-deep.js";
import { CLI_TEST_TIMEOUT_MS, hasStackTrace, runCli } from "../../cli/spawn-cli.js";

/** A bundle with a gated layer `kernel`, a runtime gate, and the caller files given. */
function gatedBundle(files: Record<string, string>): Record<string, string> {
  return {
    "spec-kit.yaml": [
      "specKit: 1",
      "name: deep",
      "code: {root: src, tsconfig: tsconfig.json}",
      "layers:",
      "  - {id: tools, modules: [src/tools, src/runtime]}",
      "  - {id: kernel, modules: [src/kernel], gated: true}",
      "allow:",
      "  - {from: tools, to: kernel}",
      "",
    ].join("\n"),
    "tsconfig.json": '{"compilerOptions": {"module": "esnext", "moduleResolution": "bundler", "paths": {"spec-kit/runtime": ["./src/runtime/index.ts"]}}}\n',
    "src/runtime/index.ts": "export interface Gate { execute<T>(envelope: object, task: () => T): Promise<T>; }\n",
    "src/kernel/spawn.ts": "export function spawn(command: string): number { return command.length; }\n",
    ...files,
  };
}

const IMPORT = 'import { spawn } from "../kernel/spawn.js";\n';

/** `check` of a memory bundle with its code: every diagnostic as `rule file:line:column message`. Throws what check throws. */
function checkCode(files: Record<string, string>): string[] {
  const result = checkBundle(createMemoryHost(files), { rules: ALL_RULES, code: { host: createMemoryCodeHost(files) } });
  return result.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column} ${d.message}`);
}

describe("code/too-deep", () => {
  it("checks a 2,000-term expression in full: the gate-bypass walk is iterative", () => {
    const sum = Array.from({ length: 2000 }, (_, i) => `spawn("${i}")`).join(" + ");
    const diagnostics = checkCode(gatedBundle({ "src/tools/sum.ts": `${IMPORT}export const total = ${sum};\n` }));
    const bypasses = diagnostics.filter((d) => d.startsWith("code/no-gate-bypass src/tools/sum.ts:2:"));
    expect(bypasses).toHaveLength(2000);
    expect(diagnostics.filter((d) => d.startsWith(rule.id))).toEqual([]);
  });

  it("reports 1,000 nested parentheses at the first one past the limit, and still checks the other files", () => {
    const prefix = "export const v = ";
    const deep = `${IMPORT}${prefix}${"(".repeat(1000)}1${")".repeat(1000)};\n`;
    const diagnostics = checkCode(gatedBundle({ "src/tools/deep.ts": deep, "src/tools/call.ts": `${IMPORT}export const w = () => spawn("x");\n` }));
    expect(diagnostics).toContain(
      `${rule.id} src/tools/deep.ts:2:${prefix.length + MAX_BRACKET_DEPTH + 1} brackets nest deeper than ${MAX_BRACKET_DEPTH} levels here; src/tools/deep.ts is not analysed, so its imports and calls go unchecked`,
    );
    expect(diagnostics).toContain(
      "code/no-gate-bypass src/tools/call.ts:2:24 spawn() calls spawn, exported by src/kernel/spawn.ts of the gated layer kernel, outside a gate's execute task",
    );
  });

  it("hands a refused file to the type checker empty when another file imports it", () => {
    const deep = `export const v = ${"[".repeat(600)}${"]".repeat(600)};\nexport function helper(): void {}\n`;
    const caller = `import { helper } from "./deep.js";\n${IMPORT}export const w = () => { helper(); return spawn("x"); };\n`;
    const diagnostics = checkCode(gatedBundle({ "src/tools/deep.ts": deep, "src/tools/caller.ts": caller }));
    expect(diagnostics.filter((d) => d.startsWith(rule.id)).map((d) => d.split(" ")[1])).toEqual([`src/tools/deep.ts:1:${"export const v = ".length + MAX_BRACKET_DEPTH + 1}`]);
    expect(diagnostics.filter((d) => d.startsWith("code/no-gate-bypass")).map((d) => d.split(" ")[1])).toEqual([`src/tools/caller.ts:3:${'export const w = () => { helper(); return '.length + 1}`]);
  });

  it("reports a syntax tree deeper than the limit at the node where it is crossed", () => {
    const chain = `${IMPORT}declare const api: any;\nexport const v = api${".next()".repeat(MAX_SYNTAX_DEPTH)};\n`;
    const diagnostics = checkCode(gatedBundle({ "src/tools/chain.ts": chain })).filter((d) => d.startsWith(rule.id));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^code\/too-deep src\/tools\/chain\.ts:3:18 expressions nest deeper than 400 levels here;/);
  });

  it("reports a file the parser itself overflows on at its start, instead of crashing", () => {
    const diagnostics = checkCode(gatedBundle({ "src/tools/not.ts": `export const v = ${"!".repeat(30_000)}1;\n` }));
    expect(diagnostics.filter((d) => d.startsWith(rule.id))).toEqual([
      `${rule.id} src/tools/not.ts:1:1 src/tools/not.ts is too deeply nested for the TypeScript parser; it is not analysed, so its imports and calls go unchecked`,
    ]);
  });

  it("passes deep but ordinary code, and long flat code", () => {
    const nested = `export const v = ${"(".repeat(MAX_BRACKET_DEPTH)}1${")".repeat(MAX_BRACKET_DEPTH)};\n`;
    const flat = `export const v = [${Array.from({ length: 20_000 }, (_, i) => i).join(", ")}];\n`;
    expect(checkCode(gatedBundle({ "src/tools/nested.ts": nested, "src/tools/flat.ts": flat })).filter((d) => d.startsWith(rule.id))).toEqual([]);
  });

  it("flags its failing example and passes its passing example", () => {
    const failing = rule.examples!.failing.files;
    expect(checkCode(failing).filter((d) => d.startsWith(rule.id))).toHaveLength(1);
    expect(checkCode(rule.examples!.passing.files)).toEqual([]);
  });
});

describe("spec-kit check --code on deep code", () => {
  it(
    "exits 1 with located diagnostics where it overflowed the stack (exit 2, no location)",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "spec-kit-deep-"));
      try {
        const sum = Array.from({ length: 2000 }, (_, i) => `x${i % 10}`).join(" + ");
        const files = gatedBundle({
          "src/tools/sum.ts": `${IMPORT}const x0 = 1, x1 = 1, x2 = 1, x3 = 1, x4 = 1, x5 = 1, x6 = 1, x7 = 1, x8 = 1, x9 = 1;\nexport const v = ${sum};\nexport const w = () => spawn("a");\n`,
          "src/tools/parens.ts": `export const v = ${"(".repeat(1000)}1${")".repeat(1000)};\n`,
        });
        for (const [file, text] of Object.entries(files)) {
          mkdirSync(dirname(join(dir, file)), { recursive: true });
          writeFileSync(join(dir, file), text);
        }
        const run = runCli(["check", dir, "--code", join(dir, "src"), "--format", "json"]);
        expect(hasStackTrace(run.stderr)).toBe(false);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        const found = (JSON.parse(run.stdout) as { diagnostics: { ruleId: string; file: string; line: number; column: number }[] }).diagnostics;
        expect(found.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column}`)).toEqual([
          `code/too-deep src/tools/parens.ts:1:${"export const v = ".length + MAX_BRACKET_DEPTH + 1}`,
          "code/no-gate-bypass src/tools/sum.ts:4:24",
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe("deepBracketOffset", () => {
  const open = "(".repeat(300);

  it("counts parentheses, brackets, braces and template substitutions", () => {
    expect(deepBracketOffset(`${open}`, 256)).toBe(256);
    expect(deepBracketOffset("[{(".repeat(100), 256)).toBe(256);
    expect(deepBracketOffset("`${".repeat(300), 256)).toBe(256 * 3);
  });

  it("gives each closed bracket its level back", () => {
    expect(deepBracketOffset("()".repeat(10_000), 1)).toBe(-1);
    expect(deepBracketOffset("`a${`b${1}c`}d`".repeat(100), 2)).toBe(-1);
  });

  it("skips brackets in strings, comments, template text and regular expressions", () => {
    const text = [
      `const a = "${open}";`,
      `const b = '${open}';`,
      `// ${open}`,
      `/* ${open} */`,
      `const c = \`${open}\`;`,
      `const d = /[${open}]/g.test(a) ? /\\(${open}/ : 0;`,
      `const e = 4 / 2 / (1);`,
      `if (x) return /${open}/;`,
    ].join("\n");
    expect(deepBracketOffset(text, 2)).toBe(-1);
  });
});
