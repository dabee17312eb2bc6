import type * as ts from "typescript";
import type { CodeHost } from "./code-host.js";
import { joinPath, parentPath, isWithin } from "./paths.js";

/** The compiler options the code model resolves modules with, and where they came from. */
export interface CodeCompilerOptions {
  options: ts.CompilerOptions;
  /** The tsconfig read, absolute; absent when none was found and the defaults apply. */
  configFile?: string;
  /** Why the named tsconfig could not be used. */
  error?: string;
}

/** "No inputs were found": expected, since the code model lists its files itself. */
const NO_INPUTS = 18003;

/**
 * Reads the project's compiler options: from `tsconfig` (absolute) when given, else from the
 * nearest `tsconfig.json` between `codeRoot` and the bundle root. Follows `extends`; never
 * expands `include` globs. Without a tsconfig, resolves as a bundler does (index files,
 * extensionless and `.js` specifiers for `.ts` files).
 */
export function readCompilerOptions(host: CodeHost, codeRoot: string, tsconfig?: string): CodeCompilerOptions {
  const api = host.typescript();
  const defaults: ts.CompilerOptions = {
    module: api.ModuleKind.ESNext,
    moduleResolution: api.ModuleResolutionKind.Bundler,
    target: api.ScriptTarget.ES2022,
    resolveJsonModule: true,
  };
  let configFile = tsconfig;
  if (configFile === undefined) {
    for (let dir = codeRoot; ; dir = parentPath(dir)) {
      const candidate = joinPath(dir, "tsconfig.json");
      if (host.fileExists(candidate)) {
        configFile = candidate;
        break;
      }
      if (dir === host.bundleRoot || !isWithin(host.bundleRoot, dir) || parentPath(dir) === dir) break;
    }
  }
  if (configFile === undefined) return { options: defaults };
  if (!host.fileExists(configFile)) return { options: defaults, error: `${configFile} does not exist` };
  const read = api.readConfigFile(configFile, (path) => host.readFile(path));
  if (read.error || typeof read.config !== "object" || read.config === null) {
    return { options: defaults, configFile, error: `${configFile} is not a valid tsconfig: ${api.flattenDiagnosticMessageText(read.error?.messageText ?? "not an object", " ")}` };
  }
  const parseHost: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: host.useCaseSensitiveFileNames,
    readDirectory: () => [],
    fileExists: (path) => host.fileExists(path),
    readFile: (path) => host.readFile(path),
  };
  const parsed = api.parseJsonConfigFileContent(read.config, parseHost, parentPath(configFile), undefined, configFile);
  const errors = parsed.errors.filter((d) => d.code !== NO_INPUTS);
  const result: CodeCompilerOptions = { options: parsed.options, configFile };
  if (errors.length > 0 && errors[0]) result.error = `${configFile}: ${api.flattenDiagnosticMessageText(errors[0].messageText, " ")}`;
  return result;
}
