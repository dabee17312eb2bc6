/**
 * The contract schema notation of seed 001, compiled to JSON Schema (draft 2020-12):
 *
 *     { id: UUID, objective: string, priority: 'P0' | 'P1' | 'P2', originatingSpec: URI, createdAt: timestamp }
 *
 * Objects `{ name: type, other?: type }` (fields separated by `,` or `;`, a trailing one
 * allowed, `?` marks a field optional, names may be quoted), arrays `T[]` or `Array<T>`,
 * unions `A | B` (of literals they become an `enum`), literals (`'x'`, `"x"`, numbers, `true`,
 * `false`, `null`), parentheses, and the named types UUID, URI, timestamp, string, number,
 * integer and boolean. Nesting (braces, brackets, `Array<...>`, parentheses and each `[]`)
 * stops at {@link MAX_NOTATION_DEPTH} levels with a `tooDeep` finding. Pure: the text in, a
 * schema fragment and located findings out; it never throws on any text.
 *
 * The API, for any reader of the notation (mission YAML/JSON here, Markdown elsewhere):
 * {@link parseNotation} for a contract's whole schema (an object type), {@link parseNotationType}
 * for one field's type; both return the schema only when there is no finding, the findings with
 * message ids of {@link NOTATION_MESSAGES}, and the top-level fields with their spans.
 *
 * Positions: every finding carries `start`/`end` offsets into the caller's source. The caller
 * says how string indices map there: a number (the offset of the string's first character, as
 * for a notation cut from Markdown) or an {@link OffsetMapper} (as built by
 * `scalarOffsetMapper` for a YAML or JSON string, whose quoting and escapes move characters).
 */
import { distance } from "fastest-levenshtein";
import { formatMessage } from "../diagnostics.js";

/** A JSON Schema fragment (plain JSON data). */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * Maps an index into the decoded string (0 to its length, inclusive) to an offset in the
 * source text that holds it: where the character at that index begins, and for the length,
 * where the string's content ends.
 */
export type OffsetMapper = (index: number) => number;

/** The named types and the schema each stands for. */
export const NAMED_TYPES: Readonly<Record<string, JsonSchema>> = Object.freeze({
  UUID: { type: "string", format: "uuid" },
  URI: { type: "string", format: "uri" },
  timestamp: { type: "string", format: "date-time" },
  string: { type: "string" },
  number: { type: "number" },
  integer: { type: "integer" },
  boolean: { type: "boolean" },
});

/** Names people write for a named type, mapped to it (compared without case). */
const ALIASES: Readonly<Record<string, string>> = {
  uuid: "UUID",
  guid: "UUID",
  id: "UUID",
  uri: "URI",
  url: "URI",
  link: "URI",
  href: "URI",
  timestamp: "timestamp",
  datetime: "timestamp",
  "date-time": "timestamp",
  date: "timestamp",
  time: "timestamp",
  instant: "timestamp",
  str: "string",
  text: "string",
  int: "integer",
  long: "integer",
  float: "number",
  double: "number",
  decimal: "number",
  bool: "boolean",
};

/** How deep objects, arrays and parentheses may nest before the parser refuses the text. */
export const MAX_NOTATION_DEPTH = 64;

/** The message of each notation finding, keyed by id; `{{name}}` placeholders. */
export const NOTATION_MESSAGES = {
  unknownType: 'unknown type "{{name}}"; did you mean {{suggestion}}?',
  unknownTypeList: 'unknown type "{{name}}"; a type is one of {{known}}, a quoted literal, an object { ... } or an array T[]',
  unclosed: '"{{open}}" is never closed; add "{{close}}" after {{last}}',
  unmatchedClose: '"{{close}}" closes nothing; remove it',
  duplicateField: 'field "{{name}}" is declared twice; rename or remove one of them',
  duplicateLiteral: "{{literal}} appears twice in the union; remove one",
  expectedColon: 'expected ":" after field "{{name}}" but found {{found}}; write {{name}}: type',
  expectedType: "expected a type but found {{found}}",
  expectedField: "expected a field name but found {{found}}",
  expectedSeparator: 'expected "," or "}" after field "{{name}}" but found {{found}}; separate fields with ","',
  expectedTypeArgument: 'expected ">" to close Array<...> but found {{found}}',
  trailing: "unexpected {{found}} after the type; remove it",
  unterminatedString: "the literal {{literal}} is never closed; add {{quote}}",
  unexpectedCharacter: 'unexpected character "{{char}}"',
  notObject: "a contract's schema must be an object type { field: type, ... }, not {{found}}",
  empty: "the schema is empty; write an object type such as { id: UUID }",
  tooDeep: "the type nests deeper than {{limit}} levels",
} as const;

