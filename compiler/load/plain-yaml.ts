import { CORE_SCHEMA } from "js-yaml";
import type { PositionMarks } from "./yaml-positions.js";

// A fast path for the YAML most bundles hold: block mappings and sequences of one-line plain
// or quoted scalars, as tools and people write phase reports. It builds the value and the
// position marks in one pass over the text, with no event list. Anything outside that subset
// (comments, anchors, aliases, tags, directives, document markers, block or multi-line
// scalars, escapes, flow collections other than `[]` and `{}`, duplicate or odd keys, tabs,
// CR, control characters, deep nesting) is not judged here: the careful path (yaml-parser.ts)
// parses the text, so every refusal and its position stay exactly as they are there. Where
// this path answers, value and marks equal the careful path's (a test compares both over the
// repository's YAML files, the benchmark bundles and mutations of them).

/** What the fast path gives: the value and its position marks, as the careful path would. */
export interface PlainYaml {
  value: unknown;
  marks: PositionMarks;
}

type ResolveImplicit = (source: string) => { value: unknown };

/**
 * js-yaml's own resolution of a plain scalar under the core schema (the careful path's
 * `constructFromEvents` calls the same), so that `1`, `0x1F`, `~` or `.inf` mean the same on
 * both paths. Without it (another js-yaml), the fast path is off.
 */
const resolveImplicit: ResolveImplicit | undefined = (() => {
  const schema = CORE_SCHEMA as unknown as { resolveImplicitScalarTag?: ResolveImplicit };
  return typeof schema.resolveImplicitScalarTag === "function" ? schema.resolveImplicitScalarTag.bind(CORE_SCHEMA) : undefined;
})();

const SCALAR = 0;
const MAPPING = 1;
const SEQUENCE = 2;
const SLOTS = 5;

