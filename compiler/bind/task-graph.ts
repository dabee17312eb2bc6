import type { Graph } from "@dagrejs/graphlib";
import { createRequire } from "node:module";
import type { LayerMap } from "../layers.js";
import type { SourceRef, TaskEdge, TaskEdgeKind, TaskGraphDocument, TaskNode, TaskNodeKind } from "../types/task-graph.js";
import { compareNatural } from "./natural-order.js";
import type { MissionEntry } from "./mission-entry.js";
import type { PhaseEntry } from "./phase-entry.js";

export type { SourceRef, TaskEdge, TaskEdgeKind, TaskGraphDocument, TaskNode, TaskNodeKind } from "../types/task-graph.js";

/** The manifest's tenancy section as the checks read it. */
export interface TenancyInfo {
  key: string;
  globalModels: ReadonlySet<string>;
}

/** Total order of edges: from, to, kind (ids in natural order). */
export function compareEdges(a: TaskEdge, b: TaskEdge): number {
  return compareNatural(a.from, b.from) || compareNatural(a.to, b.to) || compareNatural(a.kind, b.kind);
}

/** The phase ids of a whole bundle: all of them in `TaskGraph.phaseIds` order, and a lookup. */
export interface WholeBundleIds {
  list: readonly string[];
  has(phaseId: string): boolean;
}

/** Everything `bindGraph` hands to a graph besides its nodes and edges. */
export interface TaskGraphContext {
  bundleName: string;
  /** Every phase document with a usable id, sorted by phase id then file. */
  entries: readonly PhaseEntry[];
  /** Every mission document, in the bundle's order. */
  missions: readonly MissionEntry[];
  layers: LayerMap;
  tenancy?: TenancyInfo;
  /**
   * Phase ids presumed declared, each by the file whose name names it: phase documents that did
   * not load or whose id could not be read (see {@link TaskGraph.presumedPhase}).
   */
  presumed?: ReadonlyMap<string, string>;
  /** The phase ids of the whole bundle, when the entries are only part of it (see `BindOptions.phaseIds`). */
  phaseIds?: WholeBundleIds;
}

type Adjacency = Map<string, { edges: TaskEdge[]; sorted: boolean }>;

/**
 * The typed task graph of a bundle. Read-only once bound; every listing it returns is
 * sorted, so traversals are deterministic whatever order the files were read in.
 *
 * Nodes and edges live in maps indexed by endpoint; `toGraphlib()` hands out the same graph
 * as a graphlib multigraph (edge names are the edge kinds) for graphlib's algorithms. It is
 * built on first use because graphlib's insertion cost dominates dense bundles (80 000
 * dependency edges of 200 phases take over a second), and the checks need none of it.
 */
export class TaskGraph {
  readonly #nodes = new Map<string, TaskNode>();
  readonly #edgeKeys = new Set<string>();
  #graphlib: Graph<string, TaskNode, TaskEdge> | undefined;
  readonly #context: TaskGraphContext;
  readonly #entriesById = new Map<string, PhaseEntry[]>();
  /** Edges by endpoint, sorted on first read after a change: traversals never re-sort. */
  readonly #out: Adjacency = new Map();
  readonly #in: Adjacency = new Map();
  #sortedNodes: TaskNode[] | undefined;
  #sortedEdges: TaskEdge[] | undefined;

  /** Made by `bindGraph`; rules receive it ready. */
  constructor(context: TaskGraphContext) {
    this.#context = context;
    for (const entry of context.entries) {
      const list = this.#entriesById.get(entry.phaseId);
      if (list) list.push(entry);
      else this.#entriesById.set(entry.phaseId, [entry]);
    }
  }

