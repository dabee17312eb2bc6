import { resolve } from "node:path";
import { compareDiagnostics, summarize } from "../../compiler/diagnostics.js";
import type { CheckResult } from "../public-api.js";
import { eslintCheck } from "./eslint-check.js";
import { lintableFiles } from "./lint-files.js";
import { typescriptCheck } from "./typescript-check.js";

/**
 * Lints the TypeScript files below `dir`: the TypeScript compiler (strict, no emit) and ESLint
 * with typescript-eslint's recommended rules. Files are named relative to `dir`; the result
 * has no parsed documents (the report reads sources back for code frames).
 */
export async function lintFolder(dir: string): Promise<CheckResult> {
  const root = resolve(dir);
  const files = lintableFiles(root);
  const diagnostics = files.length === 0 ? [] : [...typescriptCheck(root, files), ...(await eslintCheck(root, files))];
  diagnostics.sort(compareDiagnostics);
  return { diagnostics, summary: summarize(diagnostics, files.length), documents: new Map() };
}