/** The id of a notation finding. */
export type NotationMessageId = keyof typeof NOTATION_MESSAGES;

/** One problem in a notation string, located in the caller's source. */
export interface NotationFinding {
  messageId: NotationMessageId;
  /** The placeholder values of the message. */
  data: Readonly<Record<string, string>>;
  /** The message with its placeholders filled. */
  message: string;
  /** Offsets of the offending token in the caller's source (end exclusive). */
  start: number;
  end: number;
  /** What to write instead, when the parser can tell (a type name, a closing brace). */
  suggestion?: string;
}

/** Options of {@link parseNotation} and {@link parseNotationType}. */
export interface NotationOptions {
  /** Where the string sits in its source: the offset of its first character, or a mapper. Default 0. */
  at?: number | OffsetMapper;
}

/** One field of a parsed object type, with the span of its name in the caller's source. */
export interface NotationField {
  name: string;
  optional: boolean;
  start: number;
  end: number;
}

/** What a parse gives: the schema when there are no findings, the findings, and the top-level fields. */
export interface NotationResult {
  /** The JSON Schema fragment; absent when any finding was made. */
  schema?: JsonSchema;
  findings: NotationFinding[];
  /** The fields of the top-level object, in order (for callers that point at a field). */
  fields: NotationField[];
}

type TokenKind = "punct" | "name" | "string" | "number" | "end";

interface Token {
  kind: TokenKind;
  /** The text as written (for a string literal: with its quotes). */
  text: string;
  /** For string literals: the value; for numbers: the text. */
  value?: string;
  start: number;
  end: number;
  /** For string literals that reach the end without their closing quote. */
  unterminated?: boolean;
  /** A character that belongs to no token, already reported: read as a name so that no second finding follows. */
  invalid?: boolean;
}

const PUNCTUATION = new Set(["{", "}", "[", "]", "(", ")", "<", ">", ",", ";", ":", "?", "|"]);
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const CLOSERS: Readonly<Record<string, string>> = { "{": "}", "[": "]", "(": ")", "<": ">" };

/** Thrown inside the parser to stop at a syntax error already recorded. */
class StopParse extends Error {}

function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

function isNamePart(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Splits the text into tokens; characters that belong to no token become findings. */
function tokenize(text: string, fail: (id: NotationMessageId, data: Record<string, string>, start: number, end: number) => void): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (isSpace(code)) {
      at++;
      continue;
    }
    const char = text[at]!;
    if (PUNCTUATION.has(char)) {
      tokens.push({ kind: "punct", text: char, start: at, end: at + 1 });
      at++;
      continue;
    }
    if (char === "'" || char === '"') {
      const start = at;
      let value = "";
      at++;
      let closed = false;
      while (at < text.length) {
        const c = text[at]!;
        if (c === "\\" && at + 1 < text.length) {
          value += text[at + 1];
          at += 2;
          continue;
        }
        if (c === char) {
          closed = true;
          at++;
          break;
        }
        if (c === "\n") break;
        value += c;
        at++;
      }
      const token: Token = { kind: "string", text: text.slice(start, at), value, start, end: at };
      if (!closed) token.unterminated = true;
      tokens.push(token);
      continue;
    }
    if (isDigit(code) || (char === "-" && isDigit(text.charCodeAt(at + 1)))) {
      NUMBER.lastIndex = at;
      const match = NUMBER.exec(text)!;
      tokens.push({ kind: "number", text: match[0], value: match[0], start: at, end: at + match[0].length });
      at += match[0].length;
      continue;
    }
    if (isNameStart(code)) {
      const start = at;
      at++;
      while (at < text.length && isNamePart(text.charCodeAt(at))) at++;
      // A name never ends with "-": `a-` followed by a digit or a letter is one name, a trailing dash is not.
      while (at - 1 > start && text[at - 1] === "-") at--;
      tokens.push({ kind: "name", text: text.slice(start, at), start, end: at });
      continue;
    }
    const width = code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
    fail("unexpectedCharacter", { char: text.slice(at, at + width) }, at, at + width);
    tokens.push({ kind: "name", text: text.slice(at, at + width), start: at, end: at + width, invalid: true });
    at += width;
  }
  tokens.push({ kind: "end", text: "", start: text.length, end: text.length });
  return tokens;
}

