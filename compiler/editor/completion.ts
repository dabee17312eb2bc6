import { compareStrings } from "../diagnostics.js";
import { own } from "../guards.js";
import { BUILT_IN_GUARDRAILS, declaredGuardrails, type GuardrailGroup } from "../guardrail-names.js";
import { documentOf, kindOf, type EditorBundle } from "./editor-bundle.js";
import { pathAt, type Position1 } from "./document-paths.js";
import { enumForKey, schemaField } from "./schema-fields.js";
import { cursorContext } from "./text-context.js";

/** One completion: what it inserts, what it names (a phase or layer id, a guardrail name, an enum value) and a short detail. */
export interface Completion {
  label: string;
  kind: "reference" | "value" | "enum";
  detail: string;
}

function items(labels: readonly string[], kind: Completion["kind"], detail: string): Completion[] {
  return [...new Set(labels)].sort(compareStrings).map((label) => ({ label, kind, detail }));
}

/**
 * What may be typed at the cursor: phase ids in `depends_on`/`unblocks`, requirement
 * references (`agentnexus/security-compliance-1`) in `traces`, layer ids in an
 * `allow` entry, guardrail names (the protocol's and the manifest's) in a `guardrails` list,
 * and the values of an enum field (`stage`, `priority`, `kind`, ...). Read from the text, so it
 * works while the document does not parse.
 *
 * `text` is the editor's buffer, `offset` the cursor in it (UTF-16 code units) and `position`
 * the same cursor as a 1-based line and column.
 */
export function completion(view: EditorBundle, rel: string, text: string, offset: number, position: Position1): Completion[] {
  const context = cursorContext(text, offset);
  if (!context) return [];
  const kind = kindOf(view, rel);
  const bundle = view.result.bundle;
  const manifest = bundle?.manifest.valid ? bundle.manifest.data : undefined;
  if (kind === "phase" && (context.key === "depends_on" || context.key === "unblocks")) {
    const own_ = own(own(documentOf(view, rel)?.value, "phase_meta"), "phase_id");
    const ids = (bundle?.phases ?? []).map((phase) => own(own(phase.data, "phase_meta"), "phase_id")).filter((id): id is string => typeof id === "string" && id !== own_);
    return items(ids, "reference", "phase");
  }
  if (kind === "phase" && context.key === "traces") {
    // The requirements of every mission: the `<mission>/<id>` a `traces` reference writes, with their section.
    const offered = new Map<string, Completion>();
    for (const mission of bundle?.missions ?? []) {
      const missionId = own(own(mission.data, "mission"), "id");
      const requirements = own(mission.data, "requirements");
      if (typeof missionId !== "string" || !Array.isArray(requirements)) continue;
      for (const requirement of requirements) {
        const id = own(requirement, "id");
        if (typeof id !== "string" || offered.has(`${missionId}/${id}`)) continue;
        const section = own(requirement, "section");
        offered.set(`${missionId}/${id}`, { label: `${missionId}/${id}`, kind: "reference", detail: typeof section === "string" ? `requirement (${section})` : "requirement" });
      }
    }
    return [...offered.values()].sort((a, b) => compareStrings(a.label, b.label));
  }
  if (kind === "manifest" && (context.key === "from" || context.key === "to")) {
    const layers = own(bundle?.manifest.data, "layers");
    const ids = Array.isArray(layers) ? layers.map((layer) => own(layer, "id")).filter((id): id is string => typeof id === "string") : [];
    return items(ids, "reference", "layer");
  }
  if (kind === "phase" && (context.key === "runtime_gate" || context.key === "policy_gate" || context.key === "audit_trace")) {
    const group = context.key as GuardrailGroup;
    return [...items(BUILT_IN_GUARDRAILS[group], "value", `${group} (protocol)`), ...items(declaredGuardrails(manifest, group), "value", `${group} (declared in the manifest)`)];
  }
  const document = documentOf(view, rel);
  const place = document ? pathAt(document, position) : undefined;
  const schema = view.schema(kind);
  const values = (place && schemaField(schema, place.path)?.enum) ?? enumForKey(schema, context.key);
  return values ? items(values.map(String), "enum", context.key) : [];
}
