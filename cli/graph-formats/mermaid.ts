import type { TaskGraphDocument, TaskNodeKind } from "../public-api.js";
import { KIND_COLORS, displayLabel, type GraphRenderer } from "./graph-format.js";

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

/** Renders the graph as a Mermaid `flowchart LR`; node ids are n0, n1, … in the graph's sorted order. */
export const renderMermaid: GraphRenderer = (graph: TaskGraphDocument): string => {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const lines = ["flowchart LR"];
  for (const node of graph.nodes) {
    const [open, close] = SHAPES[node.kind];
    lines.push(`  ${ids.get(node.id)}${open}"${mermaidText(node.label)}"${close}`);
  }
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (from !== undefined && to !== undefined) lines.push(`  ${from} -->|${edge.kind}| ${to}`);
  }
  const kinds = [...new Set(graph.nodes.map((node) => node.kind))];
  for (const kind of kinds) {
    lines.push(`  classDef ${kind} fill:${KIND_COLORS[kind]},stroke:#6c757d`);
    lines.push(`  class ${graph.nodes.filter((node) => node.kind === kind).map((node) => ids.get(node.id)).join(",")} ${kind}`);
  }
  return `${lines.join("\n")}\n`;
};
