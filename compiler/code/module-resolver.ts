import type * as ts from "typescript";
import type { CodeHost } from "./code-host.js";
import type { ImportKind } from "./file-facts.js";

/** Resolves module specifiers the way the project's compiler options say, sharing one cache. */
export interface ModuleResolver {
  /** The absolute file `specifier` names from `containingFile`, or undefined when it resolves to nothing. */
  resolve(specifier: string, containingFile: string, kind: ImportKind): string | undefined;
}

/**
 * A resolver over `ts.resolveModuleName` with a shared resolution cache. Under `node16` and
 * `nodenext` the file's module format (from its extension and the nearest package.json)
 * decides between the ESM and the CommonJS conditions; `require()` always resolves as
 * CommonJS and `import()` as ESM.
 */
export function createModuleResolver(host: CodeHost, options: ts.CompilerOptions): ModuleResolver {
  const api = host.typescript();
  const canonical = (path: string) => (host.useCaseSensitiveFileNames ? path : path.toLowerCase());
  // One resolver serves one pass over the files: what exists does not change meanwhile, and
  // the same probes (a folder, `x.ts`, `x.d.ts`) repeat across specifiers.
  const files = new Map<string, boolean>();
  const folders = new Map<string, boolean>();
  const memo = (cache: Map<string, boolean>, probe: (path: string) => boolean) => (path: string) => {
    let known = cache.get(path);
    if (known === undefined) cache.set(path, (known = probe(path)));
    return known;
  };
  const resolutionHost: ts.ModuleResolutionHost = {
    fileExists: memo(files, (path) => host.fileExists(path)),
    readFile: (path) => host.readFile(path),
    directoryExists: memo(folders, (path) => host.directoryExists(path)),
    getDirectories: (path) => host.getDirectories(path),
    realpath: (path) => host.realpath(path),
    getCurrentDirectory: () => host.bundleRoot,
    useCaseSensitiveFileNames: host.useCaseSensitiveFileNames,
  };
  const cache = api.createModuleResolutionCache(host.bundleRoot, canonical, options);
  const kind = options.moduleResolution;
  const module = options.module ?? api.ModuleKind.None;
  const nodeModes =
    kind === api.ModuleResolutionKind.Node16 ||
    kind === api.ModuleResolutionKind.NodeNext ||
    (kind === undefined && module >= api.ModuleKind.Node16 && module <= api.ModuleKind.NodeNext);
  const formats = new Map<string, ts.ResolutionMode>();
  const formatOf = (file: string): ts.ResolutionMode => {
    let format = formats.get(file);
    if (!formats.has(file)) {
      const implied = api.getImpliedNodeFormatForFile(file, cache.getPackageJsonInfoCache(), resolutionHost, options);
      format = typeof implied === "object" ? undefined : implied;
      formats.set(file, format);
    }
    return format;
  };
  return {
    resolve(specifier, containingFile, importKind) {
      let mode: ts.ResolutionMode;
      if (nodeModes) {
        mode = importKind === "dynamic" ? api.ModuleKind.ESNext : importKind === "require" ? api.ModuleKind.CommonJS : formatOf(containingFile);
      }
      const result = api.resolveModuleName(specifier, containingFile, options, resolutionHost, cache, undefined, mode);
      return result.resolvedModule?.resolvedFileName;
    },
  };
}
