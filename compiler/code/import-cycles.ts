import { elementaryCycles } from "../bind/elementary-cycles.js";
import type { CodeImport, CodeModel } from "./code-model.js";

/** An elementary import cycle: its files from the smallest path, and the import closing each step. */
export interface ImportCycle {
  /** [a, b, c] is a -> b -> c -> a. */
  files: string[];
  /** The import in `files[0]` that leads to `files[1]` (to itself for a self-import). */
  first: CodeImport;
}

/** A strongly connected group of files with more cycles than were listed. */
export interface TruncatedCycles {
  files: string[];
  listed: number;
}

/** Whether an import is an edge of the cycle graph. */
export function countsForCycles(entry: CodeImport, typeOnlyCycles: boolean): boolean {
  return entry.target !== undefined && (typeOnlyCycles || !entry.typeOnly);
}

/**
 * Every elementary cycle of the file import graph, each once, starting at its smallest path,
 * at most `maxPerComponent` per strongly connected group (as `graph/no-cycle` bounds phase
 * cycles). Type-only imports count only when the model says so.
 */
export function importCycles(model: CodeModel, maxPerComponent = 100): { cycles: ImportCycle[]; truncated: TruncatedCycles[] } {
  const successors = new Map<string, string[]>();
  for (const file of model.files) {
    const next = new Set<string>();
    for (const entry of file.imports) if (countsForCycles(entry, model.typeOnlyCycles)) next.add(entry.target!);
    successors.set(file.path, [...next]);
  }
  const found = elementaryCycles({ vertices: model.files.map((f) => f.path), successors: (v) => successors.get(v) ?? [] }, maxPerComponent);
  const cycles: ImportCycle[] = [];
  for (const files of found.cycles) {
    const next = files[1 % files.length]!;
    const first = model.file(files[0]!)!.imports.find((entry) => entry.target === next && countsForCycles(entry, model.typeOnlyCycles));
    if (first) cycles.push({ files, first });
  }
  return { cycles, truncated: found.truncated.map((t) => ({ files: t.vertices, listed: t.listed })) };
}
