import { renderDot } from "./dot.js";
import type { GraphFormat } from "./graph-format.js";
import { renderHtml } from "./html.js";
import { renderMermaid } from "./mermaid.js";
import { renderSvg } from "./svg.js";

export type { GraphFormat, GraphLayout } from "./graph-format.js";

/** The `spec-kit graph --format` choices, the default first. */
export const GRAPH_FORMAT_NAMES = ["json", "dot", "mermaid", "html", "svg"] as const;
/** One `--format` choice of `spec-kit graph`. */
export type GraphFormatName = (typeof GRAPH_FORMAT_NAMES)[number];

/**
 * One renderer per format. The text formats show the whole typed graph unless told otherwise
 * (JSON is the schema's document, two-space indented); the pictures, which are laid out here,
 * show the phases.
 */
export const GRAPH_FORMATS: Readonly<Record<GraphFormatName, GraphFormat>> = {
  json: { defaultLevel: "full", draws: false, render: (view) => `${JSON.stringify(view.graph, null, 2)}\n` },
  dot: { defaultLevel: "full", draws: false, render: (view) => renderDot(view) },
  mermaid: { defaultLevel: "full", draws: false, render: renderMermaid },
  html: { defaultLevel: "phases", draws: true, render: renderHtml },
  svg: { defaultLevel: "phases", draws: true, render: renderSvg },
};
