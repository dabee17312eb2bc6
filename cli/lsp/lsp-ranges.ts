import type { Diagnostic as LspDiagnostic, Position, Range } from "vscode-languageserver/node";
import type { Diagnostic, SourceRange } from "../../compiler/diagnostics.js";
import type { EditorDiagnostic } from "../../compiler/editor/code-actions.js";
import type { Position1 } from "../../compiler/editor/document-paths.js";

/** A spec-kit range (1-based, end exclusive) as LSP's (0-based, end exclusive, UTF-16). */
export function toLspRange(range: SourceRange): Range {
  return { start: { line: range.line - 1, character: range.column - 1 }, end: { line: range.endLine - 1, character: range.endColumn - 1 } };
}

/** An LSP range as spec-kit's (1-based). */
export function fromLspRange(range: Range): SourceRange {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** An LSP position as spec-kit's 1-based one. */
export function fromLspPosition(position: Position): Position1 {
  return { line: position.line + 1, column: position.character + 1 };
}

/** What a published diagnostic carries for the code actions: its rule, message id and message data, and its path. */
export type DiagnosticData = Omit<EditorDiagnostic, keyof SourceRange>;

function isScalarRecord(value: unknown): value is Readonly<Record<string, string | number>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === "string" || typeof item === "number");
}

/**
 * A diagnostic a client sends back (in a code action request) as spec-kit's, from the `data`
 * the server published with it; undefined when it carries none that is well formed (another
 * server's diagnostic, or a client that drops `data`).
 */
export function fromLspDiagnostic(diagnostic: LspDiagnostic): EditorDiagnostic | undefined {
  const data: unknown = diagnostic.data;
  if (typeof data !== "object" || data === null) return undefined;
  const { ruleId, messageId, data: values, path } = data as Record<string, unknown>;
  if (typeof ruleId !== "string") return undefined;
  const out: EditorDiagnostic = { ...fromLspRange(diagnostic.range), ruleId };
  if (typeof messageId === "string") out.messageId = messageId;
  if (isScalarRecord(values)) out.data = values;
  if (Array.isArray(path) && path.every((part) => typeof part === "string" || typeof part === "number")) out.path = path as (string | number)[];
  return out;
}

/** A spec-kit diagnostic as LSP's: code = rule id, source spec-kit, and its data for quick fixes. */
export function toLspDiagnostic(diagnostic: Diagnostic): LspDiagnostic {
  const data: DiagnosticData = { ruleId: diagnostic.ruleId };
  if (diagnostic.messageId !== undefined) data.messageId = diagnostic.messageId;
  if (diagnostic.data !== undefined) data.data = diagnostic.data;
  if (diagnostic.path !== undefined) data.path = diagnostic.path;
  return {
    range: toLspRange(diagnostic),
    severity: diagnostic.severity === "error" ? 1 : 2,
    code: diagnostic.ruleId,
    source: "spec-kit",
    message: diagnostic.message,
    data,
  };
}