/** How a token is named in a message. */
function describeToken(token: Token): string {
  if (token.kind === "end") return "the end of the schema";
  return JSON.stringify(token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text);
}

/** The named type a misspelt name most likely meant, if any is close enough. */
export function suggestType(name: string): string | undefined {
  const lower = name.toLowerCase();
  const alias = ALIASES[lower];
  if (alias !== undefined) return alias;
  let best: string | undefined;
  let bestDistance = Infinity;
  // Misspellings of a named type or of an alias (flot is float, which is number).
  const candidates: [string, string][] = [...Object.keys(NAMED_TYPES).map((known): [string, string] => [known.toLowerCase(), known]), ...Object.entries(ALIASES)];
  for (const [spelling, known] of candidates) {
    if (Math.abs(lower.length - spelling.length) > 3) continue;
    const edits = distance(lower, spelling);
    const allowed = Math.max(1, Math.floor(Math.min(lower.length, spelling.length) / 3));
    if (edits <= allowed && edits < bestDistance) {
      best = known;
      bestDistance = edits;
    }
  }
  return best;
}

/** The literal value of a token that is one, with its JSON Schema type. */
type Literal = { value: string | number | boolean | null; key: string };

class Parser {
  readonly findings: NotationFinding[] = [];
  readonly fields: NotationField[] = [];
  #tokens: Token[] = [];
  #index = 0;
  readonly #map: OffsetMapper;

  constructor(
    readonly text: string,
    map: OffsetMapper,
  ) {
    this.#map = map;
  }

  report(messageId: NotationMessageId, data: Record<string, string>, start: number, end: number, suggestion?: string): void {
    const finding: NotationFinding = {
      messageId,
      data,
      message: formatMessage(NOTATION_MESSAGES[messageId], data),
      start: this.#map(start),
      end: this.#map(Math.max(start, end)),
    };
    if (suggestion !== undefined) finding.suggestion = suggestion;
    this.findings.push(finding);
  }

  /** Records a syntax error and stops: what follows cannot be read reliably. */
  stop(messageId: NotationMessageId, data: Record<string, string>, token: Token, suggestion?: string): never {
    this.report(messageId, data, token.start, token.end, suggestion);
    throw new StopParse();
  }

  start(): void {
    this.#tokens = tokenize(this.text, (id, data, start, end) => this.report(id, data, start, end));
    this.#index = 0;
  }

  peek(): Token {
    return this.#tokens[this.#index]!;
  }

  next(): Token {
    const token = this.#tokens[this.#index]!;
    if (token.kind !== "end") this.#index++;
    return token;
  }

  isPunct(token: Token, text: string): boolean {
    return token.kind === "punct" && token.text === text;
  }

  /** The last token before the end, for "add } after ..." hints. */
  lastToken(): Token | undefined {
    return this.#tokens.length >= 2 ? this.#tokens[this.#tokens.length - 2] : undefined;
  }

  /** An unclosed bracket at the end of the text: reported at the opening one. */
  unclosed(open: Token): never {
    const last = this.lastToken();
    this.stop("unclosed", { open: open.text, close: CLOSERS[open.text]!, last: last ? describeToken(last) : "it" }, open, CLOSERS[open.text]);
  }

  /** type := member ("|" member)* */
  parseType(depth: number): JsonSchema {
    const members: { schema: JsonSchema; literal?: Literal; token: Token }[] = [];
    for (;;) {
      const token = this.peek();
      const literal = this.literalOf(token);
      members.push({ schema: this.parsePostfix(depth), ...(literal ? { literal } : {}), token });
      if (!this.isPunct(this.peek(), "|")) break;
      this.next();
    }
    if (members.length === 1) return members[0]!.schema;
    // A union of plain literals is an enum; anything else (named types, arrays, objects) an anyOf.
    const plainLiterals = members.every((m) => m.literal && m.schema.enum !== undefined && (m.schema.enum as unknown[]).length === 1 && Object.keys(m.schema).length === 1);
    if (plainLiterals) {
      const seen = new Set<string>();
      const values: unknown[] = [];
      for (const member of members) {
        const literal = member.literal!;
        if (seen.has(literal.key)) {
          this.report("duplicateLiteral", { literal: member.token.text }, member.token.start, member.token.end);
          continue;
        }
        seen.add(literal.key);
        values.push(literal.value);
      }
      return { enum: values };
    }
    return { anyOf: members.map((m) => m.schema) };
  }

