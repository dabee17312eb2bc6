import type { JsonPath, SourceRange } from "../diagnostics.js";
import { LineIndex } from "../load/line-index.js";
import type { SourceDocument } from "../load/source-document.js";
import type { OffsetMapper } from "./notation.js";
import { scalarOffsetMapper } from "./scalar-offsets.js";

const lineIndexes = new WeakMap<SourceDocument, LineIndex>();

function linesOf(document: SourceDocument): LineIndex {
  let lines = lineIndexes.get(document);
  if (!lines) lineIndexes.set(document, (lines = new LineIndex(document.text)));
  return lines;
}

/** A string value's whole range and the map of its characters to source offsets (none when its source cannot be followed). */
interface MappedString {
  whole: SourceRange;
  map: OffsetMapper | undefined;
}

/**
 * The mapped string values of each document by path: a string with many findings (a notation
 * declaring one field a hundred thousand times) is decoded once, not once per finding.
 */
const mappedStrings = new WeakMap<SourceDocument, Map<string, MappedString>>();

function mappedString(document: SourceDocument, path: JsonPath, value: string): MappedString {
  let byPath = mappedStrings.get(document);
  if (!byPath) mappedStrings.set(document, (byPath = new Map()));
  const key = JSON.stringify(path);
  let mapped = byPath.get(key);
  if (!mapped) {
    const whole = document.locate(path, "value");
    mapped = { whole, map: scalarOffsetMapper(document.text, document.format, whole, value) };
    byPath.set(key, mapped);
  }
  return mapped;
}

/**
 * The source range of characters `start` to `end` (indices into the decoded string `value`)
 * of the string value at `path` in `document`: exact through quotes, escapes, folding and
 * block indentation, or the whole value when its source cannot be followed. Called only for a
 * finding, so a document without findings is never mapped.
 */
export function locateInString(document: SourceDocument, path: JsonPath, value: string, start: number, end: number): SourceRange {
  const { whole, map } = mappedString(document, path, value);
  if (!map) return whole;
  return linesOf(document).range(map(start), map(Math.max(start, end)));
}
