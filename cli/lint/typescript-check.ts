import { existsSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import type { Diagnostic } from "../public-api.js";
import { relativeFile } from "./lint-files.js";
import { packageRoot } from "../package-info.js";
import { runtimeEntry, runtimeTestingEntry } from "./runtime-entry.js";

/** The rule id of a TypeScript diagnostic: `ts/<code>`, e.g. `ts/2322`. */
export function typescriptRuleId(code: number): string {
  return `ts/${code}`;
}

/**
 * Makes `host` look up a package that a file cannot resolve from where it lies (vitest, say,
 * when the folder is outside any project) from `fallback`, the package.json of spec-kit's own
 * root. Relative specifiers are never redirected.
 */
export function resolvePackagesFrom(host: ts.CompilerHost, fallback: string): void {
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
      const first = ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, undefined, redirectedReference, mode);
      if (first.resolvedModule || literal.text.startsWith(".")) return first;
      const second = ts.resolveModuleName(literal.text, fallback, compilerOptions, host, undefined, redirectedReference, mode);
      return second.resolvedModule ? second : first;
    });
}

/**
 * The in-memory tsconfig lint type-checks with: strict, no emit, Node's ES module resolution,
 * `spec-kit/runtime` and `spec-kit/runtime/testing` mapped to this package's runtime, and packages the folder cannot resolve
 * itself (vitest, @types/node) taken from this package's dependencies.
 */
export function lintCompilerOptions(root: string = packageRoot()): ts.CompilerOptions {
  const paths: Record<string, string[]> = { "spec-kit/runtime/testing": [runtimeTestingEntry(root)], "spec-kit/runtime": [runtimeEntry(root)] };
  const typeRoot = join(root, "node_modules", "@types");
  return {
    strict: true,
    noEmit: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts"],
    types: existsSync(join(typeRoot, "node")) ? ["node"] : [],
    typeRoots: [typeRoot],
    skipLibCheck: false,
    allowJs: false,
    paths,
  };
}

/**
 * Type-checks the `.ts` files of `dir` as one program and returns the diagnostics that fall in
 * those files (errors in the runtime or in dependencies are not the folder's). The folder is
 * treated as an ES module scope unless it has a package.json of its own.
 */
export function typescriptCheck(dir: string, files: readonly string[]): Diagnostic[] {
  const root = packageRoot();
  const options = lintCompilerOptions(root);
  const host = ts.createCompilerHost(options, true);
  const virtualManifest = join(dir, "package.json");
  const virtual = !existsSync(virtualManifest);
  const { fileExists, readFile } = host;
  host.fileExists = (path) => (virtual && path === virtualManifest) || fileExists.call(host, path);
  host.readFile = (path) => (virtual && path === virtualManifest ? '{ "type": "module" }' : readFile.call(host, path));
  resolvePackagesFrom(host, join(root, "package.json"));
  const program = ts.createProgram({ rootNames: [...files], options, host });
  const found = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source) found.push(...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source));
  }
  const diagnostics: Diagnostic[] = [];
  for (const d of found) {
    if (d.category !== ts.DiagnosticCategory.Error && d.category !== ts.DiagnosticCategory.Warning) continue;
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const severity = d.category === ts.DiagnosticCategory.Error ? "error" : "warning";
    if (!d.file) {
      diagnostics.push({ ruleId: typescriptRuleId(d.code), severity, message: `compiler options: ${message}`, file: ".", line: 1, column: 1, endLine: 1, endColumn: 1 });
      continue;
    }
    const start = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const end = d.file.getLineAndCharacterOfPosition((d.start ?? 0) + (d.length ?? 0));
    diagnostics.push({
      ruleId: typescriptRuleId(d.code),
      severity,
      message,
      file: relativeFile(dir, d.file.fileName),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    });
  }
  return diagnostics;
}
