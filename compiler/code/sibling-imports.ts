import type { SourceRange } from "../diagnostics.js";
import type { CodeModel } from "./code-model.js";

/** One import between two isolated parts of a layer. */
export interface SiblingImport {
  /** The importing file and the file it reaches, relative to the bundle root. */
  file: string;
  target: string;
  layer: string;
  /** The parts they lie in (`LayerMap.partOf`). */
  from: string;
  to: string;
  range: SourceRange;
}

/**
 * The imports between parts of an isolated layer (`isolate` in the manifest): a file importing
 * a file of the same layer that lies in another part. Imports of files outside the layer are
 * code/no-layer-bypass's concern.
 */
export function findSiblingImports(model: CodeModel): SiblingImport[] {
  const out: SiblingImport[] = [];
  if (!model.layers.layers.some((layer) => layer.isolate !== undefined)) return out;
  for (const file of model.files) {
    const from = file.layer === undefined ? undefined : model.layers.partOf(file.path);
    if (from === undefined) continue;
    for (const entry of file.imports) {
      const target = entry.target;
      if (target === undefined || model.file(target)?.layer !== file.layer) continue;
      const to = model.layers.partOf(target);
      if (to !== undefined && to !== from) out.push({ file: file.path, target, layer: file.layer!, from, to, range: entry.range });
    }
  }
  return out;
}
