import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { CodeHost } from "../../compiler/code/code-host.js";
import type { ResolvedExports } from "../../compiler/code/export-origins.js";
import { readFileFacts } from "../../compiler/code/file-facts.js";
import { parseCode } from "../../compiler/code/parse-code.js";
import { readCompilerOptions } from "../../compiler/code/compiler-options.js";
import type { ImportKind } from "../../compiler/code/file-facts.js";
import { createModuleResolver, type ModuleResolver } from "../../compiler/code/module-resolver.js";
import { joinPath, relativePath } from "../../compiler/code/paths.js";
import { createLayerMap, type LayerMap } from "../../compiler/layers.js";
import { MANIFEST_NAMES } from "../../compiler/constants.js";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { DEFAULT_LIMITS } from "../../compiler/load/source-document.js";
import { createNodeCodeHost } from "../code-host.js";
import { toSlash } from "../fs-paths.js";

/** A bundle as the ESLint rule sees it: its layers, and module resolution as its code section says. */
export interface BundleProject {
  /** The bundle root, absolute, `/` separators. */
  root: string;
  layers: LayerMap;
  /** The file a specifier names from `file` (absolute), relative to the bundle root; undefined for packages and unresolved specifiers. */
  resolve(specifier: string, file: string, kind: ImportKind): string | undefined;
  /** A file's exports with their targets, for following re-exports (relative paths). */
  exportsOf(file: string): ResolvedExports | undefined;
}

/** The manifest file in `dir`, if any. */
function manifestIn(dir: string): string | undefined {
  for (const name of MANIFEST_NAMES) {
    const path = join(dir, name);
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The manifest of the nearest bundle at or above `dir`. */
export function findManifestUpward(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const found = manifestIn(current);
    if (found || dirname(current) === current) return found;
  }
}

/** The manifest of the bundle at `bundle` (a folder or a manifest file). */
export function manifestOf(bundle: string): string | undefined {
  try {
    return statSync(bundle).isDirectory() ? manifestIn(bundle) : bundle;
  } catch {
    return undefined;
  }
}

const projects = new Map<string, { mtimeMs: number; project: BundleProject | undefined }>();

function code(manifest: unknown): { root?: string; tsconfig?: string } {
  const section = typeof manifest === "object" && manifest !== null ? (manifest as { code?: unknown }).code : undefined;
  if (typeof section !== "object" || section === null) return {};
  const { root, tsconfig } = section as { root?: unknown; tsconfig?: unknown };
  return { ...(typeof root === "string" ? { root } : {}), ...(typeof tsconfig === "string" ? { tsconfig } : {}) };
}

function createProject(manifestFile: string): BundleProject | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(manifestFile);
  } catch {
    return undefined;
  }
  const parsed = parseDocument(manifestFile, bytes, DEFAULT_LIMITS);
  if (!parsed.ok) return undefined;
  const manifest = parsed.document.value;
  const host: CodeHost = createNodeCodeHost(dirname(manifestFile));
  const root = host.bundleRoot;
  const section = code(manifest);
  const codeRoot = joinPath(root, section.root ?? ".");
  const { options } = readCompilerOptions(host, codeRoot, section.tsconfig === undefined ? undefined : joinPath(root, section.tsconfig));
  const resolver: ModuleResolver = createModuleResolver(host, options);
  const inBundle = (absolute: string | undefined): string | undefined => {
    if (absolute === undefined || absolute.includes("/node_modules/")) return undefined;
    const path = relativePath(root, toSlash(absolute));
    return path.startsWith("../") ? undefined : path;
  };
  const exportsCache = new Map<string, { mtimeMs: number; exports: ResolvedExports | undefined }>();
  const project: BundleProject = {
    root,
    layers: createLayerMap(manifest),
    resolve: (specifier, file, kind) => inBundle(resolver.resolve(specifier, toSlash(file), kind)),
    exportsOf(path) {
      const absolute = joinPath(root, path);
      let mtimeMs: number;
      try {
        mtimeMs = statSync(absolute).mtimeMs;
      } catch {
        return undefined;
      }
      const cached = exportsCache.get(path);
      if (cached && cached.mtimeMs === mtimeMs) return cached.exports;
      exportsCache.set(path, { mtimeMs, exports: undefined });
      const text = host.readFile(absolute);
      if (text === undefined) return undefined;
      const api = host.typescript();
      // A file nested too deep to parse safely has no known exports (check --code reports it).
      const parsed = parseCode(api, absolute, text, api.ScriptTarget.ES2022);
      if (!parsed.ok) return undefined;
      const facts = readFileFacts(api, parsed.source);
      const targets = facts.imports.map((fact) => inBundle(resolver.resolve(fact.specifier, absolute, fact.kind)));
      const resolved: ResolvedExports = { exports: facts, targetOf: (index) => targets[index] };
      exportsCache.set(path, { mtimeMs, exports: resolved });
      return resolved;
    },
  };
  return project;
}

/**
 * The project of a manifest, cached across linted files while the manifest is unchanged, so
 * that an editor re-reads it only after an edit.
 */
export function bundleProject(manifestFile: string): BundleProject | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(manifestFile).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = projects.get(manifestFile);
  if (cached && cached.mtimeMs === mtimeMs) return cached.project;
  const project = createProject(manifestFile);
  projects.set(manifestFile, { mtimeMs, project });
  return project;
}
