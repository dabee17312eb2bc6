import type { LineIndex } from "./line-index.js";
import { describeCharacter, type ParseError } from "./parse-messages.js";
import type { PositionMember, PositionNode } from "./position-tree.js";

/** A JSON parse: the value (and, when asked for, where each value sits), or the first error. */
export type JsonParseResult = { ok: true; value: unknown; positions?: PositionNode } | { ok: false; error: ParseError };

/** Options of {@link parseJson}. */
export interface JsonParseOptions {
  /** Deepest nesting of arrays and objects accepted; the root container is level 1. */
  maxDepth: number;
  /** Also build the position tree used by `locate`. */
  positions?: boolean;
  /** Used only to name the line of a duplicate key's first definition. */
  lines: LineIndex;
}

/**
 * Parses strict JSON (RFC 8259). Unlike `JSON.parse` it refuses duplicate keys, bounds the
 * nesting depth and reports errors with their exact span. Objects are plain objects whose
 * `__proto__` key, if any, is an own data property: no prototype is ever set.
 */
export function parseJson(text: string, options: JsonParseOptions): JsonParseResult {
  if (!options.positions) {
    const value = nativeParse(text, options.maxDepth);
    if (value !== NOT_PARSED) return { ok: true, value };
  }
  const parser = new JsonParser(text, options.maxDepth, options.positions === true);
  try {
    const value = parser.parseDocument();
    return parser.record ? { ok: true, value, positions: parser.lastNode } : { ok: true, value };
  } catch (failure) {
    if (failure instanceof RangeError) return { ok: false, error: { id: "stackOverflow", start: parser.pos, end: parser.pos } };
    if (!(failure instanceof JsonFailure)) throw failure;
    if (failure.error.id !== "duplicateKey") return { ok: false, error: failure.error };
    // Only a recording pass knows where the first definition of the key is.
    const recorded = parser.record ? failure : recordingFailure(text, options.maxDepth);
    const first = recorded?.firstKeyStart;
    if (!recorded || first === undefined) return { ok: false, error: failure.error };
    const line = options.lines.position(first).line;
    return { ok: false, error: { ...recorded.error, data: { ...recorded.error.data, line } } };
  }
}

const NOT_PARSED = Symbol("not parsed");

/**
 * The fast path: `JSON.parse` reads the same grammar (RFC 8259) into the same values, own
 * `__proto__` keys included, but keeps the last of duplicate keys and has no depth limit. So
 * its value counts only when no container nests deeper than `maxDepth` and the objects hold
 * as many keys as the text has members (every colon outside strings separates one); otherwise,
 * or when it throws, the strict parser reads the text and words the refusal.
 */
function nativeParse(text: string, maxDepth: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_PARSED;
  }
  const keys = countKeys(value, 0, maxDepth);
  return keys >= 0 && keys === countMembers(text) ? value : NOT_PARSED;
}

/** The keys of every object in `value`, or -1 when containers nest deeper than `maxDepth`. */
function countKeys(value: unknown, depth: number, maxDepth: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (depth >= maxDepth) return -1;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const inner = countKeys(item, depth + 1, maxDepth);
      if (inner < 0) return -1;
      count += inner;
    }
    return count;
  }
  for (const key in value) {
    count++;
    const inner = countKeys((value as Record<string, unknown>)[key], depth + 1, maxDepth);
    if (inner < 0) return -1;
    count += inner;
  }
  return count;
}

/** The colons outside strings of a valid JSON text: its object members. */
function countMembers(text: string): number {
  let count = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === COLON) count++;
    else if (code === QUOTE) {
      for (;;) {
        i = text.indexOf('"', i + 1);
        let backslashes = 0;
        while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
    }
  }
  return count;
}

function recordingFailure(text: string, maxDepth: number): JsonFailure | undefined {
  try {
    new JsonParser(text, maxDepth, true).parseDocument();
  } catch (failure) {
    if (failure instanceof JsonFailure) return failure;
  }
  return undefined;
}

