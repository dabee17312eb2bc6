import type { JsonPath, LocationTarget, SourceRange } from "../diagnostics.js";
import type { SourceDocument } from "../load/source-document.js";

/** A place in a parsed document: the JSON path there, and whether it is the key or the value. */
export interface PathAt {
  path: JsonPath;
  on: LocationTarget;
}

/** A position in a document, 1-based like the diagnostics. */
export interface Position1 {
  line: number;
  column: number;
}

/** Whether `at` lies in `range` (its end included: a cursor just after a word is on the word). */
export function rangeContains(range: SourceRange, at: Position1): boolean {
  const afterStart = at.line > range.line || (at.line === range.line && at.column >= range.column);
  const beforeEnd = at.line < range.endLine || (at.line === range.endLine && at.column <= range.endColumn);
  return afterStart && beforeEnd;
}

/**
 * The deepest path of `document` whose key or value spans `at`: the inverse of
 * `SourceDocument.locate`, found by walking the parsed value (only into values that span it).
 * Undefined when `at` lies on no key or value (blank lines, comments).
 */
export function pathAt(document: SourceDocument, at: Position1): PathAt | undefined {
  let found: PathAt | undefined;
  const walk = (value: unknown, path: JsonPath): void => {
    const children: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : typeof value === "object" && value !== null
        ? Object.entries(value)
        : [];
    for (const [part, child] of children) {
      const childPath = [...path, part];
      if (typeof part === "string" && rangeContains(document.locate(childPath, "key"), at)) {
        found = { path: childPath, on: "key" };
        return;
      }
      if (rangeContains(document.locate(childPath, "value"), at)) {
        found = { path: childPath, on: "value" };
        walk(child, childPath);
        return;
      }
    }
  };
  walk(document.value, []);
  return found;
}
