import { describe, expect, it } from "vitest";
import { checkFileMap } from "../../cli/public-api.js";

const CYCLE = { "src/a.ts": 'import "./b.js";\nexport const a = 1;\n', "src/b.ts": 'import "./a.js";\nexport const b = 1;\n' };

function ids(manifest: string, files: Record<string, string>): string[] {
  return checkFileMap({ "spec-kit.yaml": manifest, ...files }).diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column} ${d.messageId}`);
}

describe("code.exclude", () => {
  it("leaves the files its globs name out of the code model", () => {
    const base = "specKit: 1\nname: t\ncode: {root: ., exclude: [test/**, src/b.ts]}\nlayers:\n  - {id: src, modules: [src]}\n";
    expect(ids(base, { ...CYCLE, "test/a.test.ts": 'import "../src/a.js";\n' })).toEqual([]);
    expect(ids(base.replace(", src/b.ts", ""), { ...CYCLE, "test/a.test.ts": 'import "../src/a.js";\n' })).toEqual(["code/no-cycle src/a.ts:1:8 cycle"]);
    expect(ids(base.replace("test/**, src/b.ts", "src/b.ts"), { ...CYCLE, "test/a.test.ts": 'import "../src/a.js";\n' })).toEqual([
      "code/unmapped-file test/a.test.ts:1:1 unmapped",
    ]);
  });

  it("is checked by the manifest schema, as are forbid and isolate", () => {
    expect(ids("specKit: 1\nname: t\ncode: {root: ., exclude: [1]}\nlayers:\n  - {id: a, modules: [a], forbid: [''], isolate: 0}\n", {})).toEqual([
      "manifest/schema spec-kit.yaml:3:27 invalid",
      "manifest/schema spec-kit.yaml:5:36 invalid",
      "manifest/schema spec-kit.yaml:5:50 invalid",
    ]);
  });
});
