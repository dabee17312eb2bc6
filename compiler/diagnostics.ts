/** Severity a diagnostic carries once configuration has been applied. */
export type Severity = "error" | "warning";

/** Severity a rule can be configured to; `off` silences it. */
export type RuleSeverity = Severity | "off";

/** A path into a parsed document: object keys and array indices, from the root. */
export type JsonPath = readonly (string | number)[];

/** A 1-based, inclusive-start/exclusive-end span in a source file. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Whether a location points at an object key or at the value under it. */
export type LocationTarget = "key" | "value";

/**
 * What a stage or a rule reports before positions are known: the source range is resolved
 * from `path` only when the finding survives configuration, so files without findings are
 * never mapped.
 */
export interface Finding {
  ruleId: string;
  message: string;
  /** Relative to the bundle root, `/` separators. */
  file: string;
  /** Where in the document; resolved to a range through the document's locator. */
  path?: JsonPath;
  on?: LocationTarget;
  /** Set when the position is known without a path (parse errors, code locations). */
  range?: SourceRange;
  /** Overrides the rule's default severity (used by meta diagnostics such as unused suppressions). */
  severity?: Severity;
}

/** A diagnostic as every output format sees it (INTERFACE §4, plus the end of the range). */
export interface Diagnostic extends SourceRange {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  path?: JsonPath;
}

/** Counts printed under the diagnostics. */
export interface DiagnosticSummary {
  errors: number;
  warnings: number;
  files: number;
}

/** The range used when a file has no better position (start of file). */
export const START_OF_FILE: SourceRange = Object.freeze({ line: 1, column: 1, endLine: 1, endColumn: 1 });

/** Total order of diagnostics: file, line, column, rule id, message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

/** Code-unit string comparison, independent of locale and ICU data. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts errors and warnings. */
export function summarize(diagnostics: readonly Diagnostic[], files: number): DiagnosticSummary {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings, files };
}

/** Fills `{{name}}` placeholders of a rule message. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole,
  );
}

/** Renders a JSON path the way people write it: `status.completion`, `tests.unit[2]`. */
export function formatPath(path: JsonPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || "(document)";
}
