import { describe, expect, it } from "vitest";
import { checkFileMap } from "../../../cli/public-api.js";
import { normalizeSpecifier } from "../../../compiler/code/forbidden-imports.js";
import rule from "../../../rules/code/forbidden-import.js";

const RULE = "code/forbidden-import";

function manifest(forbid: string): string {
  return `specKit: 1\nname: t\ncode: {root: src}\nlayers:\n  - {id: core, modules: [src/core], forbid: ${forbid}}\n  - {id: io, modules: [src/io]}\n  - {id: legacy, modules: [src/legacy]}\nallow:\n  - {from: core, to: legacy}\n  - {from: io, to: core}\n`;
}

/** `line:column messageId specifier-in-message` of the rule's diagnostics. */
function findings(files: Record<string, string>): string[] {
  return checkFileMap(files)
    .diagnostics.filter((d) => d.ruleId === RULE)
    .map((d) => `${d.file}:${d.line}:${d.column} ${d.messageId} ${d.message}`);
}

describe(RULE, () => {
  it("reports a built-in by either spelling and by subpath, at the specifier, once per import", () => {
    const files = {
      "spec-kit.yaml": manifest('["node:fs", "node:child_process"]'),
      "src/core/a.ts": 'import { readFileSync } from "fs";\nimport { readFile } from "node:fs/promises";\nimport type { Stats } from "node:fs";\nimport { spawn } from "child_process";\nimport { join } from "node:path";\nexport const a = [readFileSync, readFile, spawn, join] as unknown as Stats;\n',
      "src/io/b.ts": 'import { readFileSync } from "node:fs";\nexport const b = readFileSync;\n',
    };
    expect(findings(files)).toEqual([
      "src/core/a.ts:1:30 forbidden src/core/a.ts (core) imports fs, which its layer forbids (node:fs)",
      "src/core/a.ts:2:26 forbidden src/core/a.ts (core) imports node:fs/promises, which its layer forbids (node:fs)",
      "src/core/a.ts:3:28 forbidden src/core/a.ts (core) imports node:fs, which its layer forbids (node:fs)",
      "src/core/a.ts:4:23 forbidden src/core/a.ts (core) imports child_process, which its layer forbids (node:child_process)",
    ]);
  });

  it("forbids a package with its subpaths, files by path and names by glob", () => {
    const files = {
      "spec-kit.yaml": manifest('[yargs, "src/legacy/**", "@aws-sdk/*", "node:*"]'),
      "src/core/a.ts": 'import "yargs/helpers";\nimport "yargsish";\nimport "@aws-sdk/client-s3/commands";\nimport { old } from "../legacy/old.js";\nimport "crypto";\nexport const a = old;\n',
      "src/legacy/old.ts": "export const old = 1;\n",
    };
    expect(findings(files).map((line) => line.replace(/ forbidden .* \((.*)\)$/, " $1"))).toEqual([
      "src/core/a.ts:1:8 yargs",
      "src/core/a.ts:3:8 @aws-sdk/*",
      "src/core/a.ts:4:21 src/legacy/**",
      "src/core/a.ts:5:8 node:*",
    ]);
  });

  it("does nothing without a forbid list", () => {
    expect(findings({ "spec-kit.yaml": "specKit: 1\nname: t\ncode: {root: src}\nlayers:\n  - {id: core, modules: [src/core]}\n", "src/core/a.ts": 'import "node:fs";\n' })).toEqual([]);
  });

  it("names built-ins with their node: prefix, and nothing else", () => {
    expect(["fs", "fs/promises", "node:test", "yargs", "./fs.js", "@types/node"].map(normalizeSpecifier)).toEqual(["node:fs", "node:fs/promises", "node:test", "yargs", "./fs.js", "@types/node"]);
  });

  it("has examples that fail and pass", () => {
    expect(findings(rule.examples!.failing.files)).toHaveLength(1);
    expect(findings(rule.examples!.passing.files)).toEqual([]);
  });
});
