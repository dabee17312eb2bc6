import { createHash } from "node:crypto";
import { sourceText, type GraphView } from "../../compiler/bind/graph-view.js";
import { displayLabel, type GraphLayout } from "./graph-format.js";
import { isDrawable, tooLargeToDraw } from "./layout-work.js";
import { drawSvg } from "./svg.js";

const HTML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const STYLE = `*{box-sizing:border-box}
html,body{height:100%;margin:0}
body{font:14px/1.4 system-ui,sans-serif;color:#212529;display:flex;flex-direction:column}
header{padding:.5rem 1rem;border-bottom:1px solid #dee2e6}
h1{font-size:1.2rem;margin:0}h2{font-size:1rem;margin:1rem 0 .4rem}
header p{margin:.2rem 0 0;color:#495057}
main{flex:1;display:flex;min-height:0}
#drawing{flex:1 1 62%;display:flex;flex-direction:column;min-width:0;border-right:1px solid #dee2e6}
.toolbar{padding:.3rem .5rem;display:flex;gap:.3rem;align-items:center;color:#495057;font-size:12px;border-bottom:1px solid #dee2e6}
.toolbar button{font:inherit;min-width:2rem}
.canvas{flex:1;min-height:0;overflow:hidden;cursor:grab;background:#fff;touch-action:none}
.canvas svg{width:100%;height:100%;display:block}
.note{padding:1rem}
aside{flex:1 1 38%;overflow:auto;padding:0 1rem 1rem;min-width:0}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #dee2e6;padding:.2rem .4rem;font-size:13px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f8f9fa;position:sticky;top:0;white-space:nowrap}
tr:target{background:#fff3cd}
code,small{font-size:12px}small{color:#495057}
@media (max-width:900px){body{display:block;height:auto}main{display:block}#drawing{height:75vh;border-right:0}}`;

/**
 * Pan and zoom by the SVG's viewBox: drag to pan, the wheel zooms about the pointer, the
 * toolbar's buttons zoom about the centre or fit the whole drawing again (a small drawing
 * is not blown up past its drawn size). A drag never
 * follows the link of the node it started on; a click does (to the node's table row).
 */
const SCRIPT = `(() => {
  const svg = document.querySelector("#drawing svg");
  if (!svg) return;
  const drawn = svg.getAttribute("viewBox").trim().split(/[\\s,]+/).map(Number);
  // The whole drawing, never larger than Graphviz drew it (1pt = 4/3 px), centred.
  const fit = () => {
    const { width, height } = svg.getBoundingClientRect();
    if (Math.min(width / drawn[2], height / drawn[3]) <= 4 / 3) return drawn.slice();
    const w = width * 3 / 4;
    const h = height * 3 / 4;
    return [drawn[0] - (w - drawn[2]) / 2, drawn[1] - (h - drawn[3]) / 2, w, h];
  };
  let box = fit();
  let drag = null;
  let dragged = false;
  const show = () => svg.setAttribute("viewBox", box.join(" "));
  show();
  const at = (event) => new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
  const zoom = (factor, point) => {
    box = [point.x - (point.x - box[0]) * factor, point.y - (point.y - box[1]) * factor, box[2] * factor, box[3] * factor];
    show();
  };
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(event.deltaY > 0 ? 1.2 : 1 / 1.2, at(event));
  }, { passive: false });
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { point: at(event), x: event.clientX, y: event.clientY };
    dragged = false;
  });
  window.addEventListener("pointermove", (event) => {
    if (!drag) return;
    if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > 4) dragged = true;
    if (!dragged) return;
    const point = at(event);
    box[0] -= point.x - drag.point.x;
    box[1] -= point.y - drag.point.y;
    show();
  });
  window.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("click", (event) => {
    if (dragged) event.preventDefault();
    dragged = false;
  }, true);
  for (const button of document.querySelectorAll("[data-zoom]")) {
    button.addEventListener("click", () => {
      const how = button.getAttribute("data-zoom");
      if (how === "fit") {
        box = fit();
        show();
      } else zoom(how === "in" ? 1 / 1.25 : 1.25, { x: box[0] + box[2] / 2, y: box[1] + box[3] / 2 });
    });
  }
})();`;

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** Nothing loads, nothing but the page's own style and script runs: no label can add either. */
const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; base-uri 'none'; form-action 'none'`;

/** The anchor of the view's i-th node: its table row, which its drawn node links to. */
const anchor = (index: number) => `n${index}`;

/** What the level draws, as the legend under the toolbar says it. */
const LEGENDS: Readonly<Record<GraphView["level"], string>> = {
  phases: "Each arrow runs from a prerequisite to a phase that depends on it; each box names the layers the phase writes.",
  layers: "Green boxes are layers holding their modules; phases write modules (solid) and read them (dashed).",
  full: "Every node and edge of the typed task graph; edges are labelled with their kind.",
};

function list(items: readonly string[]): string {
  return escapeHtml(items.join(", "));
}

function table(title: string, head: readonly string[], rows: readonly string[]): string {
  if (rows.length === 0) return "";
  return `<h2>${title}</h2>
