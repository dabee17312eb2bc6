import { describe, expect, it } from "vitest";
import { checkFiles, expectDiagnostics, only, validateTexts } from "../../helpers/rule-tester.js";
import { VALID_YAML, replaceOnce, toJson, validPhase } from "./phase-texts.js";

const RULE = "protocol/module-path";

function yamlScope(write: string, read: string): string {
  return replaceOnce(
    VALID_YAML,
    "  write_modules: [src/security, src/runtime]\n  read_modules: [src/session, src/contracts]\n",
    `  write_modules: ${write}\n  read_modules: ${read}\n`,
  );
}

function jsonScope(write: unknown, read: unknown): string {
  const phase = validPhase();
  phase.module_scope.write_modules = write;
  phase.module_scope.read_modules = read;
  return toJson(phase);
}

describe(RULE, () => {
  describe("phase documents, YAML", () => {
    it("reports each bad path at the path", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlScope("[/src/security, src/runtime/*]", "[../shared, src\\contracts]") });
      expectDiagnostics(result, RULE, [
        {
          ruleId: RULE,
          line: 14,
          column: 19,
          message: 'module path "/src/security" is absolute; write it relative to the repository root, like "src/runtime"',
          severity: "error",
        },
        { ruleId: RULE, line: 14, column: 34, message: 'module path "src/runtime/*" contains the glob character "*"; name a folder, not a pattern' },
        { ruleId: RULE, line: 15, column: 18, message: 'module path "../shared" has a ".." segment; module paths stay inside the repository' },
        { ruleId: RULE, line: 15, column: 29, message: 'module path "src\\contracts" contains a backslash; separate folders with "/"' },
      ]);
    });

    it("points into block lists", () => {
      const result = validateTexts({ "phases/P7.yaml": yamlScope("\n    - src/security\n    - 'src/{a,b}'", "[]") });
      expectDiagnostics(result, RULE, [{ ruleId: RULE, line: 16, column: 7, message: /glob character "\{"/ }]);
    });

    it("accepts plain relative paths and ignores external surfaces", () => {
      expect(only(validateTexts({ "phases/P7.yaml": VALID_YAML }), RULE)).toEqual([]);
      const text = replaceOnce(VALID_YAML, "[CLI, dashboard, state_store adapter]", "['/usr/bin/cli', '*']");
      expect(only(validateTexts({ "phases/P7.yaml": text }), RULE)).toEqual([]);
      expect(only(validateTexts({ "phases/P7.yaml": yamlScope("[src/a.b/c, src/x-y_z, lib]", "[src/..hidden, src/...]") }), RULE)).toEqual([]);
    });

    it("ignores lists that are missing or malformed", () => {
      expect(only(validateTexts({ "phases/P7.yaml": yamlScope("/src", "{ a: /b }") }), RULE)).toEqual([]);
      expect(only(validateTexts({ "phases/P7.yaml": "module_scope: [/src]\n" }), RULE)).toEqual([]);
    });
  });

  describe("phase documents, JSON", () => {
    it("reports each bad path, naming its first problem", () => {
      const write = ["src/runtime/**", "src/[ab]", "src/{a,b}", "src/tool?", "C:/src", "~/src", "\\\\server\\share"];
      const read = ["src/../x", "src\\..\\x", "src/ok", 7];
      const result = validateTexts({ "phases/P7.json": jsonScope(write, read) });
      expectDiagnostics(result, RULE, [
        { ruleId: RULE, line: 19, column: 7, message: /"src\/runtime\/\*\*" contains the glob character "\*"/ },
        { ruleId: RULE, line: 20, column: 7, message: /"src\/\[ab\]" contains the glob character "\["/ },
        { ruleId: RULE, line: 21, column: 7, message: /"src\/\{a,b\}" contains the glob character "\{"/ },
        { ruleId: RULE, line: 22, column: 7, message: /"src\/tool\?" contains the glob character "\?"/ },
        { ruleId: RULE, line: 23, column: 7, message: /"C:\/src" is absolute/ },
        { ruleId: RULE, line: 24, column: 7, message: /"~\/src" is absolute/ },
        { ruleId: RULE, line: 25, column: 7, message: /is absolute/ },
        { ruleId: RULE, line: 28, column: 7, message: /"src\/..\/x" has a ".." segment/ },
        { ruleId: RULE, line: 29, column: 7, message: /has a ".." segment/ },
      ]);
    });

    it("accepts the canonical phase", () => {
      expect(only(validateTexts({ "phases/P7.json": toJson(validPhase()) }), RULE)).toEqual([]);
    });
  });

  describe("the manifest's layers", () => {
    const phase = { "phases/P7.yaml": VALID_YAML };

    it("reports a bad layer module in spec-kit.yaml at the path", () => {
      const manifest = [
        "specKit: 1",
        "name: demo",
        "layers:",
        "  - id: runtime-kernel",
        "    modules: [src/runtime, /opt/runtime]",
        "  - id: security",
        "    modules:",
        "      - src/security/*",
        "",
      ].join("\n");
      expectDiagnostics(checkFiles({ "spec-kit.yaml": manifest, ...phase }), RULE, [
        { ruleId: RULE, file: "spec-kit.yaml", line: 5, column: 28, message: /"\/opt\/runtime" is absolute/ },
        { ruleId: RULE, file: "spec-kit.yaml", line: 8, column: 9, message: /"src\/security\/\*" contains the glob character "\*"/ },
      ]);
    });

    it("reports a bad layer module in spec-kit.json at the path", () => {
      const manifest = toJson({ specKit: 1, name: "demo", layers: [{ id: "runtime-kernel", modules: ["src/runtime", "../runtime"] }] });
      expectDiagnostics(checkFiles({ "spec-kit.json": manifest, ...phase }), RULE, [
        { ruleId: RULE, file: "spec-kit.json", line: 9, column: 9, message: /"..\/runtime" has a ".." segment/ },
      ]);
    });

    it("accepts plain layer modules and a manifest without layers", () => {
      const manifest = "specKit: 1\nname: demo\nlayers:\n  - id: runtime-kernel\n    modules: [src/runtime, src/security]\n";
      expect(only(checkFiles({ "spec-kit.yaml": manifest, ...phase }), RULE)).toEqual([]);
      expect(only(checkFiles({ "spec-kit.yaml": "specKit: 1\nname: demo\n", ...phase }), RULE)).toEqual([]);
      expect(only(checkFiles({ "spec-kit.yaml": "specKit: 1\nname: demo\nlayers: [7, { modules: 3 }]\n", ...phase }), RULE)).toEqual([]);
    });
  });
});