  literalOf(token: Token): Literal | undefined {
    if (token.kind === "string" && !token.unterminated) return { value: token.value!, key: `s:${token.value}` };
    if (token.kind === "number") return { value: Number(token.value), key: `n:${Number(token.value)}` };
    if (token.kind === "name" && (token.text === "true" || token.text === "false")) return { value: token.text === "true", key: `b:${token.text}` };
    if (token.kind === "name" && token.text === "null") return { value: null, key: "null" };
    return undefined;
  }

  /** postfix := primary ("[" "]")* */
  parsePostfix(depth: number): JsonSchema {
    let schema = this.parsePrimary(depth);
    // Each [] nests the type one level deeper: string[][]... counts against the same limit as braces.
    let nested = depth;
    while (this.isPunct(this.peek(), "[")) {
      if (++nested > MAX_NOTATION_DEPTH) this.stop("tooDeep", { limit: String(MAX_NOTATION_DEPTH) }, this.peek());
      const open = this.next();
      const close = this.peek();
      if (close.kind === "end") this.unclosed(open);
      if (!this.isPunct(close, "]")) this.stop("expectedTypeArgument", { found: describeToken(close) }, close, "]");
      this.next();
      schema = { type: "array", items: schema };
    }
    return schema;
  }

  parsePrimary(depth: number): JsonSchema {
    const token = this.peek();
    if (depth > MAX_NOTATION_DEPTH) this.stop("tooDeep", { limit: String(MAX_NOTATION_DEPTH) }, token);
    if (token.kind === "end") this.stop("expectedType", { found: describeToken(token) }, token);
    if (token.kind === "punct") {
      if (token.text === "{") return this.parseObject(depth + 1);
      if (token.text === "(") {
        const open = this.next();
        const inner = this.parseType(depth + 1);
        const close = this.peek();
        if (close.kind === "end") this.unclosed(open);
        if (!this.isPunct(close, ")")) this.stop("expectedType", { found: describeToken(close) }, close, ")");
        this.next();
        return inner;
      }
      if (token.text === "}" || token.text === ")" || token.text === "]" || token.text === ">") {
        this.stop("expectedType", { found: describeToken(token) }, token);
      }
      this.stop("expectedType", { found: describeToken(token) }, token);
    }
    if (token.kind === "string") {
      this.next();
      if (token.unterminated) {
        const quote = token.text[0]!;
        this.stop("unterminatedString", { literal: token.text, quote }, token, quote);
      }
      return { enum: [token.value!] };
    }
    if (token.kind === "number") {
      this.next();
      return { enum: [Number(token.value)] };
    }
    // A name: a keyword literal, Array<T>, or a named type.
    this.next();
    if (token.invalid) return {};
    const literal = this.literalOf(token);
    if (literal) return { enum: [literal.value] };
    if (token.text === "Array" && this.isPunct(this.peek(), "<")) {
      const open = this.next();
      const items = this.parseType(depth + 1);
      const close = this.peek();
      if (close.kind === "end") this.unclosed(open);
      if (!this.isPunct(close, ">")) this.stop("expectedTypeArgument", { found: describeToken(close) }, close, ">");
      this.next();
      return { type: "array", items };
    }
    const named = Object.prototype.hasOwnProperty.call(NAMED_TYPES, token.text) ? NAMED_TYPES[token.text] : undefined;
    if (named) return { ...named };
    const suggestion = suggestType(token.text);
    if (suggestion !== undefined) this.report("unknownType", { name: token.text, suggestion }, token.start, token.end, suggestion);
    else this.report("unknownTypeList", { name: token.text, known: Object.keys(NAMED_TYPES).join(", ") }, token.start, token.end);
    return {};
  }

