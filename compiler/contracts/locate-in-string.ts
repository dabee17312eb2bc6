import type { JsonPath, SourceRange } from "../diagnostics.js";
import { LineIndex } from "../load/line-index.js";
import type { SourceDocument } from "../load/source-document.js";
import { scalarOffsetMapper } from "./scalar-offsets.js";

const lineIndexes = new WeakMap<SourceDocument, LineIndex>();

function linesOf(document: SourceDocument): LineIndex {
  let lines = lineIndexes.get(document);
  if (!lines) lineIndexes.set(document, (lines = new LineIndex(document.text)));
  return lines;
}

/**
 * The source range of characters `start` to `end` (indices into the decoded string `value`)
 * of the string value at `path` in `document`: exact through quotes, escapes, folding and
 * block indentation, or the whole value when its source cannot be followed. Called only for a
 * finding, so a document without findings is never mapped.
 */
export function locateInString(document: SourceDocument, path: JsonPath, value: string, start: number, end: number): SourceRange {
  const whole = document.locate(path, "value");
  const map = scalarOffsetMapper(document.text, document.format, whole, value);
  if (!map) return whole;
  return linesOf(document).range(map(start), map(Math.max(start, end)));
}
