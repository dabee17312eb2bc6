import { describe, expect, it } from "vitest";
import { createMemoryCodeHost } from "../../cli/code-host.js";
import { createMemoryHost } from "../../cli/memory-host.js";
import type { CodeHost, CodeInput } from "../../compiler/code/code-host.js";
import { checkBundle } from "../../compiler/program.js";
import { ALL_RULES } from "../../rules/index.js";

/** A memory code host that counts how often the TypeScript API is asked for. */
function countingHost(files: Record<string, string>): CodeHost & { loads: number } {
  const inner = createMemoryCodeHost(files);
  const host = {
    ...inner,
    loads: 0,
    typescript() {
      host.loads++;
      return inner.typescript();
    },
  };
  return host;
}

function run(files: Record<string, string>, input: Partial<CodeInput> = {}) {
  const host = countingHost(files);
  const result = checkBundle(createMemoryHost(files), { rules: ALL_RULES, code: { host, ...input } });
  return { host, diagnostics: result.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column} ${d.message}`) };
}

describe("the code stage of check", () => {
  const cycle = { "src/a.ts": 'import "./b.js";\n', "src/b.ts": 'import "./a.js";\n' };

  it("does nothing, and never loads TypeScript, when the manifest has no code section and no code root is given", () => {
    const { host, diagnostics } = run({ "spec-kit.yaml": "specKit: 1\nname: plain\n", ...cycle });
    expect(diagnostics).toEqual([]);
    expect(host.loads).toBe(0);
  });

  it("runs on the manifest's code section, or on a root the caller names", () => {
    expect(run({ "spec-kit.yaml": "specKit: 1\nname: coded\ncode: {root: src}\n", ...cycle }).diagnostics).toEqual([
      "code/no-cycle src/a.ts:1:8 import cycle: src/a.ts -> src/b.ts -> src/a.ts",
    ]);
    expect(run({ "spec-kit.yaml": "specKit: 1\nname: flagged\n", ...cycle }, { root: "src" }).diagnostics).toHaveLength(1);
  });

  it("checks a change set without a code root and without loading TypeScript", () => {
    const { host, diagnostics } = run({ "spec-kit.yaml": "specKit: 1\nname: diffed\n" }, { changedFiles: ["src/x.ts"] });
    expect(diagnostics).toEqual(["code/write-scope src/x.ts:1:1 src/x.ts changed while no phase is in progress (name one with --phase)"]);
    expect(host.loads).toBe(0);
  });

  it("points at code.root when it is not a folder, and at code.tsconfig when that cannot be read", () => {
    expect(run({ "spec-kit.yaml": "specKit: 1\nname: lost\ncode: {root: nowhere}\n" }).diagnostics).toEqual([
      "manifest/schema spec-kit.yaml:3:14 code root nowhere is not a folder",
    ]);
    const broken = run({ "spec-kit.yaml": "specKit: 1\nname: broken\ncode: {root: src, tsconfig: tsconfig.json}\n", "tsconfig.json": "{ nope", ...cycle }).diagnostics;
    expect(broken[0]).toMatch(/^manifest\/schema spec-kit\.yaml:3:29 code\.tsconfig: \/bundle\/tsconfig\.json/);
    expect(broken.slice(1)).toEqual(["code/no-cycle src/a.ts:1:8 import cycle: src/a.ts -> src/b.ts -> src/a.ts"]);
  });

  it("leaves code findings to severity overrides and suppressions like any other", () => {
    const files = { "spec-kit.yaml": "specKit: 1\nname: quiet\ncode: {root: src}\nrules: {code/no-cycle: off}\n", ...cycle };
    expect(run(files).diagnostics).toEqual([]);
  });
});
