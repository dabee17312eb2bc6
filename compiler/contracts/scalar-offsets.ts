/**
 * Maps the characters of a string value back to where they are written in its JSON or YAML
 * source, so that a finding inside the string (a notation token) points at the right column
 * although quoting, escapes, line folding and block indentation moved the characters.
 */
import type { SourceRange } from "../diagnostics.js";
import type { OffsetMapper } from "./notation.js";

/** A decoded string with the source offset of each UTF-16 unit, and where its content ends. */
interface Decoded {
  text: string;
  offsets: number[];
  end: number;
}

class Builder {
  text = "";
  offsets: number[] = [];
  /** Where a run of unescaped spaces and tabs at the end of `text` starts (YAML drops it before a line break). */
  rawWhiteFrom = 0;

  push(chars: string, offset: number, raw = false): void {
    this.text += chars;
    for (let i = 0; i < chars.length; i++) this.offsets.push(offset);
    if (!(raw && (chars === " " || chars === "\t"))) this.rawWhiteFrom = this.text.length;
  }

  dropTrailingWhite(): void {
    this.text = this.text.slice(0, this.rawWhiteFrom);
    this.offsets.length = this.rawWhiteFrom;
  }

  done(end: number): Decoded {
    return { text: this.text, offsets: this.offsets, end };
  }
}

/** Pushes one source character (a whole surrogate pair when there is one) and returns the next offset. */
function pushChar(out: Builder, source: string, at: number, raw = true): number {
  const code = source.charCodeAt(at);
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < source.length) {
    const low = source.charCodeAt(at + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      out.push(source[at]!, at, raw);
      out.push(source[at + 1]!, at + 1, raw);
      return at + 2;
    }
  }
  out.push(source[at]!, at, raw);
  return at + 1;
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** A JSON string literal starting at `start` (its opening quote). */
function decodeJsonString(source: string, start: number): Decoded | undefined {
  const out = new Builder();
  let at = start + 1;
  while (at < source.length) {
    const char = source[at]!;
    if (char === '"') return out.done(at);
    if (char !== "\\") {
      at = pushChar(out, source, at);
      continue;
    }
    const escape = source[at + 1];
    if (escape === "u") {
      const hex = source.slice(at + 2, at + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      out.push(String.fromCharCode(parseInt(hex, 16)), at);
      at += 6;
      continue;
    }
    const mapped = escape === undefined ? undefined : JSON_ESCAPES[escape];
    if (mapped === undefined) return undefined;
    out.push(mapped, at);
    at += 2;
  }
  return undefined;
}

const YAML_ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};

const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function isLineBreak(source: string, at: number): boolean {
  return source[at] === "\n" || (source[at] === "\r" && source[at + 1] === "\n");
}

function lineBreakWidth(source: string, at: number): number {
  return source[at] === "\r" ? 2 : 1;
}

/**
 * Folds the line break at `at` inside a flow scalar (plain, single or double quoted): skips the
 * indentation and counts the empty lines after it. One break becomes a space, n + 1 breaks
 * become n newlines; an escaped break (double quoted `\` at the end of a line) becomes nothing
 * but its empty lines. Returns the offset of the next content character.
 */
function foldLineBreak(source: string, at: number, out: Builder, escaped: boolean): number {
  if (!escaped) out.dropTrailingWhite();
  const breakAt = at;
  at += lineBreakWidth(source, at);
  const empties: number[] = [];
  for (;;) {
    while (source[at] === " " || source[at] === "\t") at++;
    if (!isLineBreak(source, at)) break;
    empties.push(at);
    at += lineBreakWidth(source, at);
  }
  if (empties.length === 0) {
    if (!escaped) out.push(" ", breakAt);
  } else {
    for (const empty of empties) out.push("\n", empty);
  }
  out.rawWhiteFrom = out.text.length;
  return at;
}

/** A YAML double-quoted scalar starting at `start` (its opening quote). */
function decodeYamlDouble(source: string, start: number): Decoded | undefined {
  const out = new Builder();
  let at = start + 1;
  while (at < source.length) {
    const char = source[at]!;
    if (char === '"') return out.done(at);
    if (isLineBreak(source, at)) {
      at = foldLineBreak(source, at, out, false);
      continue;
    }
    if (char !== "\\") {
      at = pushChar(out, source, at);
      continue;
    }
    const escape = source[at + 1];
    if (escape === undefined) return undefined;
    if (isLineBreak(source, at + 1)) {
      at = foldLineBreak(source, at + 1, out, true);
      continue;
    }
    const digits = HEX_DIGITS[escape];
    if (digits !== undefined) {
      const hex = source.slice(at + 2, at + 2 + digits);
      if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const codePoint = parseInt(hex, 16);
      if (codePoint > 0x10ffff) return undefined;
      out.push(String.fromCodePoint(codePoint), at);
      at += 2 + digits;
      continue;
    }
    const mapped = YAML_ESCAPES[escape];
    if (mapped === undefined) return undefined;
    out.push(mapped, at);
    at += 2;
  }
  return undefined;
}

/** A YAML single-quoted scalar starting at `start` (its opening quote): `''` is one quote. */
function decodeYamlSingle(source: string, start: number): Decoded | undefined {
  const out = new Builder();
  let at = start + 1;
  while (at < source.length) {
    const char = source[at]!;
    if (char === "'") {
      if (source[at + 1] !== "'") return out.done(at);
      out.push("'", at);
      at += 2;
      continue;
    }
    if (isLineBreak(source, at)) {
      at = foldLineBreak(source, at, out, false);
      continue;
    }
    at = pushChar(out, source, at);
  }
  return undefined;
}

