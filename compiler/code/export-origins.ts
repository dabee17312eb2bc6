import { compareStrings } from "../diagnostics.js";
import type { FileFacts } from "./file-facts.js";

/** A file's exports with each module reference resolved: what tracing a name needs. */
export interface ResolvedExports {
  exports: Pick<FileFacts, "localExports" | "reExports" | "starExports">;
  /** The resolved file of each module reference, by index (undefined: outside the traced set). */
  targetOf(importIndex: number): string | undefined;
}

/**
 * The files that declare `name` as `file` exports it, following `export … from`, re-exported
 * imports and `export *` to their origin, however long the chain (iteratively: a chain is as
 * long as the code makes it). A namespace re-export (`export * as ns`) ends at the module it
 * names. Returns the files sorted; empty when the origin is unknown (a name from a package, a
 * cycle of re-exports, or a name nobody declares).
 */
export function exportOrigins(file: string, name: string, lookup: (file: string) => ResolvedExports | undefined): string[] {
  const origins = new Set<string>();
  const seen = new Set<string>();
  const pending: { current: string; wanted: string }[] = [{ current: file, wanted: name }];
  while (pending.length > 0) {
    const { current, wanted } = pending.pop()!;
    const key = `${current}\u0000${wanted}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const facts = lookup(current);
    if (!facts) continue;
    if (facts.exports.localExports.has(wanted)) {
      origins.add(current);
      continue;
    }
    let found = false;
    for (const item of facts.exports.reExports) {
      if (item.exported !== wanted) continue;
      found = true;
      const next = facts.targetOf(item.importIndex);
      if (next === undefined) continue;
      if (item.imported === "*") origins.add(next);
      else pending.push({ current: next, wanted: item.imported });
    }
    if (found || wanted === "default") continue;
    for (const index of facts.exports.starExports) {
      const next = facts.targetOf(index);
      if (next !== undefined) pending.push({ current: next, wanted });
    }
  }
  return [...origins].sort(compareStrings);
}
