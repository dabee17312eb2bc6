import { CompletionItemKind, type CompletionItem, type Position } from "vscode-languageserver/node";
import { own } from "../../compiler/guards.js";
import { BUILT_IN_GUARDRAILS, declaredGuardrails, type GuardrailGroup } from "../../compiler/guardrail-names.js";
import type { BundleSession } from "./bundle-session.js";
import { pathAt } from "./document-paths.js";
import { fromLspPosition } from "./lsp-ranges.js";
import { enumForKey, schemaField } from "./schema-fields.js";
import { cursorContext } from "./text-context.js";

const VALUE = CompletionItemKind.Value;
const REFERENCE = CompletionItemKind.Reference;
const ENUM_MEMBER = CompletionItemKind.EnumMember;

function items(labels: readonly string[], kind: CompletionItemKind, detail: string): CompletionItem[] {
  return [...new Set(labels)].sort().map((label) => ({ label, kind, detail }));
}

/**
 * What may be typed at the cursor: phase ids in `depends_on`/`unblocks`, layer ids in an
 * `allow` entry, guardrail names (the protocol's and the manifest's) in a `guardrails` list,
 * and the values of an enum field (`stage`, `priority`, `kind`, ...). Read from the text, so it
 * works while the document does not parse.
 */
export function completion(session: BundleSession, rel: string, text: string, offset: number, position: Position): CompletionItem[] {
  const context = cursorContext(text, offset);
  if (!context) return [];
  const kind = session.kindOf(rel);
  const bundle = session.result.bundle;
  const manifest = bundle?.manifest.valid ? bundle.manifest.data : undefined;
  if (kind === "phase" && (context.key === "depends_on" || context.key === "unblocks")) {
    const own_ = own(own(session.document(rel)?.value, "phase_meta"), "phase_id");
    const ids = (bundle?.phases ?? []).map((phase) => own(own(phase.data, "phase_meta"), "phase_id")).filter((id): id is string => typeof id === "string" && id !== own_);
    return items(ids, REFERENCE, "phase");
  }
  if (kind === "manifest" && (context.key === "from" || context.key === "to")) {
    const layers = own(bundle?.manifest.data, "layers");
    const ids = Array.isArray(layers) ? layers.map((layer) => own(layer, "id")).filter((id): id is string => typeof id === "string") : [];
    return items(ids, REFERENCE, "layer");
  }
  if (kind === "phase" && (context.key === "runtime_gate" || context.key === "policy_gate" || context.key === "audit_trace")) {
    const group = context.key as GuardrailGroup;
    return [...items(BUILT_IN_GUARDRAILS[group], VALUE, `${group} (protocol)`), ...items(declaredGuardrails(manifest, group), VALUE, `${group} (declared in the manifest)`)];
  }
  const document = session.document(rel);
  const place = document ? pathAt(document, fromLspPosition(position)) : undefined;
  const values = (place && schemaField(kind, place.path)?.enum) ?? enumForKey(kind, context.key);
  return values ? items(values.map(String), ENUM_MEMBER, context.key) : [];
}
