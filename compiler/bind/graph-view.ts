import { nearestGuardrail } from "../guardrail-names.js";
import type { SourceRef, TaskEdge, TaskGraphDocument, TaskNode } from "../types/task-graph.js";
import { compareNatural } from "./natural-order.js";

/** The `spec-kit graph --level` choices: how much of the task graph a view keeps. */
export const GRAPH_LEVELS = ["phases", "layers", "full"] as const;
/** One `--level` choice. */
export type GraphLevel = (typeof GRAPH_LEVELS)[number];

/** Hops from the focus when `--focus` is given without `--depth`. */
export const DEFAULT_FOCUS_DEPTH = 1;

/** What a view keeps of the task graph. */
export interface GraphViewOptions {
  level: GraphLevel;
  /** A phase id or a layer id, bare (`P3`, `runtime-kernel`) or as a node id (`phase:P3`, `layer:runtime-kernel`). */
  focus?: string;
  /** Hops from the focus, counted along the level's edges in either direction. */
  depth?: number;
}

/** One phase of a view, as its tables show it: the layers it touches come from its modules. */
export interface PhaseSummary {
  node: TaskNode;
  /** Phase ids it depends on: its own `depends_on` and the `unblocks` of others, whichever was written. */
  dependsOn: readonly string[];
  /** Layer ids of the modules it writes, and of those it only reads. */
  writes: readonly string[];
  reads: readonly string[];
  counts: { steps: number; tests: number; criteria: number; invariants: number };
}

/** One layer of a view, as its tables show it. */
export interface LayerSummary {
  node: TaskNode;
  /** The bundle's modules that map to it (paths). */
  modules: readonly string[];
  /** Phase ids that write one of its modules, and those that only read. */
  writtenBy: readonly string[];
  readBy: readonly string[];
}

/** A selection of the task graph, with what its pictures and tables need. */
export interface GraphView {
  level: GraphLevel;
  /** The focus as resolved to a node id, and its depth. */
  focus?: { id: string; depth: number };
  /** The selected nodes and edges: a task graph document in its own right, sorted as the whole. */
  graph: TaskGraphDocument;
  /** The view's phases and layers, sorted by id. At `phases`, the layers its phases touch. */
  phases: readonly PhaseSummary[];
  layers: readonly LayerSummary[];
  /** The size of the whole graph the view was selected from. */
  whole: { nodes: number; edges: number };
}

/** A view, or why the options name nothing to show. */
export type GraphViewResult = { view: GraphView; problem?: undefined } | { view?: undefined; problem: string };

/** Edge kinds each level keeps; `full` keeps all. */
const LEVEL_EDGES: Readonly<Record<Exclude<GraphLevel, "full">, ReadonlySet<string>>> = {
  phases: new Set(["depends_on", "unblocks"]),
  layers: new Set(["reads", "writes", "in_layer"]),
};
const LEVEL_NODES: Readonly<Record<Exclude<GraphLevel, "full">, ReadonlySet<string>>> = {
  phases: new Set(["phase"]),
  layers: new Set(["phase", "module", "layer"]),
};

/** How many focus candidates a problem lists when nothing is near enough to suggest. */
const LISTED_CANDIDATES = 12;

function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareNatural);
}

/** The full graph's indexes that the summaries read. */
class GraphIndex {
  readonly nodes = new Map<string, TaskNode>();
  readonly out = new Map<string, TaskEdge[]>();
  readonly in = new Map<string, TaskEdge[]>();

  constructor(graph: TaskGraphDocument) {
    for (const node of graph.nodes) this.nodes.set(node.id, node);
    for (const edge of graph.edges) {
      for (const [index, key] of [[this.out, edge.from], [this.in, edge.to]] as const) {
        const list = index.get(key);
        if (list) list.push(edge);
        else index.set(key, [edge]);
      }
    }
  }

  outgoing(id: string, kind: string): TaskEdge[] {
    return (this.out.get(id) ?? []).filter((edge) => edge.kind === kind);
  }

