import type { SourceRange } from "../diagnostics.js";

/**
 * Maps UTF-16 offsets of a text to 1-based line and column. Lines end at `\n` (so CRLF
 * text keeps the `\r` as the line's last column); columns count UTF-16 code units, as VS
 * Code and SARIF's default `utf16CodeUnits` column kind do.
 */
export class LineIndex {
  readonly #text: string;
  #starts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** Offsets where each line starts, built on first use. */
  #lineStarts(): number[] {
    if (this.#starts) return this.#starts;
    const starts = [0];
    const text = this.#text;
    let at = text.indexOf("\n");
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf("\n", at + 1);
    }
    return (this.#starts = starts);
  }

  /** The 1-based line and column of an offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const starts = this.#lineStarts();
    const at = Math.max(0, Math.min(offset, this.#text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - starts[low]! + 1 };
  }

  /** The range between two offsets; an inverted or empty span becomes a point. */
  range(start: number, end: number): SourceRange {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /** The range from `start` to the end of its line (without the line break). */
  restOfLine(start: number): SourceRange {
    const text = this.#text;
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    return this.range(start, end);
  }
}
