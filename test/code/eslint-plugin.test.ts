import { Linter, RuleTester } from "eslint";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../cli/eslint-plugin/index.js";
import { noLayerBypassRule } from "../../cli/eslint-plugin/no-layer-bypass.js";
import { codeFixture, diagnosticsOf } from "./code-helpers.js";

const dir = codeFixture("layers");
const file = (path: string) => join(dir, path);
const text = (path: string) => readFileSync(file(path), "utf8");

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: "module" } });

tester.run("no-layer-bypass", noLayerBypassRule, {
  valid: [
    { code: text("src/api/allowed.ts"), filename: file("src/api/allowed.ts") },
    { code: text("src/api/index-import.ts"), filename: file("src/api/index-import.ts") },
    { code: text("src/tools/index.ts"), filename: file("src/tools/index.ts") },
    { code: 'import "../kernel/spawn.js";', filename: file("src/misc.ts") },
    { code: 'import { x } from "some-package";', filename: file("src/api/allowed.ts") },
    { code: 'import "../kernel/spawn.js";', filename: "/nowhere/no-bundle-here/a.ts" },
  ],
  invalid: [
    {
      code: text("src/api/through-barrel.ts"),
      filename: file("src/api/through-barrel.ts"),
      errors: [{ messageId: "reExported", line: 1, column: 15, endColumn: 20 }],
    },
    {
      code: text("src/api/through-alias.ts"),
      filename: file("src/api/through-alias.ts"),
      errors: [{ messageId: "direct", line: 1, column: 32 }],
    },
    {
      code: 'export const k = () => import("../kernel/spawn.js");\nexport * from "@kernel/spawn";\nimport legacy = require("../kernel/spawn");\n',
      filename: file("src/api/typed-now.ts"),
      errors: [
        { messageId: "direct", line: 1, column: 31 },
        { messageId: "direct", line: 2, column: 15 },
        { messageId: "direct", line: 3, column: 25 },
      ],
    },
  ],
});

describe("the plugin through ESLint's Linter", () => {
  it("is exported with its rule and agrees with spec-kit check on the fixture", () => {
    expect(Object.keys(plugin.rules ?? {})).toEqual(["no-layer-bypass"]);
    const linter = new Linter({ configType: "flat", cwd: dir });
    const config = [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser }, plugins: { "spec-kit": plugin }, rules: { "spec-kit/no-layer-bypass": "error" as const } }];
    const fromEslint: string[] = [];
    for (const path of ["src/api/allowed.ts", "src/api/lazy.ts", "src/api/legacy.ts", "src/api/through-alias.ts", "src/api/through-barrel.ts", "src/tools/run.ts"]) {
      for (const m of linter.verify(text(path), config, file(path))) fromEslint.push(`${path}:${m.line}:${m.column} ${m.message}`);
    }
    const fromCheck = diagnosticsOf(dir, "code/no-layer-bypass").map((d) => `${d.file}:${d.at.split("-")[0]} ${d.message}`);
    expect(fromEslint).toEqual(fromCheck);
  });

  it("takes the bundle from its option, and stays quiet when the option names no bundle", () => {
    const linter = new Linter({ configType: "flat", cwd: dir });
    const config = [
      { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser }, plugins: { "spec-kit": plugin }, rules: { "spec-kit/no-layer-bypass": ["error", { bundle: "." }] as ["error", { bundle: string }] } },
    ];
    const messages = linter.verify(text("src/api/through-alias.ts"), config, file("src/api/through-alias.ts"));
    expect(messages.map((m) => m.messageId)).toEqual(["direct"]);
    const nowhere = [{ ...config[0]!, rules: { "spec-kit/no-layer-bypass": ["error", { bundle: "no-such-folder" }] as ["error", { bundle: string }] } }];
    expect(linter.verify(text("src/api/through-alias.ts"), nowhere, file("src/api/through-alias.ts"))).toEqual([]);
  });
});
