/**
 * Inline Markdown as plain text that remembers where each character is written: emphasis,
 * strong and link markers drop out (`**Component**: X` reads as `Component: X`), code spans
 * keep their content and are marked, and every character maps back to its source offset, so a
 * value cut from the text (a name, a list of producers, a notation inside backticks) still
 * points at the exact line and column.
 */
import type { Nodes, PhrasingContent } from "mdast";

/** Plain text with the source offset of each UTF-16 unit and the spans that came from code. */
export interface FlatText {
  readonly text: string;
  /** `offsets[i]`: where `text[i]` is written. */
  readonly offsets: readonly number[];
  /** Where the text ends in the source (exclusive). */
  readonly end: number;
  /** `[from, to)` index ranges of `text` that were inline code. */
  readonly code: readonly (readonly [number, number])[];
}

/** Inline nodes nested deeper than this are read as their plain text (hostile input). */
const MAX_INLINE_DEPTH = 32;

class FlatBuilder {
  text = "";
  offsets: number[] = [];
  code: [number, number][] = [];
  end = 0;

  push(value: string, source: string, from: number, to: number): void {
    const offsets = align(value, source, from, to);
    this.text += value;
    for (const offset of offsets) this.offsets.push(offset);
    this.end = Math.max(this.end, to);
  }

  done(start: number): FlatText {
    return { text: this.text, offsets: this.offsets, end: this.offsets.length === 0 ? start : this.end, code: this.code };
  }
}

/**
 * The source offset of each character of `value`, a node's text as the parser decoded it,
 * within `source[from, to)`: characters match in order; what the parser dropped (escapes,
 * entity references, indentation of continuation lines) is skipped, and a line ending the
 * parser turned into a space (in code spans) maps to the line ending.
 */
export function align(value: string, source: string, from: number, to: number): number[] {
  const out: number[] = [];
  let at = from;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    const found = find(char, source, at, to);
    if (found >= 0) {
      out.push(found);
      at = found + 1;
      if (char === " " && source[found] === "\r" && source[at] === "\n") at++;
      continue;
    }
    out.push(Math.min(at, Math.max(from, to - 1)));
    // Nothing to find: white space the search crossed holds nothing later characters need.
    while (at < to && isWhite(source[at]!)) at++;
  }
  return out;
}

/** Most non-white characters the parser drops between two it keeps (the longest entity reference). */
const MAX_DROPPED = 40;

function isWhite(char: string): boolean {
  return char === " " || char === "\t" || char === "\n" || char === "\r" || char === ">";
}

/** Where `char` is written from `at` on, skipping white space and at most `MAX_DROPPED` other characters; -1: nowhere. */
function find(char: string, source: string, at: number, to: number): number {
  let dropped = 0;
  for (let probe = at; probe < to; probe++) {
    const here = source[probe]!;
    if (here === char || (char === " " && (here === "\n" || here === "\r"))) return probe;
    if (!isWhite(here) && ++dropped > MAX_DROPPED) return -1;
  }
  return -1;
}

function offsetOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): [number, number] {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}

function walk(node: Nodes, source: string, out: FlatBuilder, depth: number): void {
  const [from, to] = offsetOf(node);
  switch (node.type) {
    case "text":
      out.push(node.value, source, from, to);
      return;
    case "inlineCode": {
      const begin = out.text.length;
      out.push(node.value, source, from, to);
      out.code.push([begin, out.text.length]);
      return;
    }
    case "break":
      out.push("\n", "\n", from, from + 1);
      return;
    case "html":
      out.push(node.value, source, from, to);
      return;
    default:
      break;
  }
  if (!("children" in node)) return;
  for (const child of node.children as Nodes[]) {
    if (depth >= MAX_INLINE_DEPTH) out.push(source.slice(...offsetOf(child)), source, ...offsetOf(child));
    else walk(child, source, out, depth + 1);
  }
}

/** The flat text of a paragraph's or heading's inline content. */
export function flatten(children: readonly PhrasingContent[], source: string, start: number): FlatText {
  const out = new FlatBuilder();
  for (const child of children) walk(child, source, out, 0);
  return out.done(start);
}

/** The index of the first code span of `flat` that ends after `index` (spans are sorted and disjoint). */
function firstSpanEndingAfter(flat: FlatText, index: number): number {
  let low = 0;
  let high = flat.code.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (flat.code[mid]![1] <= index) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The part of `flat` from index `from` to `to`. */
export function sliceFlat(flat: FlatText, from: number, to: number = flat.text.length): FlatText {
  const start = Math.max(0, Math.min(from, flat.text.length));
  const stop = Math.max(start, Math.min(to, flat.text.length));
  const code: (readonly [number, number])[] = [];
  for (let i = firstSpanEndingAfter(flat, start); i < flat.code.length && flat.code[i]![0] < stop; i++) {
    const [a, b] = flat.code[i]!;
    code.push([Math.max(a, start) - start, Math.min(b, stop) - start]);
  }
  return {
    text: flat.text.slice(start, stop),
    offsets: flat.offsets.slice(start, stop),
    end: stop > start ? flat.offsets[stop - 1]! + 1 : (flat.offsets[start] ?? flat.end),
    code,
  };
}

/** `flat` without leading and trailing white space and without the characters of `strip` at its end. */
export function trimFlat(flat: FlatText, strip = ""): FlatText {
  let from = 0;
  let to = flat.text.length;
  while (from < to && /\s/.test(flat.text[from]!)) from++;
  for (;;) {
    const before = to;
    while (to > from && /\s/.test(flat.text[to - 1]!)) to--;
    while (to > from && strip.includes(flat.text[to - 1]!) && !insideCode(flat, to - 1)) to--;
    if (to === before) break;
  }
  return sliceFlat(flat, from, to);
}

/** Whether the character at `index` came from inline code. */
export function insideCode(flat: FlatText, index: number): boolean {
  const span = flat.code[firstSpanEndingAfter(flat, index)];
  return span !== undefined && span[0] <= index;
}

/** Splits at each `separator` character outside inline code and outside brackets. */
export function splitFlat(flat: FlatText, separators: string): FlatText[] {
  const parts: FlatText[] = [];
  let depth = 0;
  let from = 0;
  let span = 0;
  for (let i = 0; i < flat.text.length; i++) {
    const char = flat.text[i]!;
    while (span < flat.code.length && flat.code[span]![1] <= i) span++;
    if (span < flat.code.length && flat.code[span]![0] <= i) continue;
    if (char === "(" || char === "[" || char === "{") depth++;
    else if ((char === ")" || char === "]" || char === "}") && depth > 0) depth--;
    else if (depth === 0 && separators.includes(char)) {
      parts.push(sliceFlat(flat, from, i));
      from = i + 1;
    }
  }
  parts.push(sliceFlat(flat, from));
  return parts;
}

/** The source span `[start, end)` of a flat text (a point at `fallback` when it is empty). */
export function spanOf(flat: FlatText, fallback: number): [number, number] {
  if (flat.text.length === 0) return [flat.offsets[0] ?? fallback, flat.offsets[0] ?? fallback];
  return [flat.offsets[0]!, Math.max(flat.offsets[flat.offsets.length - 1]! + 1, flat.offsets[0]! + 1)];
}
