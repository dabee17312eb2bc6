/**
 * Parses TypeScript source for the code model, refusing what the TypeScript parser, binder
 * and checker cannot take without overflowing the stack. They are recursive descent: about
 * 700 nested brackets, or a few hundred levels of call chains, exhaust Node's default stack.
 * The limits here are fixed, so that a file is refused on every machine or on none, and far
 * above what written code needs; a refused file is reported where the limit is crossed.
 */
import type * as ts from "typescript";
import type { SourceRange } from "../diagnostics.js";
import type { TypeScriptApi } from "./code-host.js";

/** Brackets (`(`, `[`, `{`, `${`) nested deeper than this are not handed to the parser. */
export const MAX_BRACKET_DEPTH = 256;

/**
 * Syntax nodes nested deeper than this are not analysed. Operands of binary operators do not
 * count: TypeScript walks chains such as `a + b + … + z` without recursion.
 */
export const MAX_SYNTAX_DEPTH = 400;

/** Why a file was refused: too many brackets, too deep a syntax tree, or a stack overflow all the same. */
export type RefusalKind = "brackets" | "syntax" | "overflow";

/** A file the code model does not analyse, and where the limit was crossed. */
export interface CodeRefusal {
  kind: RefusalKind;
  /** The limit crossed (0 for `overflow`). */
  limit: number;
  range: SourceRange;
}

/** A parsed file, or why it was not parsed. */
export type ParsedCode = { ok: true; source: ts.SourceFile } | { ok: false; refusal: CodeRefusal };

/** Whether an error is the engine's stack overflow (a `RangeError` of its own wording). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** The 1-based position of `offset` in `text`, as a one-character range. */
function rangeAt(text: string, offset: number): SourceRange {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = offset - lineStart + 1;
  return { line, column, endLine: line, endColumn: column + 1 };
}

const IDENTIFIER_CHAR = /[\p{ID_Continue}$\u200c\u200d]/u;

/** Whether the character at `i` continues an identifier: ASCII decided by code, the rest by the Unicode class. */
function isIdentifierChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
  return IDENTIFIER_CHAR.test(text[i]!);
}

/** Keywords after which a `/` starts a regular expression, not a division. */
const REGEX_AFTER_WORD = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

/**
 * The offset of the first bracket nested deeper than `limit`, or -1. A linear scan that skips
 * comments, strings, template text and regular expression literals (told from a division by
 * the token before the slash, as editors do), so brackets inside them do not count.
 */
export function deepBracketOffset(text: string, limit = MAX_BRACKET_DEPTH): number {
  let depth = 0;
  /** For each open template substitution, the bracket depth at its `${`. */
  const templates: number[] = [];
  /** Whether a `/` here would start a regular expression. */
  let regexAllowed = true;
  let i = 0;
  const n = text.length;
  /** Opens a bracket; true when that goes past the limit. */
  const open = (): boolean => {
    depth++;
    regexAllowed = true;
    return depth > limit;
  };
  const skipTemplateText = (): boolean => {
    // At the character after "`" or "}": runs to the closing "`" (false) or to a "${" (true).
    while (i < n) {
      const ch = text[i]!;
      if (ch === "\\") i += 2;
      else if (ch === "`") {
        i++;
        return false;
      } else if (ch === "$" && text[i + 1] === "{") {
        i += 2;
        return true;
      } else i++;
    }
    return false;
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (ch === '"' || ch === "'") {
      i++;
      while (i < n && text[i] !== ch && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      i++;
      regexAllowed = false;
    } else if (ch === "`") {
      const at = i;
      i++;
      if (skipTemplateText()) {
        templates.push(depth);
        if (open()) return at;
      } else regexAllowed = false;
    } else if (ch === "/" && regexAllowed) {
      i++;
      let inClass = false;
      while (i < n && text[i] !== "\n") {
        const c = text[i]!;
        if (c === "\\") i++;
        else if (c === "[") inClass = true;
        else if (c === "]") inClass = false;
        else if (c === "/" && !inClass) break;
        i++;
      }
      i++;
      while (i < n && isIdentifierChar(text, i)) i++;
      regexAllowed = false;
    } else if (ch === "(" || ch === "[" || ch === "{") {
      if (open()) return i;
      i++;
    } else if (ch === ")" || ch === "]" || ch === "}") {
      if (ch === "}" && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
        templates.pop();
        depth--;
        i++;
        if (skipTemplateText()) {
          templates.push(depth);
          if (open()) return i - 2;
        } else regexAllowed = false;
        continue;
      }
      if (depth > 0) depth--;
      i++;
      regexAllowed = ch === "}";
    } else if (isIdentifierChar(text, i)) {
      const start = i;
      while (i < n && isIdentifierChar(text, i)) i++;
      regexAllowed = REGEX_AFTER_WORD.has(text.slice(start, i));
    } else if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
    } else {
      // Operators and punctuation: a slash after them starts a regular expression.
      i++;
      regexAllowed = true;
    }
  }
  return -1;
}

/**
 * The first node nested deeper than `limit` (operands of binary expressions at their
 * operator's depth), or undefined. Iterative: the tree may be as deep as the parser allows.
 */
export function deepSyntaxNode(api: TypeScriptApi, source: ts.SourceFile, limit = MAX_SYNTAX_DEPTH): ts.Node | undefined {
  // Parallel arrays, not an object per node: this walks every node of every file.
  const nodes: ts.Node[] = [source];
  const depths: number[] = [0];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): void => {
    children.push(child);
  };
  const binary = api.SyntaxKind.BinaryExpression;
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return node;
    const childDepth = node.kind === binary ? depth : depth + 1;
    api.forEachChild(node, collect);
    while (children.length > 0) {
      nodes.push(children.pop()!);
      depths.push(childDepth);
    }
  }
  return undefined;
}

/**
 * Parses a file (syntax only) unless it nests deeper than the limits: brackets are counted
 * in the text before parsing, syntax depth in the tree after. A stack overflow that the
 * limits did not foresee refuses the file too, at its start.
 */
export function parseCode(api: TypeScriptApi, fileName: string, text: string, target: ts.ScriptTarget, kind?: ts.ScriptKind): ParsedCode {
  const bracket = deepBracketOffset(text);
  if (bracket >= 0) return { ok: false, refusal: { kind: "brackets", limit: MAX_BRACKET_DEPTH, range: rangeAt(text, bracket) } };
  let source: ts.SourceFile;
  try {
    source = api.createSourceFile(fileName, text, target, false, kind);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    return { ok: false, refusal: { kind: "overflow", limit: 0, range: rangeAt(text, 0) } };
  }
  const deep = deepSyntaxNode(api, source);
  if (deep) return { ok: false, refusal: { kind: "syntax", limit: MAX_SYNTAX_DEPTH, range: rangeAt(text, deep.getStart(source)) } };
  return { ok: true, source };
}
