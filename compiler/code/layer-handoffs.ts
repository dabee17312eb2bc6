import type { SourceRange } from "../diagnostics.js";
import type { CodeImport, CodeModel } from "./code-model.js";
import { exportOrigins, type ResolvedExports } from "./export-origins.js";

/** One cross-layer hand-off an import makes: the importing file's layer `from` reaches layer `to`. */
export interface Handoff {
  from: string;
  to: string;
  /** The file reached, relative to the bundle root. */
  target: string;
  /** The module imported when `target` is the origin of a name it re-exports. */
  via?: string;
  /** The specifier (direct) or the imported name (through a re-export). */
  range: SourceRange;
}

/** Origins already traced, per lookup (one lookup serves one pass over a model: its files do not change meanwhile). */
const tracedOrigins = new WeakMap<(file: string) => ResolvedExports | undefined, Map<string, readonly string[]>>();

/** `exportOrigins`, remembered for the lookup's pass: barrels are asked for the same names by many importers. */
function originsOf(file: string, name: string, lookup: (file: string) => ResolvedExports | undefined): readonly string[] {
  let traced = tracedOrigins.get(lookup);
  if (!traced) tracedOrigins.set(lookup, (traced = new Map()));
  const key = `${file}\u0000${name}`;
  let origins = traced.get(key);
  if (!origins) traced.set(key, (origins = exportOrigins(file, name, lookup)));
  return origins;
}

/**
 * The hand-offs of one resolved import from a file of layer `from`: to the layer of the file
 * it names, and, for each named binding, to the layer of the file that declares it when a
 * re-export (`export … from`, `export *`, an imported name exported again) hides it behind a
 * module of another layer. Imports into the importer's own layer make no hand-off.
 */
export function importHandoffs(
  from: string,
  entry: Pick<CodeImport, "target" | "names" | "range">,
  lookup: (file: string) => ResolvedExports | undefined,
  layerOf: (file: string) => string | undefined,
): Handoff[] {
  const target = entry.target;
  if (target === undefined) return [];
  const out: Handoff[] = [];
  const direct = layerOf(target);
  if (direct !== undefined && direct !== from) out.push({ from, to: direct, target, range: entry.range });
  const seen = new Set<string>();
  for (const name of entry.names) {
    if (name.imported === "*") continue;
    for (const origin of originsOf(target, name.imported, lookup)) {
      const layer = layerOf(origin);
      if (origin === target || layer === undefined || layer === from || layer === direct) continue;
      const key = `${layer}\u0000${name.range.line}:${name.range.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ from, to: layer, target: origin, via: target, range: name.range });
    }
  }
  return out;
}

/** The model's files as `exportOrigins` reads them. */
export function modelExports(model: CodeModel): (file: string) => ResolvedExports | undefined {
  return (path) => {
    const file = model.file(path);
    return file && { exports: file.exports, targetOf: (index) => file.imports[index]?.target };
  };
}
