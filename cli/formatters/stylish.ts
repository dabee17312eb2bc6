import type { Diagnostic } from "../public-api.js";
import { painter, sanitizeForTerminal, type Paint } from "./ansi.js";
import { codeFrame } from "./code-frame.js";
import { displayPath } from "./display-path.js";
import type { Formatter, FormatterInput } from "./formatter.js";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Groups diagnostics by file, keeping the order they come in (already sorted by file). */
function byFile(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const group = groups.get(d.file);
    if (group) group.push(d);
    else groups.set(d.file, [d]);
  }
  return groups;
}

function oneLine(message: string): string {
  return sanitizeForTerminal(message.replace(/\s*\r?\n\s*/g, " "));
}

function sameRange(a: Diagnostic, b: Diagnostic): boolean {
  return a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn;
}

function fileBlock(file: string, diagnostics: readonly Diagnostic[], input: FormatterInput, basePath: string, paint: Paint): string[] {
  const out = [paint(sanitizeForTerminal(displayPath(file, basePath)), "underline")];
  const positions = diagnostics.map((d) => `${d.line}:${d.column}`);
  const positionWidth = Math.max(...positions.map((p) => p.length));
  const severityWidth = diagnostics.some((d) => d.severity === "warning") ? "warning".length : "error".length;
  const text = input.documents.get(file)?.text;
  diagnostics.forEach((d, i) => {
    const style = d.severity === "error" ? "red" : "yellow";
    const position = paint(positions[i]!.padEnd(positionWidth), "dim");
    const severity = paint(d.severity.padEnd(severityWidth), style);
    out.push(`  ${position}  ${severity}  ${oneLine(d.message)}  ${paint(d.ruleId, "dim")}`);
    // Diagnostics at the very same range share one frame, printed after the last of them.
    const next = diagnostics[i + 1];
    if (next !== undefined && sameRange(d, next)) return;
    if (text !== undefined) {
      const frame = codeFrame(text, d, paint, style);
      if (frame.length > 0) out.push("", ...frame.map((line) => `    ${line}`), "");
    }
  });
  if (out[out.length - 1] !== "") out.push("");
  return out;
}

/**
 * The default, human format: diagnostics grouped under their file (the path relative to the
 * current directory, so terminals and editors can open it), each with a code frame, then a
 * one-line count. Prints nothing when there is nothing to report.
 */
export const stylish: Formatter = (input, options = {}) => {
  if (input.diagnostics.length === 0) return "";
  const paint = painter(options.color ?? false);
  const out: string[] = [];
  for (const [file, diagnostics] of byFile(input.diagnostics)) {
    out.push(...fileBlock(file, diagnostics, input, options.basePath ?? "", paint));
  }
  const { errors, warnings } = input.summary;
  const total = errors + warnings;
  const line = `✖ ${plural(total, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")})`;
  out.push(paint(line, errors > 0 ? "red" : "yellow", "bold"));
  return `${out.join("\n")}\n`;
};