  /** Adds a node, keeping the first definition of an id. Binding only. */
  addNode(node: TaskNode): void {
    if (this.#nodes.has(node.id)) return;
    this.#nodes.set(node.id, node);
    this.#sortedNodes = undefined;
    this.#graphlib = undefined;
  }

  /** Adds an edge between existing nodes, keeping the first source of a repeated edge. Binding only. */
  addEdge(edge: TaskEdge): void {
    if (!this.#nodes.has(edge.from) || !this.#nodes.has(edge.to)) return;
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.kind}`;
    if (this.#edgeKeys.has(key)) return;
    this.#edgeKeys.add(key);
    this.#sortedEdges = undefined;
    this.#graphlib = undefined;
    link(this.#out, edge.from, edge);
    link(this.#in, edge.to, edge);
  }

  #adjacent(index: Adjacency, id: string, kind?: TaskEdgeKind): TaskEdge[] {
    const list = index.get(id);
    if (!list) return [];
    if (!list.sorted) {
      list.edges.sort(compareEdges);
      list.sorted = true;
    }
    return kind === undefined ? [...list.edges] : list.edges.filter((edge) => edge.kind === kind);
  }

  /** The bundle's name from its manifest. */
  get bundleName(): string {
    return this.#context.bundleName;
  }

  /** The manifest's layer table (`declared` is false when it has no `layers`). */
  get layers(): LayerMap {
    return this.#context.layers;
  }

  /** The manifest's tenancy section, if it has one. */
  get tenancy(): TenancyInfo | undefined {
    return this.#context.tenancy;
  }

  /** The layer a module path maps to (longest prefix), if any. */
  moduleLayer(path: string): string | undefined {
    return this.#context.layers.layerOf(path);
  }

  /** Every phase document with a usable id, duplicates included, sorted by phase id then file. */
  phaseEntries(): readonly PhaseEntry[] {
    return this.#context.entries;
  }

  /** Every mission document, valid or not and whatever its id, in the bundle's order. */
  missionEntries(): readonly MissionEntry[] {
    return this.#context.missions;
  }

  /** The documents that declare `phaseId`, the bound one first. */
  phaseDocuments(phaseId: string): readonly PhaseEntry[] {
    return this.#entriesById.get(phaseId) ?? [];
  }

  /**
   * Every phase id declared, once each, in the entries' order (by phase id): those of the whole
   * bundle when the graph is bound over part of it (the incremental engine's affected region;
   * `hasPhase` answers for the whole bundle too, the other listings for the part).
   */
  phaseIds(): readonly string[] {
    return this.#context.phaseIds?.list ?? [...new Set(this.#context.entries.map((entry) => entry.phaseId))];
  }

  /** Whether some document declares `phaseId` (of the whole bundle, when the graph is bound over part of it). */
  hasPhase(phaseId: string): boolean {
    return this.#entriesById.has(phaseId) || this.#context.phaseIds?.has(phaseId) === true;
  }

  /**
   * The file presumed to declare `phaseId` when no document declares it readably: a phase
   * document that did not load, or whose `phase_meta.phase_id` could not be read, presumably
   * declares the phase its file name names (`phases/P7.yaml`: P7). Rules leave such a phase
   * alone: whether it exists, and what it lists, cannot be known until its file is fixed.
   */
  presumedPhase(phaseId: string): string | undefined {
    return this.hasPhase(phaseId) ? undefined : this.#context.presumed?.get(phaseId);
  }

  /** The node with this id. */
  node(id: string): TaskNode | undefined {
    return this.#nodes.get(id);
  }

  /** All nodes, or those of one kind, sorted by id. */
  nodes(kind?: TaskNodeKind): readonly TaskNode[] {
    this.#sortedNodes ??= [...this.#nodes.values()].sort((a, b) => compareNatural(a.id, b.id));
    return kind === undefined ? this.#sortedNodes : this.#sortedNodes.filter((node) => node.kind === kind);
  }

  /** The phase nodes, sorted by id. */
  phases(): readonly TaskNode[] {
    return this.nodes("phase");
  }

  /** All edges, or those of one kind, sorted. */
  edges(kind?: TaskEdgeKind): readonly TaskEdge[] {
    this.#sortedEdges ??= [...this.#out.values()].flatMap((list) => list.edges).sort(compareEdges);
    return kind === undefined ? this.#sortedEdges : this.#sortedEdges.filter((edge) => edge.kind === kind);
  }

  /** Edges leaving `id`, optionally of one kind, sorted. */
  outEdges(id: string, kind?: TaskEdgeKind): TaskEdge[] {
    return this.#adjacent(this.#out, id, kind);
  }

  /** Edges entering `id`, optionally of one kind, sorted. */
  inEdges(id: string, kind?: TaskEdgeKind): TaskEdge[] {
    return this.#adjacent(this.#in, id, kind);
  }

  /** The ids `id` reaches through edges of `kind`, sorted. */
  successors(id: string, kind: TaskEdgeKind): string[] {
    return this.outEdges(id, kind).map((edge) => edge.to);
  }

  /**
   * The graph as a graphlib multigraph (edge name = edge kind, labels are the typed nodes and
   * edges), with nodes and edges inserted in sorted order so that graphlib's own traversals
   * are deterministic too. Shared: do not modify it.
   */
  toGraphlib(): Graph<string, TaskNode, TaskEdge> {
    if (!this.#graphlib) {
      // Loaded here, not at start-up: only graph exports and their tests use graphlib.
      const { Graph: GraphClass } = createRequire(import.meta.url)("@dagrejs/graphlib") as typeof import("@dagrejs/graphlib");
      const graph = new GraphClass<string, TaskNode, TaskEdge>({ directed: true, multigraph: true });
      graph.setGraph(this.bundleName);
      for (const node of this.nodes()) graph.setNode(node.id, node);
      for (const edge of this.edges()) graph.setEdge(edge.from, edge.to, edge, edge.kind);
      this.#graphlib = graph;
    }
    return this.#graphlib;
  }

  /** The serializable form, matching schemas/task-graph.schema.json. */
  toJSON(): TaskGraphDocument {
    return {
      graphFormat: 1,
      bundle: this.bundleName,
      nodes: this.nodes().map(cloneNode),
      edges: this.edges().map((edge) => ({ ...edge, source: cloneSource(edge.source) })),
    };
  }
}

/** Adds `edge` to the list of `id` in `index`. */
function link(index: Adjacency, id: string, edge: TaskEdge): void {
  const list = index.get(id);
  if (list) {
    list.edges.push(edge);
    list.sorted = false;
  } else index.set(id, { edges: [edge], sorted: true });
}

function cloneSource(source: SourceRef): SourceRef {
  return { file: source.file, path: [...source.path] };
}

function cloneNode(node: TaskNode): TaskNode {
  const copy: TaskNode = { ...node };
  if (node.source) copy.source = cloneSource(node.source);
  if (node.keys) copy.keys = [...node.keys];
  return copy;
}