class JsonFailure {
  constructor(
    readonly error: ParseError,
    readonly firstKeyStart?: number,
  ) {}
}

// Character codes the scanner compares against.
const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const LOWER_E = 101;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  34: '"',
  92: "\\",
  47: "/",
  98: "\b",
  102: "\f",
  110: "\n",
  114: "\r",
  116: "\t",
};

class JsonParser {
  pos = 0;
  depth = 0;
  /** The position node of the value parsed last (recording mode only). */
  lastNode: PositionNode | undefined;

  constructor(
    readonly text: string,
    readonly maxDepth: number,
    readonly record: boolean,
  ) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    if (this.pos >= this.text.length) this.fail({ id: "unexpectedEnd", data: { expected: "a value" } });
    const value = this.parseValue("a value");
    this.skipWhitespace();
    if (this.pos < this.text.length) this.failAtCharacter("trailingContent");
    return value;
  }

  parseValue(expected: string): unknown {
    const code = this.text.charCodeAt(this.pos);
    if (code === OPEN_BRACE) return this.parseObject();
    if (code === OPEN_BRACKET) return this.parseArray();
    const start = this.pos;
    let value: unknown;
    if (code === QUOTE) value = this.parseString();
    else if (code === MINUS || (code >= ZERO && code <= NINE)) value = this.parseNumber();
    else if (this.text.startsWith("true", start)) value = this.literal(true, 4);
    else if (this.text.startsWith("false", start)) value = this.literal(false, 5);
    else if (this.text.startsWith("null", start)) value = this.literal(null, 4);
    else if (Number.isNaN(code)) this.fail({ id: "unexpectedEnd", data: { expected } });
    else this.failAtCharacter("unexpectedCharacter", expected);
    if (this.record) this.lastNode = { start, end: this.pos };
    return value;
  }

  literal(value: unknown, length: number): unknown {
    this.pos += length;
    return value;
  }

  enter(): void {
    if (++this.depth > this.maxDepth) {
      this.fail({ id: "tooDeep", data: { limit: this.maxDepth }, start: this.pos, end: this.pos + 1 });
    }
  }

  parseObject(): Record<string, unknown> {
    const start = this.pos;
    this.enter();
    this.pos++;
    const object: Record<string, unknown> = {};
    const members = this.record ? new Map<string, PositionMember>() : undefined;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACE) {
      this.pos++;
    } else {
      for (;;) {
        if (this.text.charCodeAt(this.pos) !== QUOTE) this.failHere("a key string");
        const keyStart = this.pos;
        const key = this.parseString();
        const keyEnd = this.pos;
        if (Object.prototype.hasOwnProperty.call(object, key)) {
          this.fail({ id: "duplicateKey", data: { key, line: "?" }, start: keyStart, end: keyEnd }, members?.get(key)?.keyStart);
        }
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) !== COLON) this.failHere("':'");
        this.pos++;
        this.skipWhitespace();
        const value = this.parseValue("a value");
        if (key === "__proto__") {
          Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
        } else {
          object[key] = value;
        }
        if (members) members.set(key, { keyStart, keyEnd, value: this.lastNode! });
        this.skipWhitespace();
        const next = this.text.charCodeAt(this.pos);
        if (next === COMMA) {
          this.pos++;
          this.skipWhitespace();
        } else if (next === CLOSE_BRACE) {
          this.pos++;
          break;
        } else {
          this.failHere("',' or '}'");
        }
      }
    }
    this.depth--;
    if (members) this.lastNode = { start, end: this.pos, members };
    return object;
  }

  parseArray(): unknown[] {
    const start = this.pos;
    this.enter();
    this.pos++;
    const array: unknown[] = [];
    const elements: PositionNode[] | undefined = this.record ? [] : undefined;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
    } else {
      for (;;) {
        array.push(this.parseValue("a value"));
        if (elements) elements.push(this.lastNode!);
        this.skipWhitespace();
        const next = this.text.charCodeAt(this.pos);
        if (next === COMMA) {
          this.pos++;
          this.skipWhitespace();
        } else if (next === CLOSE_BRACKET) {
          this.pos++;
          break;
        } else {
          this.failHere("',' or ']'");
        }
      }
    }
    this.depth--;
    if (elements) this.lastNode = { start, end: this.pos, elements };
    return array;
  }

  /** Parses a string starting at the opening quote. */
  parseString(): string {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    let chunkStart = i;
    let out = "";
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        this.pos = i + 1;
        return out + text.slice(chunkStart, i);
      }
      if (code === BACKSLASH) {
        out += text.slice(chunkStart, i);
        const escape = text.charCodeAt(i + 1);
        const simple = SIMPLE_ESCAPES[escape];
        if (simple !== undefined) {
          out += simple;
          i += 2;
        } else if (escape === 117 && isHex4(text, i + 2)) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (Number.isNaN(escape)) {
          this.fail({ id: "unterminatedString", start, end: start + 1 });
        } else {
          this.fail({ id: "invalidEscape", start: i, end: Math.min(i + 2, text.length) });
        }
        chunkStart = i;
        continue;
      }
      if (code < SPACE) {
        if (code === LINE_FEED || code === CARRIAGE_RETURN || Number.isNaN(code)) {
          this.fail({ id: "unterminatedString", start, end: start + 1 });
        }
        this.fail({ id: "controlInString", data: { found: describeCharacter(text[i]!) }, start: i, end: i + 1 });
      }
      if (Number.isNaN(code)) this.fail({ id: "unterminatedString", start, end: start + 1 });
      i++;
    }
  }

  parseNumber(): number {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === MINUS) i++;
    const first = text.charCodeAt(i);
    if (first === ZERO) i++;
    else if (first > ZERO && first <= NINE) i = skipDigits(text, i);
    else this.failNumber(start, i);
    if (text.charCodeAt(i) === DOT) {
      const digits = skipDigits(text, i + 1);
      if (digits === i + 1) this.failNumber(start, digits);
      i = digits;
    }
    const e = text.charCodeAt(i);
    if (e === LOWER_E || e === UPPER_E) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) i++;
      const digits = skipDigits(text, i);
      if (digits === i) this.failNumber(start, digits);
      i = digits;
    }
    this.pos = i;
    return Number(text.slice(start, i));
  }

  skipWhitespace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === SPACE || code === LINE_FEED || code === CARRIAGE_RETURN || code === TAB) i++;
      else break;
    }
    this.pos = i;
  }

  failNumber(start: number, at: number): never {
    const end = Math.min(this.text.length, at + 1);
    this.fail({ id: "invalidNumber", data: { found: `'${this.text.slice(start, end)}'` }, start, end });
  }

  /** Fails on the character at the cursor, or at the end of the file. */
  failHere(expected: string): never {
    if (this.pos >= this.text.length) this.fail({ id: "unexpectedEnd", data: { expected } });
    this.failAtCharacter("unexpectedCharacter", expected);
  }

  failAtCharacter(id: "unexpectedCharacter" | "trailingContent", expected = ""): never {
    const code = this.text.codePointAt(this.pos) ?? 0;
    const char = String.fromCodePoint(code);
    this.fail({ id, data: { found: describeCharacter(char), expected }, start: this.pos, end: this.pos + char.length });
  }

  fail(error: Omit<ParseError, "start" | "end"> & Partial<ParseError>, firstKeyStart?: number): never {
    const start = error.start ?? this.text.length;
    throw new JsonFailure({ ...error, start, end: error.end ?? start }, firstKeyStart);
  }
}

function skipDigits(text: string, from: number): number {
  let i = from;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code >= ZERO && code <= NINE) i++;
    else return i;
  }
}

function isHex4(text: string, from: number): boolean {
  for (let i = from; i < from + 4; i++) {
    const c = text.charCodeAt(i);
    const hex = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
    if (!hex) return false;
  }
  return true;
}
