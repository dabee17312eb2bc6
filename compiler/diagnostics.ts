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

/** Values filling a message's `{{name}}` placeholders. */
export type MessageData = Readonly<Record<string, string | number>>;

/**
 * What a finding says, by message id: `message` is the template of `messageId` in a message
 * catalogue, filled with `data`. Rules take their templates from their own `messages`; a
 * stage from its catalogue, which the rule that owns the stage's topic shares (the final step
 * refuses a finding whose id its rule's catalogue lacks).
 */
export interface FindingText {
  messageId: string;
  message: string;
  data?: MessageData;
}

/**
 * What a pipeline stage itself reports (a file that does not load, a manifest that is
 * missing, a suppression that suppresses nothing, a policy that cannot be loaded or run), by
 * topic: the stages know no rule id. The final step gives each topic to the rule that declares
 * it (`RuleMeta.topic`).
 */
export type StageTopic = "document" | "manifest" | "suppression" | "policy-load" | "policy-eval";

/** Where a finding points and how severe it is, whoever reports it. */
export interface FindingTarget {
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

/**
 * What a rule reports before positions are known: the source range is resolved from `path`
 * only when the finding survives configuration, so files without findings are never mapped.
 */
export interface Finding extends FindingText, FindingTarget {
  ruleId: string;
}

/** A finding of a stage, before the final step names its rule. */
export interface StageFinding extends FindingText, FindingTarget {
  topic: StageTopic;
}

/** Either kind of finding, as the final step takes them. */
export type AnyFinding = Finding | StageFinding;

/** A finding of `topic` with the message `messageId` of `catalogue`. */
export function stageFinding<M extends string>(
  topic: StageTopic,
  catalogue: Readonly<Record<M, string>>,
  messageId: NoInfer<M>,
  target: FindingTarget,
  data?: MessageData,
): StageFinding {
  return { topic, messageId, message: formatMessage(catalogue[messageId], data), ...(data ? { data } : {}), ...target };
}

/** A diagnostic as every output format sees it (INTERFACE §4, plus the end of the range). */
export interface Diagnostic extends SourceRange {
  ruleId: string;
  /**
   * The key of `message` in the rule's `messages`: what tests assert. Set on every diagnostic
   * of `check` and `validate`; diagnostics of other tools (`lint`) may lack it.
   */
  messageId?: string;
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
export function formatMessage(template: string, data: MessageData = {}): string {
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
