import type { GraphView } from "../../compiler/bind/graph-view.js";
import { renderDot, type DotOptions } from "./dot.js";
import type { GraphLayout } from "./graph-format.js";
import { isDrawable, tooLargeToDraw } from "./layout-work.js";

/**
 * The `<svg>` element Graphviz drew for `view`, without the XML prolog, the DOCTYPE (its DTD
 * address is never fetched, but nothing of the picture needs it) or comments. Graphviz escapes
 * every text it writes (`-` too, inside comments), so no label can end a comment or a tag.
 */
export function drawSvg(view: GraphView, layout: GraphLayout, options: DotOptions = {}): string {
  const svg = layout(renderDot(view, options));
  const start = svg.indexOf("<svg");
  if (start < 0) throw new Error("Graphviz returned no <svg> element");
  return svg.slice(start).replace(/<!--[^]*?-->\n?/g, "");
}

/**
 * Renders a view as a standalone SVG document, laid out by Graphviz (`dot`). A view too large
 * to lay out is a bug of the caller, which asks {@link isDrawable} first (the CLI does): it throws.
 */
export function renderSvg(view: GraphView, layout: GraphLayout): string {
  if (!isDrawable(view)) throw new Error(`cannot draw: ${tooLargeToDraw(view)}`);
  const svg = drawSvg(view, layout);
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${svg.endsWith("\n") ? svg : `${svg}\n`}`;
}
