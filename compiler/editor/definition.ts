import type { JsonPath } from "../diagnostics.js";
import { compareStrings } from "../diagnostics.js";
import { asRecord, own } from "../guards.js";
import { requirementKey } from "../bind/requirement-refs.js";
import { createLayerMap } from "../layers.js";
import { documentOf, kindOf, type EditorBundle, type EditorLocation } from "./editor-bundle.js";
import { pathAt, type Position1 } from "./document-paths.js";
import { publishedSchemaName } from "./schema-fields.js";

/** Where a definition is: a place in a bundle file, or a schema spec-kit publishes (its file name under schemas/). */
export type DefinitionTarget = EditorLocation | { schema: string };

function at(path: JsonPath, ...tail: readonly (string | number)[]): boolean {
  return tail.every((part, index) => {
    const actual = path[path.length - tail.length + index];
    return part === "*" ? typeof actual === "number" : actual === part;
  });
}

/** The location of `path` in the bundle file `rel`. */
function locationIn(view: EditorBundle, rel: string, path: JsonPath): EditorLocation | undefined {
  const document = documentOf(view, rel);
  return document && { file: rel, range: document.locate(path, "value") };
}

/** Where the phase `id` is declared: the `phase_meta.phase_id` of its document (the first by path). */
function phaseDefinition(view: EditorBundle, id: string): EditorLocation | undefined {
  const phase = view.result.bundle?.phases.find((candidate) => own(own(candidate.data, "phase_meta"), "phase_id") === id);
  return phase && locationIn(view, phase.document.file, ["phase_meta", "phase_id"]);
}

/** Where the layer `id` is declared in the manifest. */
function layerDefinition(view: EditorBundle, id: string): EditorLocation | undefined {
  const manifest = view.result.bundle?.manifest;
  if (!manifest) return undefined;
  const layer = createLayerMap(manifest.data).layer(id);
  return layer && locationIn(view, manifest.document.file, ["layers", layer.index, "id"]);
}

/** The layer a module path belongs to: its `modules` entry in the manifest. */
function moduleDefinition(view: EditorBundle, module: string): EditorLocation | undefined {
  const manifest = view.result.bundle?.manifest;
  if (!manifest) return undefined;
  const match = createLayerMap(manifest.data).resolve(module);
  return match && locationIn(view, manifest.document.file, ["layers", match.layerIndex, "modules", match.moduleIndex]);
}

/** The component (by id or name) or actor (by name) a contract's producer or consumer names, in the same mission. */
function partyDefinition(view: EditorBundle, rel: string, name: string): EditorLocation | undefined {
  const data = documentOf(view, rel)?.value;
  const components = own(data, "components");
  if (Array.isArray(components)) {
    const index = components.findIndex((component) => own(component, "id") === name || own(component, "name") === name);
    if (index >= 0) return locationIn(view, rel, ["components", index, own(components[index], "id") === name ? "id" : "name"]);
  }
  const actors = own(data, "actors");
  if (Array.isArray(actors)) {
    const index = actors.findIndex((actor) => own(actor, "name") === name);
    if (index >= 0) return locationIn(view, rel, ["actors", index, "name"]);
  }
  return undefined;
}

/** The mission requirement a `traces` reference names (`agentnexus/security-compliance-1`): its text, in the Markdown or YAML mission. */
function requirementDefinition(view: EditorBundle, ref: string): EditorLocation | undefined {
  const key = requirementKey(ref);
  const slash = key.indexOf("/");
  if (slash < 0) return undefined;
  const [missionId, id] = [key.slice(0, slash), key.slice(slash + 1)];
  const missions = [...(view.result.bundle?.missions ?? [])].sort((a, b) => compareStrings(a.document.file, b.document.file));
  // Of two documents with one mission id, the first by file is the one bound (bindMissions).
  const mission = missions.find((candidate) => own(own(candidate.data, "mission"), "id") === missionId);
  const requirements = own(mission?.data, "requirements");
  if (!mission || !Array.isArray(requirements)) return undefined;
  const index = requirements.findIndex((requirement) => own(requirement, "id") === id);
  return index < 0 ? undefined : locationIn(view, mission.document.file, ["requirements", index, "text"]);
}

/**
 * Go to definition: a phase id in `depends_on`/`unblocks` to the phase's `phase_id`; a layer
 * id in `allow` to its layer; a module path to the layer entry it maps to; a contract's
 * producer or consumer to the component or actor; a contract's `$ref` to the published schema;
 * an invariant's or test's `traces` reference to the requirement's text in its mission.
 */
export function definition(view: EditorBundle, rel: string, position: Position1): DefinitionTarget | undefined {
  const document = documentOf(view, rel);
  const place = document && pathAt(document, position);
  if (!document || !place || place.on !== "value") return undefined;
  let value: unknown = document.value;
  for (const part of place.path) value = asRecord(value)?.[part as string] ?? (Array.isArray(value) ? value[part as number] : undefined);
  if (typeof value !== "string") return undefined;
  const path = place.path;
  const kind = kindOf(view, rel);
  let found: DefinitionTarget | undefined;
  if (kind === "phase" && (at(path, "depends_on", "*") || at(path, "unblocks", "*"))) found = phaseDefinition(view, value);
  else if (kind === "phase" && (at(path, "write_modules", "*") || at(path, "read_modules", "*"))) found = moduleDefinition(view, value);
  else if (kind === "phase" && at(path, "traces", "*")) found = requirementDefinition(view, value);
  else if (kind === "manifest" && (at(path, "allow", "*", "from") || at(path, "allow", "*", "to"))) found = layerDefinition(view, value);
  else if (kind === "mission" && (at(path, "producers", "*") || at(path, "consumers", "*"))) found = partyDefinition(view, rel, value);
  else if (kind === "mission" && at(path, "schema", "$ref")) {
    const schema = publishedSchemaName(value);
    if (schema) found = { schema };
  }
  return found;
}
