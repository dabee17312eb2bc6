import { compareStrings } from "../diagnostics.js";
import type { FileFacts } from "./file-facts.js";

/** A file's exports with each module reference resolved: what tracing a name needs. */
export interface ResolvedExports {
  exports: Pick<FileFacts, "localExports" | "reExports" | "starExports">;
  /** The resolved file of each module reference, by index (undefined: outside the traced set). */
  targetOf(importIndex: number): string | undefined;
}

/** How deep a chain of re-exports is followed. */
const MAX_DEPTH = 64;

/**
 * The files that declare `name` as `file` exports it, following `export … from`, re-exported
 * imports and `export *` to their origin. A namespace re-export (`export * as ns`) ends at
 * the module it names. Returns the files sorted; empty when the origin is unknown (a name
 * from a package, a cycle of re-exports, or a name nobody declares).
 */
export function exportOrigins(file: string, name: string, lookup: (file: string) => ResolvedExports | undefined): string[] {
  const origins = new Set<string>();
  const seen = new Set<string>();
  const visit = (current: string, wanted: string, depth: number): void => {
    const key = `${current}\u0000${wanted}`;
    if (depth > MAX_DEPTH || seen.has(key)) return;
    seen.add(key);
    const facts = lookup(current);
    if (!facts) return;
    if (facts.exports.localExports.has(wanted)) {
      origins.add(current);
      return;
    }
    let found = false;
    for (const item of facts.exports.reExports) {
      if (item.exported !== wanted) continue;
      found = true;
      const next = facts.targetOf(item.importIndex);
      if (next === undefined) continue;
      if (item.imported === "*") origins.add(next);
      else visit(next, item.imported, depth + 1);
    }
    if (found || wanted === "default") return;
    for (const index of facts.exports.starExports) {
      const next = facts.targetOf(index);
      if (next !== undefined) visit(next, wanted, depth + 1);
    }
  };
  visit(file, name, 0);
  return [...origins].sort(compareStrings);
}
