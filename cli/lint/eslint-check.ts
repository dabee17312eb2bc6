import { ESLint, type Linter } from "eslint";
import tseslint from "typescript-eslint";
import type { Diagnostic } from "../public-api.js";
import { relativeFile } from "./lint-files.js";

/** The rule id of an ESLint message: `eslint/<rule>`; a parse failure is `eslint/parse`, an unused disable directive `eslint/unused-disable-directive`. */
export function eslintRuleId(message: Pick<Linter.LintMessage, "ruleId" | "fatal" | "message">): string {
  if (message.ruleId) return `eslint/${message.ruleId}`;
  if (message.fatal) return "eslint/parse";
  return /eslint-disable/.test(message.message) ? "eslint/unused-disable-directive" : "eslint/unknown";
}

/** The flat config lint applies: typescript-eslint's recommended rules on every TypeScript file. */
export function lintConfig(): Linter.Config[] {
  return [{ files: ["**/*.ts", "**/*.mts", "**/*.cts"] }, ...(tseslint.configs.recommended as Linter.Config[])];
}

/** Runs ESLint (through its Node API, no config file read) over `files` of `dir`. */
export async function eslintCheck(dir: string, files: readonly string[]): Promise<Diagnostic[]> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: lintConfig(), errorOnUnmatchedPattern: false });
  const results = await eslint.lintFiles([...files]);
  const diagnostics: Diagnostic[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      diagnostics.push({
        ruleId: eslintRuleId(m),
        severity: m.severity === 2 ? "error" : "warning",
        message: m.message,
        file: relativeFile(dir, result.filePath),
        line: m.line || 1,
        column: m.column || 1,
        endLine: m.endLine ?? (m.line || 1),
        endColumn: m.endColumn ?? (m.column || 1),
      });
    }
  }
  return diagnostics;
}
