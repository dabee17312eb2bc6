import type { GraphView } from "../../compiler/bind/graph-view.js";
import type { TaskNode, TaskNodeKind } from "../public-api.js";
import { KIND_COLORS, displayLabel, phaseArrows } from "./graph-format.js";

const SHAPES: Readonly<Record<TaskNodeKind, readonly [string, string]>> = {
  phase: ["[", "]"],
  step: ["(", ")"],
  module: ["[/", "/]"],
  layer: ["[[", "]]"],
  model: ["[(", ")]"],
  test: [">", "]"],
  acceptance: ["{{", "}}"],
  invariant: ["{{", "}}"],
  gate: ["{", "}"],
  component: ["[[", "]]"],
  contract: ["[/", "\\]"],
  role: ["([", "])"],
  requirement: [">", "]"],
  task: ["[", "]"],
};

const ENTITIES: Readonly<Record<string, string>> = {
  "#": "#35;",
  "%": "#37;",
  '"': "#quot;",
  "&": "#amp;",
  "<": "#lt;",
  ">": "#gt;",
  "`": "#96;",
};

/**
 * Label text safe inside a quoted Mermaid label: quotes, markup and entity starts become
 * entity codes, and so does `%`, since Mermaid looks for `%%{init: …}%%` directives and `%%`
 * comments anywhere in the text, quoted labels included.
 */
export function mermaidText(text: string): string {
  return displayLabel(text).replace(/[#%"&<>`]/g, (c) => ENTITIES[c]!);
}

/** Node ids n0, n1, … in the view's order; the focus outlined. */
function nodeLine(ids: ReadonlyMap<string, string>, node: TaskNode, text: string): string {
  const [open, close] = SHAPES[node.kind];
  return `  ${ids.get(node.id)}${open}"${text}"${close}`;
}

function classes(view: GraphView, ids: ReadonlyMap<string, string>, drawn: readonly TaskNode[]): string[] {
  const lines: string[] = [];
  const kinds = [...new Set(drawn.map((node) => node.kind))];
  for (const kind of kinds) {
    lines.push(`  classDef ${kind} fill:${KIND_COLORS[kind]},stroke:#6c757d`);
    lines.push(`  class ${drawn.filter((node) => node.kind === kind).map((node) => ids.get(node.id)).join(",")} ${kind}`);
  }
  const focus = view.focus && ids.get(view.focus.id);
  if (focus) lines.push(`  style ${focus} stroke:#0b5ed7,stroke-width:3px`);
  return lines;
}

function fullLevel(view: GraphView, ids: ReadonlyMap<string, string>): string[] {
  const lines = ["flowchart LR"];
  for (const node of view.graph.nodes) lines.push(nodeLine(ids, node, mermaidText(node.label)));
  for (const edge of view.graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (from !== undefined && to !== undefined) lines.push(`  ${from} -->|${edge.kind}| ${to}`);
  }
  return [...lines, ...classes(view, ids, view.graph.nodes)];
}

function phasesLevel(view: GraphView, ids: ReadonlyMap<string, string>): string[] {
  const lines = ["flowchart TB"];
  const summaries = new Map(view.phases.map((phase) => [phase.node.id, phase]));
  const gated = new Set(view.layers.filter((layer) => layer.node.gated === true).map((layer) => layer.node.label));
  for (const node of view.graph.nodes) {
    const writes = summaries.get(node.id)?.writes ?? [];
    const named = writes.map((layer) => (gated.has(layer) ? `${layer} (gated)` : layer));
    const layers = named.length > 0 ? `<br/><small>${mermaidText(`writes ${named.join(", ")}`)}</small>` : "";
    lines.push(nodeLine(ids, node, `${mermaidText(node.label)}${layers}`));
  }
  for (const arrow of phaseArrows(view)) lines.push(`  ${ids.get(arrow.from)} --> ${ids.get(arrow.to)}`);
  return [...lines, ...classes(view, ids, view.graph.nodes)];
}

function layersLevel(view: GraphView, ids: ReadonlyMap<string, string>): string[] {
  const lines = ["flowchart LR"];
  const inLayer = new Map<string, string[]>();
  for (const edge of view.graph.edges) {
    if (edge.kind !== "in_layer") continue;
    const list = inLayer.get(edge.to);
    if (list) list.push(edge.from);
    else inLayer.set(edge.to, [edge.from]);
  }
  const clustered = new Set([...inLayer.values()].flat());
  const byId = new Map(view.graph.nodes.map((node) => [node.id, node]));
  const drawn: TaskNode[] = [];
  for (const node of view.graph.nodes) {
    if (node.kind !== "layer") continue;
    const title = mermaidText(node.gated === true ? `${node.label} (gated)` : node.label);
    const modules = inLayer.get(node.id) ?? [];
    if (modules.length === 0) {
      lines.push(nodeLine(ids, node, title));
      drawn.push(node);
      continue;
    }
    lines.push(`  subgraph ${ids.get(node.id)}["${title}"]`);
    for (const id of modules) {
      const module = byId.get(id)!;
      lines.push(`  ${nodeLine(ids, module, mermaidText(module.label))}`);
      drawn.push(module);
    }
    lines.push("  end");
  }
  for (const node of view.graph.nodes) {
    if (node.kind === "phase" || (node.kind === "module" && !clustered.has(node.id))) {
      lines.push(nodeLine(ids, node, mermaidText(node.label)));
      drawn.push(node);
    }
  }
  for (const edge of view.graph.edges) {
    if (edge.kind === "writes") lines.push(`  ${ids.get(edge.from)} --> ${ids.get(edge.to)}`);
    else if (edge.kind === "reads") lines.push(`  ${ids.get(edge.from)} -.-> ${ids.get(edge.to)}`);
  }
  return [...lines, ...classes(view, ids, drawn)];
}

/**
 * Renders a view as a Mermaid flowchart; node ids are n0, n1, … in the view's order. `full`
 * draws every node and edge left to right, edges labelled with their kind; `phases` the
 * dependency arrows top down (prerequisite first), each phase with the layers it writes; `layers` the modules in one subgraph per layer, written (solid) and read (dotted).
 */
export function renderMermaid(view: GraphView): string {
  const ids = new Map(view.graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const lines = view.level === "phases" ? phasesLevel(view, ids) : view.level === "layers" ? layersLevel(view, ids) : fullLevel(view, ids);
  return `${lines.join("\n")}\n`;
}