  incoming(id: string, kind: string): TaskEdge[] {
    return (this.in.get(id) ?? []).filter((edge) => edge.kind === kind);
  }

  /** The layer ids of the modules `phaseId` reaches by `kind` edges. */
  layersOf(phaseNodeId: string, kind: "reads" | "writes"): string[] {
    const layers: string[] = [];
    for (const edge of this.outgoing(phaseNodeId, kind)) {
      for (const link of this.outgoing(edge.to, "in_layer")) {
        const layer = this.nodes.get(link.to);
        if (layer) layers.push(layer.label);
      }
    }
    return sortedUnique(layers);
  }

  phaseId(nodeId: string): string {
    const node = this.nodes.get(nodeId);
    return node?.phase ?? node?.label ?? nodeId;
  }

  summarizePhase(node: TaskNode): PhaseSummary {
    const dependsOn = [
      ...this.outgoing(node.id, "depends_on").map((edge) => edge.to),
      ...this.incoming(node.id, "unblocks").map((edge) => edge.from),
    ];
    const writes = this.layersOf(node.id, "writes");
    const written = new Set(writes);
    const contained = this.outgoing(node.id, "contains").map((edge) => this.nodes.get(edge.to)?.kind);
    const count = (kind: string) => contained.filter((k) => k === kind).length;
    return {
      node,
      dependsOn: sortedUnique(dependsOn.filter((id) => this.nodes.has(id)).map((id) => this.phaseId(id))),
      writes,
      reads: this.layersOf(node.id, "reads").filter((layer) => !written.has(layer)),
      counts: { steps: count("step"), tests: count("test"), criteria: count("acceptance"), invariants: count("invariant") },
    };
  }

  summarizeLayer(node: TaskNode): LayerSummary {
    const modules = this.incoming(node.id, "in_layer").map((edge) => edge.from);
    const by = (kind: string) => sortedUnique(modules.flatMap((module) => this.incoming(module, kind).map((edge) => this.phaseId(edge.from))));
    const writtenBy = by("writes");
    const written = new Set(writtenBy);
    return {
      node,
      modules: sortedUnique(modules.map((id) => this.nodes.get(id)?.label ?? id)),
      writtenBy,
      readBy: by("reads").filter((phase) => !written.has(phase)),
    };
  }
}

/** The most of a `--focus` value a problem repeats. */
const SHOWN_FOCUS = 80;

/** `focus` as a problem shows it: control characters spelled out (none reaches the terminal), long text cut. */
function shownFocus(focus: string): string {
  const visible = focus.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const chars = Array.from(visible);
  return chars.length > SHOWN_FOCUS ? `${chars.slice(0, SHOWN_FOCUS - 1).join("")}…` : visible;
}

/** The node `focus` names: a phase or a layer, by its id or its node id. */
function resolveFocus(graph: TaskGraphDocument, focus: string): { node: TaskNode } | { problem: string } {
  const candidates = graph.nodes.filter((node) => node.kind === "phase" || node.kind === "layer");
  const bare = (node: TaskNode) => (node.kind === "phase" ? (node.phase ?? node.label) : node.label);
  const byNodeId = candidates.find((node) => node.id === focus);
  if (byNodeId) return { node: byNodeId };
  const matches = candidates.filter((node) => bare(node) === focus);
  if (matches.length === 1) return { node: matches[0]! };
  if (matches.length > 1) {
    return { problem: `--focus ${shownFocus(focus)}: both a phase and a layer have this id; name one as ${matches.map((node) => node.id).join(" or ")}` };
  }
  const names = sortedUnique(candidates.map(bare));
  const near = nearestGuardrail(focus.replace(/^(phase|layer):/, ""), names);
  const known = names.length === 0 ? "it has no phases and no layers" : `its phases and layers are ${listed(names)}`;
  return {
    problem: near !== undefined
      ? `--focus ${shownFocus(focus)}: no phase or layer of the bundle has this id; did you mean ${near}?`
      : `--focus ${shownFocus(focus)}: no phase or layer of the bundle has this id; ${known}`,
  };
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_CANDIDATES).join(", ");
  return names.length > LISTED_CANDIDATES ? `${shown} and ${names.length - LISTED_CANDIDATES} more` : shown;
}

