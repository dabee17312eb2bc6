/**
 * Parses a Markdown mission with mdast-util-from-markdown (micromark, CommonMark, positions on
 * every node) and reads it as a mission document. Hostile input is refused before the parser
 * sees it: nesting of block quotes and lists deeper than the limit (the parser's cost grows
 * with the square of that depth on every line).
 */
import { createRequire } from "node:module";
import type { Root } from "mdast";
import type { ParseError } from "../parse-messages.js";
import type { LoadLimits } from "../source-document.js";
import { readInterop } from "./interop-markdown.js";
import { readMarkdownMission, type MarkdownMission } from "./mission-markdown.js";

/** Deepest nesting of block quotes and list items a Markdown mission may have, whatever `maxDepth` allows. */
export const MAX_MARKDOWN_NESTING = 16;

type FromMarkdown = (value: string) => Root;
let parser: FromMarkdown | undefined;

/** The parser, loaded on the first Markdown file (most bundles have none). */
function fromMarkdown(): FromMarkdown {
  parser ??= (createRequire(import.meta.url)("mdast-util-from-markdown") as { fromMarkdown: FromMarkdown }).fromMarkdown;
  return parser;
}

/** A Markdown mission read, or why it cannot be. */
export type MarkdownRead = { ok: true; mission: MarkdownMission } | { ok: false; error: ParseError };

/**
 * The first line whose block quote and list markers nest deeper than `limit`: a rough count
 * (each `>` and each list marker at the start of a line, and every two columns of indentation
 * before a list marker).
 */
function tooDeepAt(text: string, limit: number): { start: number; end: number } | undefined {
  const line = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*/gm;
  for (let match = line.exec(text); match !== null; match = line.exec(text)) {
    if (match[0].length === 0) {
      line.lastIndex++;
      continue;
    }
    let depth = 0;
    let columns = 0;
    let marked = false;
    for (const char of match[0]) {
      if (char === ">") depth++;
      else if (char === " " || char === "\t") columns += marked ? 0 : char === " " ? 1 : 4;
      else if (char === "-" || char === "*" || char === "+" || char === "." || char === ")") {
        depth++;
        marked = true;
      }
    }
    // Indentation before a list marker nests it under the items above (two columns a level at least).
    if (marked) depth += Math.floor(columns / 2);
    if (depth > limit) return { start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

/** Parses and reads a Markdown mission; `file` names the mission (its id is the file's name). */
export function readMarkdown(file: string, text: string, limits: LoadLimits): MarkdownRead {
  const limit = Math.min(limits.maxDepth, MAX_MARKDOWN_NESTING);
  const deep = tooDeepAt(text, limit);
  if (deep) return { ok: false, error: { id: "tooDeep", data: { limit }, start: deep.start, end: deep.end } };
  let tree: Root;
  try {
    tree = fromMarkdown()(text);
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, error: { id: "stackOverflow", start: 0, end: 0 } };
    throw error;
  }
  // A tasks.md is GitHub spec-kit's task list, a document with `### Requirement:` headings an OpenSpec spec.
  return { ok: true, mission: readInterop(tree, text, file) ?? readMarkdownMission(tree, text, file) };
}
