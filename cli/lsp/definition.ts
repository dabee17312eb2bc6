import { pathToFileURL } from "node:url";
import type { Location, Position } from "vscode-languageserver/node";
import type { JsonPath } from "../../compiler/diagnostics.js";
import { asRecord, own } from "../../compiler/guards.js";
import { createLayerMap } from "../../compiler/layers.js";
import type { BundleSession } from "./bundle-session.js";
import { pathAt } from "./document-paths.js";
import { fromLspPosition, toLspRange } from "./lsp-ranges.js";
import { schemaFileById } from "./schema-fields.js";

function at(path: JsonPath, ...tail: readonly (string | number)[]): boolean {
  return tail.every((part, index) => {
    const actual = path[path.length - tail.length + index];
    return part === "*" ? typeof actual === "number" : actual === part;
  });
}

/** The location of `path` in the bundle file `rel`. */
function locationIn(session: BundleSession, rel: string, path: JsonPath): Location | undefined {
  const document = session.document(rel);
  if (!document) return undefined;
  return { uri: pathToFileURL(session.absolute(rel)).href, range: toLspRange(document.locate(path, "value")) };
}

/** Where the phase `id` is declared: the `phase_meta.phase_id` of its document (the first by path). */
function phaseDefinition(session: BundleSession, id: string): Location | undefined {
  const phase = session.result.bundle?.phases.find((candidate) => own(own(candidate.data, "phase_meta"), "phase_id") === id);
  return phase && locationIn(session, phase.document.file, ["phase_meta", "phase_id"]);
}

/** Where the layer `id` is declared in the manifest. */
function layerDefinition(session: BundleSession, id: string): Location | undefined {
  const manifest = session.result.bundle?.manifest;
  if (!manifest) return undefined;
  const layer = createLayerMap(manifest.data).layer(id);
  return layer && locationIn(session, manifest.document.file, ["layers", layer.index, "id"]);
}

/** The layer a module path belongs to: its `modules` entry in the manifest. */
function moduleDefinition(session: BundleSession, module: string): Location | undefined {
  const manifest = session.result.bundle?.manifest;
  if (!manifest) return undefined;
  const match = createLayerMap(manifest.data).resolve(module);
  return match && locationIn(session, manifest.document.file, ["layers", match.layerIndex, "modules", match.moduleIndex]);
}

/** The component (by id or name) or actor (by name) a contract's producer or consumer names, in the same mission. */
function partyDefinition(session: BundleSession, rel: string, name: string): Location | undefined {
  const data = session.document(rel)?.value;
  const components = own(data, "components");
  if (Array.isArray(components)) {
    const index = components.findIndex((component) => own(component, "id") === name || own(component, "name") === name);
    if (index >= 0) return locationIn(session, rel, ["components", index, own(components[index], "id") === name ? "id" : "name"]);
  }
  const actors = own(data, "actors");
  if (Array.isArray(actors)) {
    const index = actors.findIndex((actor) => own(actor, "name") === name);
    if (index >= 0) return locationIn(session, rel, ["actors", index, "name"]);
  }
  return undefined;
}

/**
 * Go to definition: a phase id in `depends_on`/`unblocks` to the phase's `phase_id`; a layer
 * id in `allow` to its layer; a module path to the layer entry it maps to; a contract's
 * producer or consumer to the component or actor; a contract's `$ref` to the published schema.
 */
export function definition(session: BundleSession, rel: string, position: Position): Location | null {
  const document = session.document(rel);
  const place = document && pathAt(document, fromLspPosition(position));
  if (!document || !place || place.on !== "value") return null;
  let value: unknown = document.value;
  for (const part of place.path) value = asRecord(value)?.[part as string] ?? (Array.isArray(value) ? value[part as number] : undefined);
  if (typeof value !== "string") return null;
  const path = place.path;
  const kind = session.kindOf(rel);
  let found: Location | undefined;
  if (kind === "phase" && (at(path, "depends_on", "*") || at(path, "unblocks", "*"))) found = phaseDefinition(session, value);
  else if (kind === "phase" && (at(path, "write_modules", "*") || at(path, "read_modules", "*"))) found = moduleDefinition(session, value);
  else if (kind === "manifest" && (at(path, "allow", "*", "from") || at(path, "allow", "*", "to"))) found = layerDefinition(session, value);
  else if (kind === "mission" && (at(path, "producers", "*") || at(path, "consumers", "*"))) found = partyDefinition(session, rel, value);
  else if (kind === "mission" && at(path, "schema", "$ref")) {
    const file = schemaFileById(value);
    if (file) found = { uri: pathToFileURL(file).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  }
  return found ?? null;
}
