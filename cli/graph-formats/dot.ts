import type { GraphView, PhaseSummary } from "../../compiler/bind/graph-view.js";
import { idPart } from "../../compiler/bind/node-id.js";
import type { TaskNode, TaskNodeKind } from "../public-api.js";
import { KIND_COLORS, displayLabel, phaseArrows, wrapWords, type PhaseArrow } from "./graph-format.js";

const SHAPES: Readonly<Record<TaskNodeKind, string>> = {
  phase: "box",
  step: "ellipse",
  module: "folder",
  layer: "tab",
  model: "cylinder",
  test: "note",
  acceptance: "hexagon",
  invariant: "octagon",
  gate: "diamond",
  component: "component",
  contract: "note",
  role: "house",
  requirement: "note",
  task: "box",
};

/** How the drawings outline the focus of a view. */
const FOCUS_ATTRIBUTES = 'penwidth=2.5, color="#0b5ed7"';

/** Options of {@link renderDot}. */
export interface DotOptions {
  /**
   * Links each node to `#<anchor>` (the HTML page's table row of the node); `anchor(i)` names
   * the view's i-th node. Off for `--format dot`.
   */
  anchor?: (index: number) => string;
}

/**
 * A DOT double-quoted string: backslashes and quotes escaped, so no text can end it early, and
 * `&` written as an entity, since Graphviz reads entities in labels (`&lt;` would show `<`).
 */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/&/g, "&amp;")}"`;
}

const HTML_LABEL_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Text inside a Graphviz HTML-like label: markup and entity starts escaped. */
function htmlLabelText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_LABEL_ENTITIES[c]!);
}

/** How wide a phase's box is, in characters of its title. */
const PHASE_WIDTH = 30;

/** The lines under a phase's title: the layers it writes, the gated ones marked. */
function layerLines(phase: PhaseSummary, gated: ReadonlySet<string>): string[] {
  if (phase.writes.length === 0) return [];
  const named = phase.writes.map((layer) => (gated.has(layer) ? `${layer} (gated)` : layer));
  return wrapWords(displayLabel(`writes ${named.join(", ")}`), PHASE_WIDTH + 6);
}

