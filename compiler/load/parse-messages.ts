import { formatMessage } from "../diagnostics.js";

/**
 * Why a document does not load (findings of topic `document`), keyed by id; call sites refer
 * to ids, never to free text. `protocol/parse` takes these as its messages.
 */
export const PARSE_MESSAGES = {
  /** The host could not give the bytes; it words why (missing, too large, outside the root). */
  readFailure: "{{message}}",
  empty: "file is empty",
  tooLarge: "file is {{size}} bytes, over the limit of {{limit}} bytes",
  invalidUtf8: "file is not valid UTF-8: the byte here cannot be decoded",
  tooDeep: "nesting is deeper than the limit of {{limit}} levels",
  stackOverflow: "nesting is too deep to load here",
  duplicateKey: 'duplicate key "{{key}}": it is already defined on line {{line}}',
  unexpectedCharacter: "unexpected character {{found}}, expected {{expected}}",
  unexpectedEnd: "unexpected end of file, expected {{expected}}",
  trailingContent: "unexpected character {{found}} after the end of the document",
  unterminatedString: "unterminated string",
  controlInString: "unescaped control character {{found}} in a string",
  invalidEscape: "invalid escape sequence in a string",
  invalidNumber: "invalid number {{found}}",
  yamlSyntax: "invalid YAML: {{reason}}",
  yamlTag: "YAML tag {{tag}} is not allowed: only plain data (strings, numbers, booleans, null, lists, maps)",
  yamlTagDirective: "YAML %TAG directives are not allowed",
  yamlAliases: "YAML aliases are not allowed",
  yamlTooManyAliases: "YAML aliases expand to more than {{limit}} nodes",
  yamlMultiDocument: "one document per file: this YAML stream holds more than one",
  yamlComplexKey: "YAML keys must be scalars, not lists or maps",
  yamlFailure: "YAML could not be loaded: {{reason}}",
} as const;

/** The id of a parse message. */
export type ParseMessageId = keyof typeof PARSE_MESSAGES;

/** Values filling a parse message's placeholders. */
export type ParseMessageData = Readonly<Record<string, string | number>>;

/** A parse failure before it becomes a finding: message id, data and a UTF-16 span. */
export interface ParseError {
  id: ParseMessageId;
  data?: ParseMessageData;
  start: number;
  end: number;
}

/** Renders a parse message. */
export function parseMessage(id: ParseMessageId, data?: ParseMessageData): string {
  return formatMessage(PARSE_MESSAGES[id], data);
}

/** Shows a character in a message: quoted when printable, as `U+XXXX` otherwise. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0xfeff) {
    return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return `'${char}'`;
}
