import type { Diagnostic as LspDiagnostic, Position, Range } from "vscode-languageserver/node";
import type { Diagnostic, SourceRange } from "../../compiler/diagnostics.js";
import type { Position1 } from "./document-paths.js";

/** A spec-kit range (1-based, end exclusive) as LSP's (0-based, end exclusive, UTF-16). */
export function toLspRange(range: SourceRange): Range {
  return { start: { line: range.line - 1, character: range.column - 1 }, end: { line: range.endLine - 1, character: range.endColumn - 1 } };
}

/** An LSP position as spec-kit's 1-based one. */
export function fromLspPosition(position: Position): Position1 {
  return { line: position.line + 1, column: position.character + 1 };
}

/** What a diagnostic carries for the code actions: its rule, message id and message data. */
export interface DiagnosticData {
  ruleId: string;
  messageId?: string;
  data?: Readonly<Record<string, string | number>>;
  /** The JSON path the diagnostic points at. */
  path?: readonly (string | number)[];
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
