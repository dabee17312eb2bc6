import { join, posix } from "node:path";
import ts from "typescript";
import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import { CliError } from "../cli-error.js";
import { lintCompilerOptions, resolvePackagesFrom } from "../lint/typescript-check.js";
import { packageRoot } from "../package-info.js";

/** Where the generated files are placed for the compiler (in memory: nothing is read or written there). */
const VIRTUAL_ROOT = posix.join("/", "__spec-kit-generated__");

function isTypeScript(path: string): boolean {
  return path.endsWith(".ts") && !path.endsWith(".d.ts");
}

function isTestFile(path: string): boolean {
  return /\.test\.ts$/.test(path);
}

/**
 * The generated files as a runner without a TypeScript build uses them: each `.ts` file
 * compiled by the TypeScript compiler into `.js` (ES2022 modules, its `.js` imports unchanged)
 * with its `.d.ts` beside it (the suites get no declarations: nothing imports them); every
 * other file as it is. One program over all of them, `spec-kit/runtime` resolved to this
 * package's runtime, so the declarations carry the runtime's types. Deterministic: the output
 * depends only on the files and the compiler's version. A generated module that does not
 * compile is a bug of ours and fails the run (exit 2): nothing half-compiled is written.
 */
export function compileToJavaScript(files: readonly GeneratedFile[]): GeneratedFile[] {
  const sources = new Map(files.filter((file) => isTypeScript(file.path)).map((file) => [join(VIRTUAL_ROOT, file.path), file.content]));
  // What the compiler may read beside them: the declarations emitted with pre-built JavaScript (contracts/validators.d.ts).
  const texts = new Map([...files.filter((file) => file.path.endsWith(".d.ts")).map((file) => [join(VIRTUAL_ROOT, file.path), file.content] as const), ...sources]);
  const options: ts.CompilerOptions = {
    ...lintCompilerOptions(),
    noEmit: false,
    declaration: true,
    newLine: ts.NewLineKind.LineFeed,
    sourceMap: false,
    removeComments: false,
    // The checks run on the TypeScript; emitting needs no library checks.
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  // The folder exists for the compiler, with a package.json that makes its modules ES modules.
  host.directoryExists = (path) => path === VIRTUAL_ROOT || path.startsWith(`${VIRTUAL_ROOT}/`) || (directoryExists?.call(host, path) ?? false);
  const manifest = join(VIRTUAL_ROOT, "package.json");
  host.fileExists = (path) => texts.has(path) || path === manifest || fileExists.call(host, path);
  host.readFile = (path) => texts.get(path) ?? (path === manifest ? '{ "type": "module" }' : readFile.call(host, path));
  host.getSourceFile = (path, language, onError, create) => {
    const text = texts.get(path);
    return text !== undefined ? ts.createSourceFile(path, text, language, true) : getSourceFile.call(host, path, language, onError, create);
  };
  resolvePackagesFrom(host, join(packageRoot(), "package.json"));
  const program = ts.createProgram({ rootNames: [...sources.keys()], options, host });
  const emitted = new Map<string, string>();
  const out: GeneratedFile[] = files.filter((file) => !isTypeScript(file.path));
  for (const file of files.filter((candidate) => isTypeScript(candidate.path))) {
    const source = program.getSourceFile(join(VIRTUAL_ROOT, file.path))!;
    // A suite may import vitest, which a runner may lack here; a module of ours must compile whole.
    const problems = isTestFile(file.path) ? [...program.getSyntacticDiagnostics(source)] : [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    const error = problems.find((problem) => problem.category === ts.DiagnosticCategory.Error);
    if (error) throw new CliError(`cannot emit JavaScript for ${file.path}: ${ts.flattenDiagnosticMessageText(error.messageText, " ")}`);
    emitted.clear();
    const result = program.emit(source, (name, text) => emitted.set(name, text), undefined, isTestFile(file.path) ? false : undefined);
    if (result.emitSkipped) throw new CliError(`cannot emit JavaScript for ${file.path}`);
    const stem = file.path.slice(0, -".ts".length);
    for (const [name, text] of emitted) {
      const extension = name.endsWith(".d.ts") ? ".d.ts" : name.endsWith(".js") ? ".js" : undefined;
      if (extension === undefined || (extension === ".d.ts" && isTestFile(file.path))) continue;
      out.push({ path: `${stem}${extension}`, content: text });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
