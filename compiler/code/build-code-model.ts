import { createRequire } from "node:module";
import type picomatchType from "picomatch";
import { compareStrings } from "../diagnostics.js";
import type { LayerMap } from "../layers.js";
import type { CodeHost } from "./code-host.js";
import type { CodeFile, CodeImport, CodeModel } from "./code-model.js";
import { readFileFacts } from "./file-facts.js";
import { createModuleResolver } from "./module-resolver.js";
import { parseCode } from "./parse-code.js";
import type * as ts from "typescript";
import { joinPath, relativePath } from "./paths.js";

/** What the code model is built from. */
export interface CodeModelOptions {
  /** The code root, relative to the bundle root. */
  root: string;
  options: ts.CompilerOptions;
  layers: LayerMap;
  typeOnlyCycles?: boolean;
  /** Globs, relative to the bundle root, of files to leave out (the manifest's `code.exclude`). */
  exclude?: readonly string[];
}

/** Whether a path relative to the bundle root is left out by the globs (picomatch, loaded only when there are globs). */
function excluder(globs: readonly string[] | undefined): (path: string) => boolean {
  if (!globs || globs.length === 0) return () => false;
  const picomatch = createRequire(import.meta.url)("picomatch") as typeof picomatchType;
  return picomatch([...globs], { dot: true });
}

/**
 * Lists the TypeScript files under the code root, parses each once (syntax only) for its
 * module references and exports, and resolves every reference with one shared resolution
 * cache. A file that cannot be read, or that `exclude` names, is left out; one that nests too
 * deep to parse safely stays in, without imports or exports, marked with its refusal. Nothing
 * here throws on bad source text.
 */
export function buildCodeModel(host: CodeHost, input: CodeModelOptions): CodeModel {
  const api = host.typescript();
  const rootDir = joinPath(host.bundleRoot, input.root);
  const excluded = excluder(input.exclude);
  const relative = new Map<string, string>();
  const canonical = (path: string) => (host.useCaseSensitiveFileNames ? path : path.toLowerCase());
  const absolute = host.listSourceFiles(rootDir).filter((file) => !excluded(relativePath(host.bundleRoot, file)));
  for (const file of absolute) relative.set(canonical(file), relativePath(host.bundleRoot, file));
  const resolver = createModuleResolver(host, input.options);
  const target = input.options.target ?? api.ScriptTarget.ES2022;
  const files: CodeFile[] = [];
  const sources = new Map<string, ts.SourceFile>();
  for (const absolutePath of absolute) {
    const text = host.readFile(absolutePath);
    if (text === undefined) continue;
    const path = relative.get(canonical(absolutePath))!;
    const parsed = parseCode(api, absolutePath, text, target, scriptKindOf(api, absolutePath));
    const file: CodeFile = { path, absolutePath, imports: [], exports: { localExports: new Set(), reExports: [], starExports: [] } };
    if (parsed.ok) {
      sources.set(path, parsed.source);
      const facts = readFileFacts(api, parsed.source);
      file.imports = facts.imports.map((fact) => {
        const resolved = resolver.resolve(fact.specifier, absolutePath, fact.kind);
        const inModel = resolved === undefined ? undefined : (relative.get(canonical(resolved)) ?? relative.get(canonical(host.realpath(resolved))));
        const entry: CodeImport = { ...fact, external: resolved !== undefined && inModel === undefined };
        if (inModel !== undefined) entry.target = inModel;
        return entry;
      });
      file.exports = { localExports: facts.localExports, reExports: facts.reExports, starExports: facts.starExports };
    } else {
      file.refusal = parsed.refusal;
    }
    const layer = input.layers.layerOf(path);
    if (layer !== undefined) file.layer = layer;
    files.push(file);
  }
  files.sort((a, b) => compareStrings(a.path, b.path));
  const byPath = new Map(files.map((file) => [file.path, file]));
  return {
    root: relativePath(host.bundleRoot, rootDir),
    files,
    file: (path) => byPath.get(path),
    options: input.options,
    layers: input.layers,
    typeOnlyCycles: input.typeOnlyCycles === true,
    host,
    sourceOf: (path) => sources.get(path),
  };
}

/** A model without files: what the code rules see when only a change set is checked. */
export function emptyCodeModel(host: CodeHost, layers: LayerMap, typeOnlyCycles: boolean): CodeModel {
  return { root: ".", files: [], file: () => undefined, options: {}, layers, typeOnlyCycles, host };
}

function scriptKindOf(api: ReturnType<CodeHost["typescript"]>, path: string): ts.ScriptKind {
  return path.endsWith(".tsx") ? api.ScriptKind.TSX : api.ScriptKind.TS;
}
