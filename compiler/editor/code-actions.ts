import type { JsonPath, MessageData, SourceRange } from "../diagnostics.js";
import { own } from "../guards.js";
import { documentOf, type EditorBundle } from "./editor-bundle.js";
import { appendToList, offsetOf, yamlScalar, type TextChange } from "./list-edit.js";

/** A diagnostic as an editor sends it back: where it is, and what the check said (rule, message id and data, path); a check's Diagnostic is one. */
export interface EditorDiagnostic extends SourceRange {
  ruleId: string;
  messageId?: string;
  data?: MessageData;
  path?: JsonPath;
}

/** A quick fix: its title, and the edits of one bundle file that make it. */
export interface QuickFix {
  title: string;
  file: string;
  changes: TextChange[];
}

/** The file of the phase `id` in the bundle. */
function phaseFile(view: EditorBundle, id: string): string | undefined {
  return view.result.bundle?.phases.find((phase) => own(own(phase.data, "phase_meta"), "phase_id") === id)?.document.file;
}

/** "Change to …": the diagnostic's range replaced by its suggestion, quoted as the text there is. */
function renameFix(view: EditorBundle, rel: string, diagnostic: EditorDiagnostic, suggestion: string): QuickFix | undefined {
  const document = documentOf(view, rel);
  if (!document) return undefined;
  const quote = document.text[offsetOf(document.text, diagnostic.line, diagnostic.column)];
  const text = quote === '"' ? JSON.stringify(suggestion) : quote === "'" ? `'${suggestion.replace(/'/g, "''")}'` : document.format === "json" ? JSON.stringify(suggestion) : yamlScalar(suggestion);
  return { title: `Change to "${suggestion}"`, file: rel, changes: [{ range: { line: diagnostic.line, column: diagnostic.column, endLine: diagnostic.endLine, endColumn: diagnostic.endColumn }, text }] };
}

/** The missing end of a one-sided dependency edge, appended to the other phase's list. */
function symmetricEdgeFix(view: EditorBundle, diagnostic: EditorDiagnostic): QuickFix | undefined {
  const from = String(diagnostic.data?.["from"] ?? "");
  const to = String(diagnostic.data?.["to"] ?? "");
  const list = diagnostic.messageId === "missingDependsOn" ? "depends_on" : "unblocks";
  const file = phaseFile(view, to);
  const document = file === undefined ? undefined : documentOf(view, file);
  const change = document && appendToList(document, ["dependency_graph", list], from);
  if (file === undefined || !change) return undefined;
  return { title: `Add ${from} to ${to}'s ${list}`, file, changes: [change] };
}

/** The tenant key appended to the keys of the data model that lacks it. */
function tenantKeyFix(view: EditorBundle, rel: string, diagnostic: EditorDiagnostic, path: JsonPath): QuickFix | undefined {
  const key = String(diagnostic.data?.["key"] ?? "");
  const document = documentOf(view, rel);
  const change = document && key !== "" ? appendToList(document, path, key) : undefined;
  if (!change) return undefined;
  return { title: `Add ${key} to the keys of ${String(diagnostic.data?.["model"] ?? "the model")}`, file: rel, changes: [change] };
}

/**
 * The quick fix of one diagnostic of `rel`, if it has one: rename to the suggestion of a "did
 * you mean" message, add the missing end of an asymmetric dependency edge (in the other
 * phase), add the tenant key to a data model.
 */
export function quickFix(view: EditorBundle, rel: string, diagnostic: EditorDiagnostic): QuickFix | undefined {
  const suggestion = diagnostic.data?.["suggestion"];
  if (typeof suggestion === "string") return renameFix(view, rel, diagnostic, suggestion);
  if (diagnostic.ruleId === "graph/asymmetric-edge") return symmetricEdgeFix(view, diagnostic);
  if (diagnostic.ruleId === "tenancy/tenant-key" && diagnostic.path) return tenantKeyFix(view, rel, diagnostic, diagnostic.path);
  return undefined;
}