/** Characters that end the fast path wherever they appear: comments, tabs, CR, controls, BOM, surrogates, non-characters. */
const OFF_SUBSET = /[#\t\r\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
/** Keys the core schema reads as something other than their text. */
const NON_STRING_KEY = /^(?:true|false|null)$/i;
const NO_MATCH = -1;

const LF = 10;
const SPACE = 32;
const COLON = 58;
const DASH = 45;
const QUOTE = 39;
const DOUBLE_QUOTE = 34;
const BACKSLASH = 92;

/** Outside the subset: the careful path decides. */
class OffSubset {}
const OFF = new OffSubset();

interface State {
  text: string;
  length: number;
  out: number[];
  maxDepth: number;
  /** Start of the current content line, its first non-space character and its column; `indent` -1 at the end. */
  lineStart: number;
  at: number;
  indent: number;
  /** The end offset of the node parsed last (its span as the marks record it). */
  end: number;
}

/**
 * Parses `text` when it is plain block YAML (see above); undefined otherwise, and then the
 * careful path must parse it. `maxDepth` is the loader's limit: deeper text goes the careful way.
 */
export function parsePlainYaml(text: string, maxDepth: number): PlainYaml | undefined {
  if (resolveImplicit === undefined || OFF_SUBSET.test(text)) return undefined;
  const state: State = { text, length: text.length, out: [], maxDepth, lineStart: 0, at: 0, indent: -1, end: 0 };
  try {
    nextLine(state, 0);
    if (state.indent !== 0) return undefined;
    const value = blockNode(state, 0, 1);
    if ((state.indent as number) !== -1) return undefined;
    return { value, marks: Int32Array.from(state.out) };
  } catch (error) {
    if (error === OFF) return undefined;
    throw error;
  }
}

/** Moves to the next line with content at or after `from` (a line start); `indent` -1 at the end of the text. */
function nextLine(state: State, from: number): void {
  const { text, length } = state;
  let start = from;
  while (start < length) {
    let at = start;
    while (at < length && text.charCodeAt(at) === SPACE) at++;
    if (at >= length) break;
    if (text.charCodeAt(at) !== LF) {
      state.lineStart = start;
      state.at = at;
      state.indent = at - start;
      return;
    }
    start = at + 1;
  }
  state.lineStart = length;
  state.at = length;
  state.indent = -1;
}

/** The block mapping or sequence whose first line is the current one, at column `indent`. */
function blockNode(state: State, indent: number, depth: number): unknown {
  // Well inside the limit: text near it goes the careful way, which words the refusal.
  if (depth + 2 > state.maxDepth) throw OFF;
  const { text, at } = state;
  if (text.charCodeAt(at) === DASH && isBlank(text, at + 1)) return blockSequence(state, indent, depth);
  return blockMapping(state, indent, depth);
}

/** Whether the character at `at` ends a token: a space, a line break or the end. */
function isBlank(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const code = text.charCodeAt(at);
  return code === SPACE || code === LF;
}

/** The end of a key (the offset of its colon) when a plain key starts at `at`, else NO_MATCH. */
function keyEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (!(isLetter(first) || first === 95)) return NO_MATCH;
  let end = at + 1;
  for (;;) {
    const code = text.charCodeAt(end);
    if (isLetter(code) || (code >= 48 && code <= 57) || code === 95 || code === DASH || code === 46 || code === 47) end++;
    else break;
  }
  return text.charCodeAt(end) === COLON && isBlank(text, end + 1) ? end : NO_MATCH;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function blockMapping(state: State, indent: number, depth: number): Record<string, unknown> {
  const { text, out } = state;
  const record = out.length;
  out.push(MAPPING, state.at, 0, 0, 0);
  const value: Record<string, unknown> = {};
  let count = 0;
  for (;;) {
    const start = state.at;
    const end = keyEnd(text, start);
    if (end === NO_MATCH) throw OFF;
    const key = text.slice(start, end);
    if (key === "__proto__" || ((key.length === 4 || key.length === 5) && NON_STRING_KEY.test(key)) || Object.prototype.hasOwnProperty.call(value, key)) throw OFF;
    out.push(start, end);
    let after = end + 1;
    while (after < state.length && text.charCodeAt(after) === SPACE) after++;
    if (after >= state.length || text.charCodeAt(after) === LF) {
      // The value is the block below, indented further (an empty value is off the subset).
      nextLine(state, after + 1);
      if (state.indent <= indent) throw OFF;
      value[key] = blockNode(state, state.indent, depth + 1);
    } else {
      value[key] = inlineValue(state, after, indent);
    }
    count++;
    if (state.indent < indent) break;
    if (state.indent > indent) throw OFF;
  }
  out[record + 2] = state.end;
  out[record + 3] = out.length;
  out[record + 4] = count;
  return value;
}

function blockSequence(state: State, indent: number, depth: number): unknown[] {
  const { text, out } = state;
  const record = out.length;
  out.push(SEQUENCE, state.at, 0, 0, 0);
  const value: unknown[] = [];
  for (;;) {
    const dash = state.at;
    if (text.charCodeAt(dash) !== DASH || text.charCodeAt(dash + 1) !== SPACE) throw OFF;
    let at = dash + 2;
    while (at < state.length && text.charCodeAt(at) === SPACE) at++;
    if (at >= state.length || text.charCodeAt(at) === LF) throw OFF;
    if (keyEnd(text, at) !== NO_MATCH) {
      // A mapping that starts on the item's line: its keys line up at the column of the first.
      state.at = at;
      state.indent = at - state.lineStart;
      if (depth + 3 > state.maxDepth) throw OFF;
      value.push(blockMapping(state, state.indent, depth + 1));
    } else {
      value.push(inlineValue(state, at, indent));
    }
    if (state.indent < indent) break;
    if (state.indent > indent) throw OFF;
  }
  out[record + 2] = state.end;
  out[record + 3] = out.length;
  out[record + 4] = value.length;
  // Kept as long as the document: `push` left room for 17 or more items, a copy holds just its own.
  return value.slice();
}

/** First characters that make a plain scalar something else, or that the fast path leaves to the careful one. */
function isIndicator(code: number): boolean {
  switch (code) {
    case DASH: // -
    case 63: // ?
    case COLON:
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case QUOTE:
    case DOUBLE_QUOTE:
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}

/**
 * A value written on its line from `at` on: `[]`, `{}`, a quoted scalar without escapes or
 * line breaks, or a one-line plain scalar. Moves to the next content line, which must not be
 * indented past `indent` (that would continue the scalar).
 */
function inlineValue(state: State, at: number, indent: number): unknown {
  const { text, out, length } = state;
  const first = text.charCodeAt(at);
  let value: unknown;
  let end: number;
  if (first === 91 || first === 123) {
    if (text.charCodeAt(at + 1) !== (first === 91 ? 93 : 125)) throw OFF;
    end = at + 2;
    out.push(first === 91 ? SEQUENCE : MAPPING, at, end, out.length + SLOTS, 0);
    value = first === 91 ? [] : {};
  } else if (first === QUOTE || first === DOUBLE_QUOTE) {
    let close = at + 1;
    let doubled = false;
    for (;;) {
      if (close >= length) throw OFF;
      const code = text.charCodeAt(close);
      if (code === LF || (code === BACKSLASH && first === DOUBLE_QUOTE)) throw OFF;
      if (code === first) {
        if (first === QUOTE && text.charCodeAt(close + 1) === QUOTE) {
          doubled = true;
          close += 2;
          continue;
        }
        break;
      }
      close++;
    }
    const inner = text.slice(at + 1, close);
    value = doubled ? inner.replaceAll("''", "'") : inner;
    end = close + 1;
    out.push(SCALAR, at, end, out.length + SLOTS, 0);
  } else {
    if (isIndicator(first)) throw OFF;
    let stop = at;
    for (;;) {
      if (stop >= length) break;
      const code = text.charCodeAt(stop);
      if (code === LF) break;
      if ((code === COLON && isBlank(text, stop + 1)) || code === 91 || code === 93 || code === 123 || code === 125) throw OFF;
      stop++;
    }
    end = stop;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    value = resolveImplicit!(text.slice(at, end)).value;
    out.push(SCALAR, at, end, out.length + SLOTS, 0);
  }
  let rest = end;
  while (rest < length && text.charCodeAt(rest) === SPACE) rest++;
  if (rest < length && text.charCodeAt(rest) !== LF) throw OFF;
  state.end = end;
  nextLine(state, rest + 1);
  if (state.indent > indent) throw OFF;
  return value;
}