/** A YAML plain scalar spanning `start` to `end` (its last character, exclusive). */
function decodeYamlPlain(source: string, start: number, end: number): Decoded {
  const out = new Builder();
  let at = start;
  while (at < end) {
    if (isLineBreak(source, at)) {
      at = foldLineBreak(source, at, out, false);
      continue;
    }
    at = pushChar(out, source, at);
  }
  return out.done(end);
}

/** One content line of a block scalar: where its text starts after the indentation, and its line break. */
interface BlockLine {
  /** Offset of the first character after the block's indentation (or the line's end when shorter). */
  start: number;
  /** Offset of the line break ending the line (the text's length on the last line). */
  end: number;
  empty: boolean;
}

/** A YAML block scalar (`|` or `>`) whose header starts at `start`. */
function decodeYamlBlock(source: string, start: number): Decoded | undefined {
  const folded = source[start] === ">";
  let at = start + 1;
  let chomp: "clip" | "strip" | "keep" = "clip";
  while (source[at] === "-" || source[at] === "+" || (source[at]! >= "1" && source[at]! <= "9")) {
    // An explicit indentation indicator is relative to the parent's indentation, which is not known here.
    if (source[at] !== "-" && source[at] !== "+") return undefined;
    chomp = source[at] === "-" ? "strip" : "keep";
    at++;
  }
  while (at < source.length && source[at] !== "\n") at++;
  if (at >= source.length) return { text: "", offsets: [], end: at };
  at++;
  // Split the rest into lines, find the block's indentation (its first non-empty line's), and stop at a less indented line.
  const raw: { start: number; end: number; indent: number; blank: boolean }[] = [];
  while (at <= source.length) {
    let lineEnd = source.indexOf("\n", at);
    if (lineEnd === -1) lineEnd = source.length;
    const contentEnd = lineEnd > at && source[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd;
    let indent = 0;
    while (source[at + indent] === " ") indent++;
    const blank = source.slice(at + indent, contentEnd).trim() === "";
    raw.push({ start: at, end: contentEnd, indent, blank });
    if (lineEnd >= source.length) break;
    at = lineEnd + 1;
  }
  const first = raw.find((line) => !line.blank);
  if (!first) return { text: "", offsets: [], end: start };
  const indent = first.indent;
  if (indent === 0) return undefined;
  const lines: BlockLine[] = [];
  for (const line of raw) {
    if (!line.blank && line.indent < indent) break;
    lines.push({ start: Math.min(line.start + indent, line.end), end: line.end, empty: line.blank && line.end - line.start <= indent });
  }
  while (lines.length > 0 && lines[lines.length - 1]!.empty && lines[lines.length - 1]!.end === source.length) lines.pop();
  const out = new Builder();
  let lastContent = -1;
  lines.forEach((line, index) => {
    if (!line.empty) lastContent = index;
  });
  if (lastContent === -1) return { text: "", offsets: [], end: start };
  let previous: "normal" | "more" | undefined;
  let empties: number[] = [];
  let previousBreak = 0;
  for (let index = 0; index <= lastContent; index++) {
    const line = lines[index]!;
    if (line.empty) {
      empties.push(line.end);
      continue;
    }
    const kind = source[line.start] === " " || source[line.start] === "\t" ? "more" : "normal";
    if (previous !== undefined) {
      if (folded && previous === "normal" && kind === "normal") {
        if (empties.length === 0) out.push(" ", previousBreak);
      } else {
        out.push("\n", previousBreak);
      }
      for (const empty of empties) out.push("\n", empty);
    } else {
      for (const empty of empties) out.push("\n", empty);
    }
    empties = [];
    for (let c = line.start; c < line.end; ) c = pushChar(out, source, c);
    previous = kind;
    previousBreak = line.end;
  }
  const contentEnd = previousBreak;
  if (chomp !== "strip") {
    if (contentEnd < source.length) out.push("\n", contentEnd);
    if (chomp === "keep") {
      for (let index = lastContent + 1; index < lines.length; index++) {
        if (lines[index]!.end < source.length) out.push("\n", lines[index]!.end);
      }
    }
  }
  return out.done(contentEnd);
}

/** The offset of a 1-based line and UTF-16 column in `text` (lines end at `\n`). */
export function offsetAt(text: string, line: number, column: number): number {
  let at = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", at);
    if (next === -1) return text.length;
    at = next + 1;
  }
  return Math.min(text.length, at + column - 1);
}

/**
 * The mapper of a string value written at `range` in `text` (a JSON string literal, or a YAML
 * scalar in any style: plain, single or double quoted, literal or folded block), or undefined
 * when the source does not decode to `value` (a style this module does not follow, such as an
 * explicit block indentation indicator): the caller then points at the whole value.
 */
export function scalarOffsetMapper(text: string, format: "json" | "yaml", range: SourceRange, value: string): OffsetMapper | undefined {
  const start = offsetAt(text, range.line, range.column);
  const end = offsetAt(text, range.endLine, range.endColumn);
  const first = text[start];
  let decoded: Decoded | undefined;
  if (format === "json") decoded = first === '"' ? decodeJsonString(text, start) : undefined;
  else if (first === '"') decoded = decodeYamlDouble(text, start);
  else if (first === "'") decoded = decodeYamlSingle(text, start);
  else if (first === "|" || first === ">") decoded = decodeYamlBlock(text, start);
  else decoded = decodeYamlPlain(text, start, end);
  if (!decoded || decoded.text !== value) return undefined;
  const { offsets, end: contentEnd } = decoded;
  return (index) => (index < offsets.length ? offsets[Math.max(0, index)]! : contentEnd);
}
