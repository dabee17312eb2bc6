import type { TaskGraphDocument, TaskNodeKind } from "../public-api.js";
import { idPart } from "../../compiler/bind/node-id.js";
import { KIND_COLORS, displayLabel, type GraphRenderer } from "./graph-format.js";

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

/** A DOT double-quoted string: backslashes and quotes escaped, so no text can end it early. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Renders the graph as Graphviz DOT (`dot -Tsvg`), left to right, one statement per line. */
export const renderDot: GraphRenderer = (graph: TaskGraphDocument): string => {
  const lines = [
    `digraph ${dotString(`task-graph:${idPart(graph.bundle)}`)} {`,
    `  graph [rankdir=LR, label=${dotString(displayLabel(graph.bundle))}];`,
    '  node [style=filled, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8];',
  ];
  for (const node of graph.nodes) {
    const attributes = [
      `label=${dotString(displayLabel(node.label))}`,
      `shape=${SHAPES[node.kind]}`,
      `fillcolor=${dotString(KIND_COLORS[node.kind])}`,
      `tooltip=${dotString(displayLabel(node.id))}`,
    ];
    lines.push(`  ${dotString(node.id)} [${attributes.join(", ")}];`);
  }
  for (const edge of graph.edges) {
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edge.kind)}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
};