/** Node ids within `depth` hops of `seeds` along `edges`, either direction. */
function within(seeds: readonly string[], depth: number, edges: readonly TaskEdge[]): Set<string> {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const edge of edges) {
    link(edge.from, edge.to);
    link(edge.to, edge.from);
  }
  const seen = new Set(seeds);
  let frontier = [...seeds];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of neighbours.get(id) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return seen;
}

/**
 * Selects what `spec-kit graph` draws: at `phases` the phases and their dependency edges, at
 * `layers` the phases, the modules they write and read and the layers those map to (without
 * the dependencies, which `phases` shows), at `full` the whole typed graph. With a focus, only what lies within `depth` hops of it along the level's
 * edges (at `phases`, a layer's focus starts from the phases that read or write it). Nodes and
 * edges keep the whole graph's order, so a view is as deterministic as the graph.
 */
export function selectGraphView(graph: TaskGraphDocument, options: GraphViewOptions): GraphViewResult {
  const { level } = options;
  const keepsNode = (node: TaskNode) => level === "full" || LEVEL_NODES[level].has(node.kind);
  let nodes = graph.nodes.filter(keepsNode);
  const kept = new Set(nodes.map((node) => node.id));
  let edges = graph.edges.filter(
    (edge) => (level === "full" || LEVEL_EDGES[level].has(edge.kind)) && kept.has(edge.from) && kept.has(edge.to),
  );
  const index = new GraphIndex(graph);
  let focus: GraphView["focus"];
  if (options.focus !== undefined) {
    const resolved = resolveFocus(graph, options.focus);
    if ("problem" in resolved) return { problem: resolved.problem };
    const depth = options.depth ?? DEFAULT_FOCUS_DEPTH;
    const node = resolved.node;
    const seeds = kept.has(node.id)
      ? [node.id]
      : sortedUnique(index.incoming(node.id, "in_layer").flatMap((link) => [
          ...index.incoming(link.from, "writes").map((edge) => edge.from),
          ...index.incoming(link.from, "reads").map((edge) => edge.from),
        ]));
    const near = within(seeds, depth, edges);
    nodes = nodes.filter((n) => near.has(n.id));
    edges = edges.filter((edge) => near.has(edge.from) && near.has(edge.to));
    focus = { id: node.id, depth };
  }
  const phases = nodes.filter((node) => node.kind === "phase").map((node) => index.summarizePhase(node));
  const shownLayers = new Set(nodes.filter((node) => node.kind === "layer").map((node) => node.id));
  if (level === "phases") {
    const touched = new Set(phases.flatMap((phase) => [...phase.writes, ...phase.reads]));
    for (const node of graph.nodes) if (node.kind === "layer" && touched.has(node.label)) shownLayers.add(node.id);
    if (focus && index.nodes.get(focus.id)?.kind === "layer") shownLayers.add(focus.id);
  }
  const layers = graph.nodes.filter((node) => shownLayers.has(node.id)).map((node) => index.summarizeLayer(node));
  return {
    view: {
      level,
      ...(focus ? { focus } : {}),
      graph: { graphFormat: graph.graphFormat, bundle: graph.bundle, nodes, edges },
      phases,
      layers,
      whole: { nodes: graph.nodes.length, edges: graph.edges.length },
    },
  };
}

/** The whole graph as a view: what `--level full` without a focus selects. */
export function fullGraphView(graph: TaskGraphDocument): GraphView {
  return selectGraphView(graph, { level: "full" }).view!;
}

/** Where a node or edge came from, as one line: `phases/P1.yaml flow.steps[2]`. */
export function sourceText(source: SourceRef | undefined): string {
  if (!source) return "";
  const path = source.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("");
  return `${source.file}${path ? ` ${path.replace(/^\./, "")}` : ""}`;
}
