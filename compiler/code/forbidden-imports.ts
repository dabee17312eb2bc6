import { builtinModules, createRequire } from "node:module";
import type picomatchType from "picomatch";
import type { SourceRange } from "../diagnostics.js";
import type { CodeModel } from "./code-model.js";

/** One import of a layer's file that the layer's `forbid` list names. */
export interface ForbiddenImport {
  /** The importing file, relative to the bundle root. */
  file: string;
  layer: string;
  /** The module specifier as written. */
  specifier: string;
  /** The `forbid` entry that names it, as written, and its place in the manifest. */
  entry: string;
  layerIndex: number;
  entryIndex: number;
  range: SourceRange;
}

const BUILTINS = new Set(builtinModules);
const GLOB = /[*?[\]{}!]/;

/**
 * A specifier as `forbid` compares it: a Node.js built-in always with its `node:` prefix
 * (`fs/promises` is `node:fs/promises`), anything else as written.
 */
export function normalizeSpecifier(specifier: string): string {
  if (specifier.startsWith("node:")) return specifier;
  const root = specifier.split("/")[0]!;
  return BUILTINS.has(specifier) || BUILTINS.has(root) ? `node:${specifier}` : specifier;
}

/** The specifier and each of its leading paths: `node:fs/promises` gives `node:fs`, `node:fs/promises`. */
function specifierPaths(specifier: string): string[] {
  const parts = specifier.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** A matcher of one `forbid` entry over the names of an import (its specifier's paths and the file it resolves to). */
function entryMatcher(entry: string): (names: readonly string[]) => boolean {
  if (GLOB.test(entry)) {
    const picomatch = createRequire(import.meta.url)("picomatch") as typeof picomatchType;
    const matches = picomatch(entry, { dot: true });
    return (names) => names.some((name) => matches(name));
  }
  const normalized = normalizeSpecifier(entry);
  return (names) => names.includes(normalized);
}

/**
 * The imports each layer forbids. An import is forbidden when an entry of its file's layer's
 * `forbid` list names its specifier, a leading path of it (`yargs` names `yargs/helpers`), or
 * the file of the model it resolves to; built-ins compare with their `node:` prefix, so
 * `node:fs` also names `fs`. A glob entry matches any of these names (`node:*`, `src/legacy/**`).
 * Type-only imports count too: a layer that must not know a module must not name its types.
 * Each import is reported once, for the first entry that names it.
 */
export function findForbiddenImports(model: CodeModel): ForbiddenImport[] {
  const out: ForbiddenImport[] = [];
  const matchers = new Map<string, { entry: string; index: number; matches: (names: readonly string[]) => boolean }[]>();
  for (const layer of model.layers.layers) {
    if (layer.forbid.length > 0) matchers.set(layer.id, layer.forbid.map((item) => ({ entry: item.value, index: item.index, matches: entryMatcher(item.value) })));
  }
  if (matchers.size === 0) return out;
  for (const file of model.files) {
    const entries = file.layer === undefined ? undefined : matchers.get(file.layer);
    if (!entries) continue;
    const layerIndex = model.layers.layer(file.layer!)!.index;
    for (const entry of file.imports) {
      const names = specifierPaths(normalizeSpecifier(entry.specifier));
      if (entry.target !== undefined) names.push(entry.target);
      const hit = entries.find((candidate) => candidate.matches(names));
      if (hit) out.push({ file: file.path, layer: file.layer!, specifier: entry.specifier, entry: hit.entry, layerIndex, entryIndex: hit.index, range: entry.range });
    }
  }
  return out;
}
