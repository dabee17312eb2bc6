import ts from "typescript";
import { join } from "node:path";
import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import { REPO_ROOT } from "./emit-input.js";

/** Where generated files pretend to live: inside the repository, so `vitest` and `@types/node` resolve. */
export const VIRTUAL_ROOT = join(REPO_ROOT, ".tmp", "virtual-emit");

/** The runtime import that reaches runtime/index.ts from a file one folder below {@link VIRTUAL_ROOT}. */
export const RUNTIME_IMPORT = "../../../runtime/index.js";

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2023.d.ts"],
  types: ["node"],
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmit: true,
};

/** Source files outside the virtual folder, parsed once and shared by every program. */
const shared = new Map<string, ts.SourceFile>();
let previous: ts.Program | undefined;

/** One diagnostic of a generated file, flattened. */
export interface CheckDiagnostic {
  file: string;
  message: string;
}

/**
 * Type-checks generated files as if written under {@link VIRTUAL_ROOT} (nothing is written), with
 * the real runtime, vitest and Node types: syntax and semantic diagnostics of the generated files.
 */
export function typeCheck(files: readonly GeneratedFile[]): CheckDiagnostic[] {
  const virtual = new Map(files.map((f) => [join(VIRTUAL_ROOT, f.path), f.content]));
  const virtualDirs = new Set([...virtual.keys()].flatMap((path) => ancestors(path)));
  const base = ts.createCompilerHost(OPTIONS, true);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (path) => virtual.has(path) || base.fileExists(path),
    readFile: (path) => virtual.get(path) ?? base.readFile(path),
    directoryExists: (path) => virtualDirs.has(path) || (base.directoryExists?.(path) ?? true),
    getSourceFile(path, languageVersion) {
      const text = virtual.get(path);
      if (text !== undefined) return ts.createSourceFile(path, text, languageVersion, true);
      let file = shared.get(path);
      if (!file) {
        file = base.getSourceFile(path, languageVersion);
        if (file) shared.set(path, file);
      }
      return file;
    },
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options: OPTIONS, host, oldProgram: previous });
  previous = program;
  const diagnostics: CheckDiagnostic[] = [];
  for (const path of virtual.keys()) {
    const source = program.getSourceFile(path)!;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      diagnostics.push({ file: path.slice(VIRTUAL_ROOT.length + 1), message: ts.flattenDiagnosticMessageText(d.messageText, "\n") });
    }
  }
  return diagnostics;
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let dir = path.slice(0, path.lastIndexOf("/")); dir.length > VIRTUAL_ROOT.length - 1; dir = dir.slice(0, dir.lastIndexOf("/"))) out.push(dir);
  return out;
}

/** Every string literal value in a file, read through the TypeScript parser. */
export function stringLiterals(text: string): string[] {
  const source = ts.createSourceFile("generated.ts", text, ts.ScriptTarget.ES2022, true);
  const values: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) values.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return values;
}

/** The syntax diagnostics of a file parsed on its own. */
export function syntaxErrors(text: string): string[] {
  const result = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}
