import type { JsonPath, LocationTarget, SourceRange } from "../diagnostics.js";
import type { LineIndex } from "./line-index.js";

// Character codes the walker compares against.
const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/**
 * Resolves a path in a JSON text that `parseJson` accepted, exactly as `locateInTree` does on
 * the position tree of a recording parse, but without building one: it walks from the root
 * along the path only, skipping every value beside it. Cheap for the few lookups most
 * documents get; a caller with many lookups on one document builds the tree instead.
 */
export function locateInJson(text: string, path: JsonPath, on: LocationTarget, lines: LineIndex): SourceRange {
  const rootStart = skipWhitespace(text, 0);
  let node = rootStart;
  let keyStart = -1;
  let keyEnd = -1;
  let depth = 0;
  for (const part of path) {
    const next = typeof part === "number" ? elementAt(text, node, part) : memberOf(text, node, part);
    if (next === undefined) break;
    node = next.value;
    keyStart = next.keyStart;
    keyEnd = next.keyEnd;
    depth++;
  }
  const complete = depth === path.length;
  if (complete && on === "key" && keyStart >= 0) return lines.range(keyStart, keyEnd);
  if (depth === 0) return lines.restOfLine(rootStart);
  return lines.range(node, skipValue(text, node));
}

interface Step {
  value: number;
  keyStart: number;
  keyEnd: number;
}

/** The member `name` of the object starting at `at`: its key's span and its value's start. */
function memberOf(text: string, at: number, name: string): Step | undefined {
  if (text.charCodeAt(at) !== OPEN_BRACE) return undefined;
  let i = skipWhitespace(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return undefined;
  for (;;) {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const value = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    if (keyName(text, keyStart, keyEnd) === name) return { value, keyStart, keyEnd };
    i = skipWhitespace(text, skipValue(text, value));
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipWhitespace(text, i + 1);
  }
}

/** Element `index` of the array starting at `at`. */
function elementAt(text: string, at: number, index: number): Step | undefined {
  if (text.charCodeAt(at) !== OPEN_BRACKET || !Number.isInteger(index) || index < 0) return undefined;
  let i = skipWhitespace(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return undefined;
  for (let n = 0; ; n++) {
    if (n === index) return { value: i, keyStart: -1, keyEnd: -1 };
    i = skipWhitespace(text, skipValue(text, i));
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipWhitespace(text, i + 1);
  }
}

/** The decoded name of the key string spanning [start, end), quotes included. */
function keyName(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes("\\") ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** The offset just after the value starting at `at`. */
function skipValue(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code === QUOTE) return skipString(text, at);
  if (code === OPEN_BRACE || code === OPEN_BRACKET) {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  // A number or a literal: up to the next separator.
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === SPACE || c === TAB || c === LINE_FEED || c === CARRIAGE_RETURN || c === COLON) break;
    i++;
  }
  return i;
}

/** The offset just after the string whose opening quote is at `at`. */
function skipString(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  return i;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LINE_FEED || c === CARRIAGE_RETURN) i++;
    else return i;
  }
}