  /** object := "{" (field (("," | ";") field)* ("," | ";")?)? "}" */
  parseObject(depth: number, top = false): JsonSchema {
    const open = this.next();
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const seen = new Set<string>();
    for (;;) {
      let token = this.peek();
      if (token.kind === "end") this.unclosed(open);
      if (this.isPunct(token, "}")) {
        this.next();
        break;
      }
      if (token.kind !== "name" && token.kind !== "string") this.stop("expectedField", { found: describeToken(token) }, token);
      if (token.kind === "string" && token.unterminated) {
        this.stop("unterminatedString", { literal: token.text, quote: token.text[0]! }, token, token.text[0]);
      }
      const nameToken = this.next();
      const name = nameToken.kind === "string" ? nameToken.value! : nameToken.text;
      let optional = false;
      token = this.peek();
      if (this.isPunct(token, "?")) {
        optional = true;
        this.next();
        token = this.peek();
      }
      if (!this.isPunct(token, ":")) {
        if (token.kind === "end") this.unclosed(open);
        this.stop("expectedColon", { name, found: describeToken(token) }, token, ":");
      }
      this.next();
      const schema = this.parseType(depth);
      if (seen.has(name)) {
        this.report("duplicateField", { name }, nameToken.start, nameToken.end);
      } else {
        seen.add(name);
        // Own data property even for "__proto__": the schema is plain data.
        Object.defineProperty(properties, name, { value: schema, enumerable: true, writable: true, configurable: true });
        if (!optional) required.push(name);
        if (top) this.fields.push({ name, optional, start: this.mapStart(nameToken), end: this.mapEnd(nameToken) });
      }
      token = this.peek();
      if (this.isPunct(token, ",") || this.isPunct(token, ";")) {
        this.next();
        continue;
      }
      if (this.isPunct(token, "}")) continue;
      if (token.kind === "end") this.unclosed(open);
      this.stop("expectedSeparator", { name, found: describeToken(token) }, token, ",");
    }
    const schema: JsonSchema = { type: "object", properties };
    if (required.length > 0) schema.required = required;
    schema.additionalProperties = false;
    return schema;
  }

  mapStart(token: Token): number {
    return this.#map(token.start);
  }

  mapEnd(token: Token): number {
    return this.#map(token.end);
  }

  /** Reports the first token after a complete type, if any. */
  expectEnd(): void {
    const token = this.peek();
    if (token.kind === "end") return;
    if (token.kind === "punct" && (token.text === "}" || token.text === ")" || token.text === "]" || token.text === ">")) {
      this.stop("unmatchedClose", { close: token.text }, token);
    }
    this.stop("trailing", { found: describeToken(token) }, token);
  }
}

function mapperOf(at: NotationOptions["at"]): OffsetMapper {
  if (typeof at === "function") return at;
  const base = at ?? 0;
  return (index) => base + index;
}

function run(text: string, options: NotationOptions, body: (parser: Parser) => JsonSchema): NotationResult {
  const parser = new Parser(text, mapperOf(options.at));
  let schema: JsonSchema | undefined;
  try {
    parser.start();
    schema = body(parser);
    parser.expectEnd();
  } catch (error) {
    if (!(error instanceof StopParse)) throw error;
    schema = undefined;
  }
  const findings = parser.findings.sort((a, b) => a.start - b.start || a.end - b.end);
  const result: NotationResult = { findings, fields: parser.fields };
  if (schema && findings.length === 0) result.schema = schema;
  return result;
}

/**
 * Parses a contract's notation string: an object type `{ field: type, ... }`, compiled to an
 * object schema with `additionalProperties: false` and its non-optional fields `required`.
 */
export function parseNotation(text: string, options: NotationOptions = {}): NotationResult {
  return run(text, options, (parser) => {
    const first = parser.peek();
    if (first.kind === "end") parser.stop("empty", {}, { ...first, start: 0, end: text.length });
    if (!parser.isPunct(first, "{")) {
      // Parse the type anyway, so that an unknown name is reported as such, then refuse it.
      const before = parser.findings.length;
      parser.parseType(0);
      if (parser.findings.length === before) {
        const end = parser.peek().kind === "end" ? text.trimEnd().length : parser.peek().start;
        parser.stop("notObject", { found: JSON.stringify(text.slice(first.start, end).trim()) }, { ...first, end });
      }
      throw new StopParse();
    }
    const schema = parser.parseObject(1, true);
    if (parser.isPunct(parser.peek(), "[") || parser.isPunct(parser.peek(), "|")) {
      const token = parser.peek();
      parser.stop("notObject", { found: `an ${token.text === "[" ? "array" : "union"}` }, token);
    }
    return schema;
  });
}

/** Parses one type expression (a field's type in a `fields:` list): any type, not only an object. */
export function parseNotationType(text: string, options: NotationOptions = {}): NotationResult {
  return run(text, options, (parser) => {
    const first = parser.peek();
    if (first.kind === "end") parser.stop("expectedType", { found: describeToken(first) }, { ...first, start: 0, end: text.length });
    return parser.parseType(0);
  });
}
