import type { Bundle } from "../bundle.js";
import { own, stringItems } from "../guards.js";
import { compareStrings, type JsonPath } from "../diagnostics.js";
import { createLayerMap, normalizeModulePath } from "../layers.js";
import { bindMissions } from "./bind-missions.js";
import { readMissionEntry } from "./mission-entry.js";
import { compareNatural } from "./natural-order.js";
import { GUARDRAIL_GROUPS, PHASE_ID_PATTERN } from "../constants.js";
import { idPart } from "./node-id.js";
import { readPhaseEntry, type PhaseEntry, type PhaseItem, type TracedPhaseItem } from "./phase-entry.js";
import { resolveRequirement } from "./requirement-refs.js";
import { TaskGraph, type SourceRef, type TenancyInfo, type WholeBundleIds } from "./task-graph.js";

function ref(file: string, path: JsonPath): SourceRef {
  return { file, path: [...path] };
}

function readTenancy(manifest: unknown): TenancyInfo | undefined {
  const tenancy = own(manifest, "tenancy");
  const key = own(tenancy, "key");
  if (typeof key !== "string" || key === "") return undefined;
  return { key, globalModels: new Set(stringItems(own(tenancy, "global_models")).map((item) => item.value)) };
}

/** The phase id a file's name names (`phases/P7.yaml`: P7), when it is one. */
export function phaseIdOfFileName(file: string): string | undefined {
  const base = file.slice(file.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return PHASE_ID_PATTERN.test(stem) ? stem : undefined;
}

/** The phase ids presumed declared by the documents binding cannot read an id from, by file name. */
function presumedPhases(bundle: Bundle, unread: readonly string[]): Map<string, string> {
  const presumed = new Map<string, string>();
  for (const file of [...(bundle.unloadedPhases ?? []), ...unread].sort(compareStrings)) {
    const id = phaseIdOfFileName(file);
    if (id !== undefined && !presumed.has(id)) presumed.set(id, file);
  }
  return presumed;
}

/** Reads every phase document, sorts them by phase id then file, and marks repeated ids; `unread` gets the files without a usable id. */
function readEntries(bundle: Bundle, unread: string[] = []): PhaseEntry[] {
  const entries: PhaseEntry[] = [];
  for (const doc of bundle.phases) {
    const entry = readPhaseEntry(doc);
    if (entry) entries.push(entry);
    else unread.push(doc.document.file);
  }
  entries.sort((a, b) => compareNatural(a.phaseId, b.phaseId) || compareStrings(a.file, b.file));
  const firstFile = new Map<string, string>();
  for (const entry of entries) {
    const first = firstFile.get(entry.phaseId);
    if (first === undefined) firstFile.set(entry.phaseId, entry.file);
    else entry.duplicateOf = first;
  }
  return entries;
}

function bindLayers(graph: TaskGraph, manifestFile: string): void {
  for (const layer of graph.layers.layers) {
    graph.addNode({
      id: `layer:${idPart(layer.id)}`,
      kind: "layer",
      label: layer.id,
      gated: layer.gated,
      source: { file: manifestFile, path: ["layers", layer.index] },
    });
  }
}

function bindModule(graph: TaskGraph, item: PhaseItem, file: string, manifestFile: string): string {
  const path = normalizeModulePath(item.value);
  const id = `module:${idPart(path)}`;
  if (graph.node(id)) return id;
  const match = graph.layers.resolve(path);
  graph.addNode({ id, kind: "module", label: path, ...(match ? { layer: match.id } : {}), source: ref(file, item.path) });
  if (match) {
    graph.addEdge({
      from: id,
      to: `layer:${idPart(match.id)}`,
      kind: "in_layer",
      source: { file: manifestFile, path: ["layers", match.layerIndex, "modules", match.moduleIndex] },
    });
  }
  return id;
}

/** The nodes one phase document owns: its steps, tests, criteria, invariants, models. */
function bindPhaseContents(graph: TaskGraph, entry: PhaseEntry): void {
  const { file } = entry;
  // The id as node ids and the `phase` attribute spell it (see idPart).
  const phaseId = idPart(entry.phaseId);
  const phase = `phase:${phaseId}`;
  const at = (path: JsonPath) => ref(file, path);
  const owned = (
    kind: "step" | "acceptance" | "invariant",
    items: readonly PhaseItem[],
  ): string[] =>
    items.map((item, i) => {
      const id = `${kind}:${phaseId}#${i + 1}`;
      graph.addNode({ id, kind, label: item.value, phase: phaseId, index: i + 1, source: at(item.path) });
      graph.addEdge({ from: phase, to: id, kind: "contains", source: at(item.path) });
      return id;
    });

  const steps = owned("step", entry.steps);
  for (let i = 1; i < steps.length; i++) {
    graph.addEdge({ from: steps[i - 1]!, to: steps[i]!, kind: "next", source: at(entry.steps[i]!.path) });
  }
  const criteria = [...owned("acceptance", entry.acceptance), ...owned("invariant", entry.invariants)];

  const perLevel = new Map<string, number>();
  for (const test of entry.tests) {
    const index = (perLevel.get(test.level) ?? 0) + 1;
    perLevel.set(test.level, index);
    const id = `test:${phaseId}/${test.level}#${index}`;
    graph.addNode({ id, kind: "test", label: test.value, phase: phaseId, index, group: test.level, source: at(test.path) });
    graph.addEdge({ from: phase, to: id, kind: "contains", source: at(test.path) });
    for (const criterion of criteria) graph.addEdge({ from: id, to: criterion, kind: "verifies", source: at(test.path) });
  }

  for (const model of entry.models) {
    const id = `model:${phaseId}/${idPart(model.name)}`;
    graph.addNode({
      id,
      kind: "model",
      label: model.name,
      phase: phaseId,
      keys: model.keys.map((key) => key.value),
      ...(model.kind !== undefined ? { modelKind: model.kind } : {}),
      ...(model.appendOnly !== undefined ? { appendOnly: model.appendOnly } : {}),
      source: at(model.path),
    });
    graph.addEdge({ from: phase, to: id, kind: "produces", source: at(model.path) });
  }
}

/** The edges of one phase document to shared nodes: modules, gates, other phases. */
function bindPhaseLinks(graph: TaskGraph, entry: PhaseEntry, manifestFile: string, contents = true): void {
  const { file } = entry;
  const phase = `phase:${idPart(entry.phaseId)}`;
  for (const [kind, list] of contents ? ([["reads", entry.reads], ["writes", entry.writes]] as const) : []) {
    for (const item of list) {
      const module = bindModule(graph, item, file, manifestFile);
      graph.addEdge({ from: phase, to: module, kind, source: ref(file, item.path) });
    }
  }
  for (const group of contents ? GUARDRAIL_GROUPS : []) {
    for (const item of entry.guardrails[group]) {
      const id = `gate:${group}/${idPart(item.value)}`;
      graph.addNode({ id, kind: "gate", label: item.value, group, source: ref(file, item.path) });
      graph.addEdge({ from: id, to: phase, kind: "guards", source: ref(file, item.path) });
    }
  }
  for (const [kind, list] of [["depends_on", entry.dependsOn], ["unblocks", entry.unblocks]] as const) {
    for (const item of list) {
      graph.addEdge({ from: phase, to: `phase:${idPart(item.value)}`, kind, source: ref(file, item.path) });
    }
  }
}

/**
 * The `traces` edges of one phase document: from each invariant and test to every mission
 * requirement its `traces` names (a reference to no requirement binds nothing; rule
 * requirement/unknown-ref reports it). Runs after the missions are bound.
 */
function bindTraces(graph: TaskGraph, entry: PhaseEntry): void {
  const phaseId = idPart(entry.phaseId);
  const link = (from: string, item: TracedPhaseItem) => {
    for (const trace of item.traces) {
      const requirement = resolveRequirement(graph, trace.value);
      if (requirement) graph.addEdge({ from, to: requirement.id, kind: "traces", source: ref(entry.file, trace.path) });
    }
  };
  entry.invariants.forEach((item, i) => link(`invariant:${phaseId}#${i + 1}`, item));
  const perLevel = new Map<string, number>();
  for (const test of entry.tests) {
    const index = (perLevel.get(test.level) ?? 0) + 1;
    perLevel.set(test.level, index);
    link(`test:${phaseId}/${test.level}#${index}`, test);
  }
}

/** What `bindGraph` binds. */
export interface BindOptions {
  /**
   * false: only what the bundle rules read (phase entries, phase, layer and mission nodes,
   * `depends_on`/`unblocks` edges), not the steps, tests, criteria, models, modules and gates
   * of each phase, which make nine tenths of the graph's cost. `check` binds this way and
   * binds the full graph only when its result's `graph` is read. Default true.
   */
  contents?: boolean;
  /**
   * The phase ids of the whole bundle when `bundle` holds only part of its phases (the
   * incremental engine binds the region an edit affects): what `phaseIds()` and `hasPhase()`
   * then answer. Default: the ids of the bundle's phases.
   */
  phaseIds?: WholeBundleIds;
}

/**
 * Builds the typed task graph of a loaded bundle. Never throws on malformed documents: what
 * cannot be read is skipped (the schema rules report it). Of several documents with one
 * phase id, the first by file path is bound; the others stay visible through `phaseEntries`.
 */
export function bindGraph(bundle: Bundle, options: BindOptions = {}): TaskGraph {
  const contents = options.contents !== false;
  const manifest = bundle.manifest.data;
  const manifestFile = bundle.manifest.document.file;
  const name = own(manifest, "name");
  const unread: string[] = [];
  const entries = readEntries(bundle, unread);
  const tenancy = readTenancy(manifest);
  const presumed = presumedPhases(bundle, unread);
  const graph = new TaskGraph({
    bundleName: typeof name === "string" ? name : "",
    entries,
    missions: bundle.missions.map(readMissionEntry),
    layers: createLayerMap(manifest),
    ...(tenancy ? { tenancy } : {}),
    ...(presumed.size > 0 ? { presumed } : {}),
    ...(options.phaseIds ? { phaseIds: options.phaseIds } : {}),
  });
  bindLayers(graph, manifestFile);
  const bound = entries.filter((entry) => entry.duplicateOf === undefined);
  for (const entry of bound) {
    const title = entry.title;
    graph.addNode({
      id: `phase:${idPart(entry.phaseId)}`,
      kind: "phase",
      label: title ? `${entry.phaseId}: ${title}` : entry.phaseId,
      phase: idPart(entry.phaseId),
      source: ref(entry.file, entry.idPath),
    });
  }
  if (contents) for (const entry of bound) bindPhaseContents(graph, entry);
  for (const entry of bound) bindPhaseLinks(graph, entry, manifestFile, contents);
  bindMissions(graph, bundle.missions);
  if (contents) for (const entry of bound) bindTraces(graph, entry);
  return graph;
}
