import { renderDot } from "./dot.js";
import type { GraphRenderer } from "./graph-format.js";
import { renderHtml } from "./html.js";
import { renderMermaid } from "./mermaid.js";

export type { GraphRenderer } from "./graph-format.js";

/** The `spec-kit graph --format` choices, the default first. */
export const GRAPH_FORMAT_NAMES = ["json", "dot", "mermaid", "html"] as const;
/** One `--format` choice of `spec-kit graph`. */
export type GraphFormatName = (typeof GRAPH_FORMAT_NAMES)[number];

/** One renderer per format; JSON is the schema's document, two-space indented. */
export const GRAPH_FORMATS: Readonly<Record<GraphFormatName, GraphRenderer>> = {
  json: (graph) => `${JSON.stringify(graph, null, 2)}\n`,
  dot: renderDot,
  mermaid: renderMermaid,
  html: renderHtml,
};
