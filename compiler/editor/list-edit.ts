import type { JsonPath, SourceRange } from "../diagnostics.js";
import type { SourceDocument } from "../load/source-document.js";

/** An edit of a document's text: replace `range` (1-based, end exclusive) with `text`. */
export interface TextChange {
  range: SourceRange;
  text: string;
}

/** A value as YAML writes it in a flow list or a block item: plain when that reads back the same, else double-quoted. */
export function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_./][\w ./-]*$/.test(value) && !/ $/.test(value) && !/^(true|false|null|yes|no|on|off|~|[\d.]+)$/i.test(value) ? value : JSON.stringify(value);
}

/** The 1-based position of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let index = text.indexOf("\n"); index >= 0 && index < offset; index = text.indexOf("\n", index + 1)) {
    line++;
    start = index + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The offset of a 1-based position in `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

/**
 * The edit that appends `value` to the list at `path` of `document`: inside `[...]` in JSON
 * and YAML flow style, as a new `- value` line in a YAML block list. Undefined when there is
 * no list there.
 */
export function appendToList(document: SourceDocument, path: JsonPath, value: string): TextChange | undefined {
  let list: unknown = document.value;
  for (const part of path) list = (list as Record<string | number, unknown> | undefined)?.[part];
  if (!Array.isArray(list)) return undefined;
  const { text } = document;
  const range = document.locate(path, "value");
  const start = offsetOf(text, range.line, range.column);
  const end = offsetOf(text, range.endLine, range.endColumn);
  const written = document.format === "json" ? JSON.stringify(value) : yamlScalar(value);
  if (text[start] === "[") {
    const close = text.lastIndexOf("]", end - 1);
    let last = close - 1;
    while (last > start && /\s/.test(text[last]!)) last--;
    const at = positionOf(text, last + 1);
    const insert = last === start ? written : `, ${written}`;
    return { range: { line: at.line, column: at.column, endLine: at.line, endColumn: at.column }, text: insert };
  }
  if (list.length === 0) return undefined;
  // A block list: a new item line below the last, indented like the first.
  const indent = " ".repeat(range.column - 1);
  const at = positionOf(text, end);
  return { range: { line: at.line, column: at.column, endLine: at.line, endColumn: at.column }, text: `\n${indent}- ${written}` };
}
