import { pathToFileURL } from "node:url";
import type { CodeAction, Diagnostic as LspDiagnostic, TextEdit } from "vscode-languageserver/node";
import { own } from "../../compiler/guards.js";
import type { BundleSession } from "./bundle-session.js";
import { appendToList, offsetOf, yamlScalar, type TextChange } from "./list-edit.js";
import { toLspRange, type DiagnosticData } from "./lsp-ranges.js";

function edit(change: TextChange): TextEdit {
  return { range: toLspRange(change.range), newText: change.text };
}

function quickFix(title: string, diagnostic: LspDiagnostic, uri: string, edits: TextEdit[]): CodeAction {
  return { title, kind: "quickfix", diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: edits } } };
}

/** The file of the phase `id` in the session's bundle. */
function phaseFile(session: BundleSession, id: string): string | undefined {
  return session.result.bundle?.phases.find((phase) => own(own(phase.data, "phase_meta"), "phase_id") === id)?.document.file;
}

/** "Change to …": the diagnostic's range replaced by its suggestion, quoted as the text there is. */
function renameFix(session: BundleSession, rel: string, diagnostic: LspDiagnostic, suggestion: string): CodeAction | undefined {
  const document = session.document(rel);
  if (!document) return undefined;
  const { start, end } = diagnostic.range;
  const from = offsetOf(document.text, start.line + 1, start.character + 1);
  const quote = document.text[from];
  const text = quote === '"' ? JSON.stringify(suggestion) : quote === "'" ? `'${suggestion.replace(/'/g, "''")}'` : document.format === "json" ? JSON.stringify(suggestion) : yamlScalar(suggestion);
  const uri = pathToFileURL(session.absolute(rel)).href;
  return quickFix(`Change to "${suggestion}"`, diagnostic, uri, [{ range: { start, end }, newText: text }]);
}

/** The missing end of a one-sided dependency edge, appended to the other phase's list. */
function symmetricEdgeFix(session: BundleSession, diagnostic: LspDiagnostic, data: DiagnosticData): CodeAction | undefined {
  const from = String(data.data?.["from"] ?? "");
  const to = String(data.data?.["to"] ?? "");
  const list = data.messageId === "missingDependsOn" ? "depends_on" : "unblocks";
  const file = phaseFile(session, to);
  const document = file ? session.document(file) : undefined;
  const change = document && appendToList(document, ["dependency_graph", list], from);
  if (!file || !change) return undefined;
  return quickFix(`Add ${from} to ${to}'s ${list}`, diagnostic, pathToFileURL(session.absolute(file)).href, [edit(change)]);
}

/** The tenant key appended to the keys of the data model that lacks it. */
function tenantKeyFix(session: BundleSession, rel: string, diagnostic: LspDiagnostic, data: DiagnosticData, path: readonly (string | number)[]): CodeAction | undefined {
  const key = String(data.data?.["key"] ?? "");
  const document = session.document(rel);
  const change = document && key !== "" ? appendToList(document, path, key) : undefined;
  if (!change) return undefined;
  return quickFix(`Add ${key} to the keys of ${String(data.data?.["model"] ?? "the model")}`, diagnostic, pathToFileURL(session.absolute(rel)).href, [edit(change)]);
}

/**
 * Quick fixes for the diagnostics a client sends back (their `data` is what the server
 * published): rename to the suggestion of a "did you mean" message, add the missing end of an
 * asymmetric dependency edge, add the tenant key to a data model.
 */
export function codeActions(session: BundleSession, rel: string, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data || typeof data.ruleId !== "string") continue;
    const suggestion = data.data?.["suggestion"];
    let action: CodeAction | undefined;
    if (typeof suggestion === "string") action = renameFix(session, rel, diagnostic, suggestion);
    else if (data.ruleId === "graph/asymmetric-edge") action = symmetricEdgeFix(session, diagnostic, data);
    else if (data.ruleId === "tenancy/tenant-key" && Array.isArray(data.path)) action = tenantKeyFix(session, rel, diagnostic, data, data.path);
    if (action) actions.push(action);
  }
  return actions;
}