<table>
<thead><tr>${head.map((cell) => `<th>${cell}</th>`).join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
`;
}

function rowId(index: number | undefined): string {
  return index === undefined ? "" : ` id="${anchor(index)}"`;
}

/** The tables beside the drawing: phases, layers, other nodes and edges, with every text whole. */
function tables(view: GraphView): string {
  const position = new Map(view.graph.nodes.map((node, index) => [node.id, index]));
  const labels = new Map(view.graph.nodes.map((node) => [node.id, displayLabel(node.label)]));
  const phaseRows = view.phases.map((phase) => {
    const { steps, tests, criteria, invariants } = phase.counts;
    const layers = [
      phase.writes.length > 0 ? `writes ${list(phase.writes)}` : "",
      phase.reads.length > 0 ? `reads ${list(phase.reads)}` : "",
    ].filter((line) => line !== "");
    return (
      `<tr${rowId(position.get(phase.node.id))}><td>${escapeHtml(phase.node.label)}` +
      `<br><small>${steps} steps, ${tests} tests, ${criteria} criteria, ${invariants} invariants; ${escapeHtml(phase.node.source?.file ?? "")}</small></td>` +
      `<td>${list(phase.dependsOn)}</td><td>${layers.join("<br>")}</td></tr>`
    );
  });
  const layerRows = view.layers.map(
    (layer) =>
      `<tr${rowId(position.get(layer.node.id))}><td>${escapeHtml(layer.node.label)}${layer.node.gated === true ? "<br><small>gated</small>" : ""}</td>` +
      `<td>${list(layer.modules)}</td><td>${list(layer.writtenBy)}</td><td>${list(layer.readBy)}</td></tr>`,
  );
  const nodeRows = view.graph.nodes.flatMap((node, index) =>
    node.kind === "phase" || node.kind === "layer"
      ? []
      : [`<tr${rowId(index)}><td><code>${escapeHtml(node.id)}</code></td><td>${node.kind}</td><td>${escapeHtml(node.label)}</td><td>${escapeHtml(sourceText(node.source))}</td></tr>`],
  );
  const edgeRows = view.graph.edges.map(
    (edge) =>
      `<tr><td title="${escapeHtml(labels.get(edge.from) ?? "")}"><code>${escapeHtml(edge.from)}</code></td><td>${edge.kind}</td>` +
      `<td title="${escapeHtml(labels.get(edge.to) ?? "")}"><code>${escapeHtml(edge.to)}</code></td><td>${escapeHtml(sourceText(edge.source))}</td></tr>`,
  );
  return [
    table("Phases", ["phase", "depends on", "layers"], phaseRows),
    table("Layers", ["layer", "modules", "written by", "read by"], layerRows),
    table("Nodes", ["id", "kind", "label", "source"], nodeRows),
    table("Edges", ["from", "kind", "to", "source"], edgeRows),
  ].join("");
}

/** The drawing, or why there is none. */
function drawing(view: GraphView, layout: GraphLayout): string {
  if (view.graph.nodes.length === 0) return `<div class="canvas note"><p>Nothing to draw: the view is empty.</p></div>`;
  if (!isDrawable(view)) return `<div class="canvas note"><p>Not drawn: ${escapeHtml(tooLargeToDraw(view))}. The tables list it all.</p></div>`;
  const svg = drawSvg(view, layout, { anchor })
    .replace(/^<svg width="[^"]*" height="[^"]*"/, `<svg role="img" aria-label="task graph" preserveAspectRatio="xMidYMid meet"`)
    .trimEnd();
  return `<div class="canvas">
${svg}
</div>`;
}

/** A one-line account of what the page shows. */
function summary(view: GraphView): string {
  const { graph, whole } = view;
  const focus = view.focus ? `, within ${view.focus.depth} hop${view.focus.depth === 1 ? "" : "s"} of ${escapeHtml(displayLabel(view.focus.id))}` : "";
  return `Level ${view.level}${focus}: ${graph.nodes.length} nodes and ${graph.edges.length} edges of ${whole.nodes} and ${whole.edges}; ${view.phases.length} phases, ${view.layers.length} layers.`;
}

/**
 * Renders a view as one self-contained page: the drawing (SVG laid out by Graphviz, inline),
 * with pan and zoom, and beside it the tables of phases, layers, nodes and edges. Nothing is
 * fetched: a content security policy allows only the page's own style and script (by hash).
 * Every text is escaped; a label appears in full once, in a table, and shortened in the
 * drawing and tooltips, so the page grows with the graph, not with a long label times its edges.
 */
export function renderHtml(view: GraphView, layout: GraphLayout): string {
  const title = escapeHtml(`Task graph: ${displayLabel(view.graph.bundle)}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="spec-kit graph">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p>${summary(view)}</p>
</header>
<main>
<section id="drawing" aria-label="drawing">
<div class="toolbar"><button type="button" data-zoom="in" title="zoom in">+</button><button type="button" data-zoom="out" title="zoom out">−</button><button type="button" data-zoom="fit" title="show all">fit</button><span>Drag to pan, wheel to zoom, click a node for its row. ${LEGENDS[view.level]}</span></div>
${drawing(view, layout)}
</section>
<aside>
${tables(view)}</aside>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