/** The node statement of `node`: its id, then `attributes` and a link and outline where asked. */
function nodeLine(view: GraphView, node: TaskNode, index: number, attributes: string[], options: DotOptions): string {
  const all = [...attributes];
  if (options.anchor) all.push(`href=${dotString(`#${options.anchor(index)}`)}`);
  if (view.focus?.id === node.id) all.push(FOCUS_ATTRIBUTES);
  return `  ${dotString(node.id)} [${all.join(", ")}];`;
}

/** The whole graph as it always was: every node with its kind's shape and colour, every edge labelled with its kind. */
function fullLevel(view: GraphView, options: DotOptions): string[] {
  const { graph } = view;
  const lines = [
    `  graph [rankdir=LR, label=${dotString(displayLabel(graph.bundle))}];`,
    '  node [style=filled, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8];',
  ];
  graph.nodes.forEach((node, index) => {
    const attributes = [
      `label=${dotString(displayLabel(node.label))}`,
      `shape=${SHAPES[node.kind]}`,
      `fillcolor=${dotString(KIND_COLORS[node.kind])}`,
      `tooltip=${dotString(displayLabel(node.id))}`,
    ];
    lines.push(nodeLine(view, node, index, attributes, options));
  });
  for (const edge of graph.edges) {
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edge.kind)}];`);
  }
  return lines;
}

/** Phases as boxes (title, then the layers they write and read), one arrow per dependency, prerequisite first. */
function phasesLevel(view: GraphView, options: DotOptions): string[] {
  const lines = [
    `  graph [rankdir=TB, tooltip=${dotString(displayLabel(view.graph.bundle))}, fontname="Helvetica", nodesep=0.3, ranksep=0.5];`,
    `  node [shape=box, style="rounded,filled", fillcolor="${KIND_COLORS.phase}", color="#6c8ebf", fontname="Helvetica", fontsize=13, margin="0.12,0.06"];`,
    '  edge [color="#495057", arrowsize=0.8];',
  ];
  const summaries = new Map(view.phases.map((phase) => [phase.node.id, phase]));
  const gated = new Set(view.layers.filter((layer) => layer.node.gated === true).map((layer) => layer.node.label));
  view.graph.nodes.forEach((node, index) => {
    const summary = summaries.get(node.id);
    const title = wrapWords(displayLabel(node.label), PHASE_WIDTH).map((line) => `<b>${htmlLabelText(line)}</b>`);
    const layers = (summary ? layerLines(summary, gated) : []).map((line) => `<font point-size="10" color="#495057">${htmlLabelText(line)}</font>`);
    const label = `<${[...title, ...layers].join("<br/>")}>`;
    lines.push(nodeLine(view, node, index, [`label=${label}`, `tooltip=${dotString(displayLabel(node.label))}`], options));
  });
  for (const arrow of phaseArrows(view)) lines.push(`  ${dotString(arrow.from)} -> ${dotString(arrow.to)};`);
  return lines;
}

/** Layers as clusters holding their modules; phases on the left, with what they write (solid) and read (dashed). */
function layersLevel(view: GraphView, options: DotOptions): string[] {
  const lines = [
    `  graph [rankdir=LR, tooltip=${dotString(displayLabel(view.graph.bundle))}, fontname="Helvetica", nodesep=0.12, ranksep=2];`,
    '  node [fontname="Helvetica", fontsize=12, style=filled, height=0.3];',
    '  edge [arrowsize=0.7];',
  ];
  const position = new Map(view.graph.nodes.map((node, index) => [node.id, index]));
  const clustered = new Set<string>();
  const moduleLine = (node: TaskNode) =>
    nodeLine(view, node, position.get(node.id)!, [`label=${dotString(displayLabel(node.label))}`, "shape=folder", `fillcolor="${KIND_COLORS.module}"`, `tooltip=${dotString(displayLabel(node.label))}`], options);
  view.graph.nodes.forEach((node, index) => {
    if (node.kind !== "layer") return;
    const modules = view.graph.edges.filter((edge) => edge.kind === "in_layer" && edge.to === node.id).map((edge) => edge.from);
    const layerLabel = displayLabel(node.gated === true ? `${node.label} (gated)` : node.label);
    if (modules.length === 0) {
      lines.push(nodeLine(view, node, index, [`label=${dotString(layerLabel)}`, "shape=tab", `fillcolor="${KIND_COLORS.layer}"`], options));
      return;
    }
    const focused = view.focus?.id === node.id;
    lines.push(`  subgraph "cluster_${index}" {`);
    lines.push(`    graph [label=${dotString(layerLabel)}, style="rounded,filled", fillcolor="${KIND_COLORS.layer}", color="${focused ? "#0b5ed7" : "#75b798"}", penwidth=${focused ? 2.5 : 1}, fontsize=11${options.anchor ? `, href=${dotString(`#${options.anchor(index)}`)}` : ""}];`);
    for (const module of modules) {
      const moduleNode = view.graph.nodes[position.get(module)!]!;
      clustered.add(module);
      lines.push(`  ${moduleLine(moduleNode)}`);
    }
    lines.push("  }");
  });
  for (const node of view.graph.nodes) {
    if (node.kind === "module" && !clustered.has(node.id)) lines.push(moduleLine(node));
    if (node.kind !== "phase") continue;
    const attributes = [`label=${dotString(displayLabel(node.label))}`, "shape=box", `style="rounded,filled"`, `fillcolor="${KIND_COLORS.phase}"`, `tooltip=${dotString(displayLabel(node.label))}`];
    lines.push(nodeLine(view, node, position.get(node.id)!, attributes, options));
  }
  for (const edge of view.graph.edges) {
    if (edge.kind === "writes") lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [color="#495057"];`);
    else if (edge.kind === "reads") lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [color="#adb5bd", style=dashed];`);
  }
  return lines;
}

/** The arrows {@link renderDot} draws for `view`, and whether they carry labels (only at `full`). */
export function drawnArrows(view: GraphView): { arrows: PhaseArrow[]; labelled: boolean } {
  if (view.level === "phases") return { arrows: phaseArrows(view), labelled: false };
  if (view.level === "layers") return { arrows: view.graph.edges.filter((edge) => edge.kind === "writes" || edge.kind === "reads"), labelled: false };
  return { arrows: [...view.graph.edges], labelled: true };
}

/**
 * Renders a view as Graphviz DOT (`dot -Tsvg`), one statement per line. `full` draws every
 * node and edge of the typed graph left to right; `phases` the dependency arrows top down,
 * each phase annotated with the layers it writes; `layers` the modules inside their layers'
 * clusters, and which phases write and read them. The focus of a view is outlined.
 */
export function renderDot(view: GraphView, options: DotOptions = {}): string {
  const body = view.level === "phases" ? phasesLevel(view, options) : view.level === "layers" ? layersLevel(view, options) : fullLevel(view, options);
  return `${[`digraph ${dotString(`task-graph:${idPart(view.graph.bundle)}`)} {`, ...body, "}"].join("\n")}\n`;
}
