import type { SourceRange } from "../public-api.js";
import { sanitizeForTerminal, type Paint } from "./ansi.js";

/** Widest slice of a source line shown; longer lines are cut to a window around the range. */
const MAX_LINE_WIDTH = 120;
/** Source lines shown before and after the offending one. */
const CONTEXT_LINES = 1;

/** Splits source text into lines the way the parsers count them (`\n` or `\r\n`). */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The part of a long line that is shown, and where the underline falls inside it. */
interface Window {
  text: string;
  start: number;
  end: number;
}

/** Cuts `line` to at most MAX_LINE_WIDTH characters around [start, end), marking cuts with `…`. */
function windowOf(line: string, start: number, end: number): Window {
  if (line.length <= MAX_LINE_WIDTH) return { text: line, start, end };
  const from = Math.max(0, Math.min(start - Math.floor(MAX_LINE_WIDTH / 3), line.length - MAX_LINE_WIDTH));
  const to = from + MAX_LINE_WIDTH;
  const head = from > 0 ? "…" : "";
  const tail = to < line.length ? "…" : "";
  const shift = head.length - from;
  return { text: head + line.slice(from, to) + tail, start: start + shift, end: Math.min(end, to) + shift };
}

/** Whitespace that lines the underline up with `prefix` (tabs kept, everything else a space). */
function padFor(prefix: string): string {
  return prefix.replace(/[^\t]/g, " ");
}

/**
 * Renders the lines around `range` in `text` with a line-number gutter, a `>` on the
 * offending line and a `^` underline under the range (to the end of the line when the
 * range spans lines). Returns no lines when the range lies outside the text.
 */
export function codeFrame(text: string, range: SourceRange, paint: Paint, markStyle: "red" | "yellow"): string[] {
  const lines = splitLines(text);
  const index = range.line - 1;
  const line = lines[index];
  if (line === undefined || index < 0) return [];
  // The empty string after a final newline is not a line of its own unless the range points there.
  const lastLine = lines.length > 1 && lines[lines.length - 1] === "" && index < lines.length - 1 ? lines.length - 2 : lines.length - 1;
  const first = Math.max(0, index - CONTEXT_LINES);
  const last = Math.min(lastLine, index + CONTEXT_LINES);
  const gutterWidth = String(last + 1).length;
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const isTarget = i === index;
    const source = lines[i] ?? "";
    const start = Math.min(Math.max(range.column - 1, 0), source.length);
    const rawEnd = range.endLine === range.line ? range.endColumn - 1 : source.length;
    const end = Math.max(start + 1, Math.min(rawEnd, source.length));
    const shown = isTarget ? windowOf(source, start, end) : windowOf(source, 0, 0);
    const marker = isTarget ? paint(">", markStyle, "bold") : " ";
    const gutter = paint(`${String(i + 1).padStart(gutterWidth)} |`, "dim");
    const body = sanitizeForTerminal(shown.text);
    out.push(`${marker} ${gutter}${body === "" ? "" : ` ${body}`}`);
    if (isTarget) {
      const lead = padFor(sanitizeForTerminal(shown.text.slice(0, shown.start)));
      const carets = "^".repeat(Math.max(1, shown.end - shown.start));
      out.push(`  ${paint(`${" ".repeat(gutterWidth)} |`, "dim")} ${lead}${paint(carets, markStyle, "bold")}`);
    }
  }
  return out;
}
