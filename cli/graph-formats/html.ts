import type { SourceRef, TaskGraphDocument } from "../public-api.js";
import { displayLabel, type GraphRenderer } from "./graph-format.js";
import { renderMermaid } from "./mermaid.js";

const HTML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

function where(source: SourceRef | undefined): string {
  if (!source) return "";
  const path = source.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("");
  return escapeHtml(`${source.file}${path ? ` ${path.replace(/^\./, "")}` : ""}`);
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#212529}
table{border-collapse:collapse;margin-bottom:2rem}td,th{border:1px solid #dee2e6;padding:.25rem .5rem;text-align:left;vertical-align:top}
pre{background:#f8f9fa;padding:1rem;overflow:auto}code{font-size:12px}`;

/**
 * Renders a self-contained HTML page: the Mermaid source in a `<pre class="mermaid">` (drawn
 * when Mermaid is present, readable as text when not) and tables of every node and edge. No
 * scripts and no network: a content security policy forbids both. Every text is escaped.
 * A label appears in full once, in the node table; the diagram, the page title and the edge
 * rows' tooltips carry it shortened, so the page grows with the graph, not with the product
 * of a long label and its edges.
 */
export const renderHtml: GraphRenderer = (graph: TaskGraphDocument): string => {
  const title = escapeHtml(`Task graph: ${displayLabel(graph.bundle)}`);
  const labels = new Map(graph.nodes.map((node) => [node.id, displayLabel(node.label)]));
  const nodeRows = graph.nodes.map(
    (node) =>
      `<tr><td><code>${escapeHtml(node.id)}</code></td><td>${node.kind}</td><td>${escapeHtml(node.label)}</td><td>${where(node.source)}</td></tr>`,
  );
  const edgeRows = graph.edges.map(
    (edge) =>
      `<tr><td title="${escapeHtml(labels.get(edge.from) ?? "")}"><code>${escapeHtml(edge.from)}</code></td><td>${edge.kind}</td>` +
      `<td title="${escapeHtml(labels.get(edge.to) ?? "")}"><code>${escapeHtml(edge.to)}</code></td><td>${where(edge.source)}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="spec-kit graph">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<p>${graph.nodes.length} nodes, ${graph.edges.length} edges.</p>
<h2>Diagram (Mermaid)</h2>
<pre class="mermaid">
${escapeHtml(renderMermaid(graph))}</pre>
<h2>Nodes</h2>
<table>
<thead><tr><th>id</th><th>kind</th><th>label</th><th>source</th></tr></thead>
<tbody>
${nodeRows.join("\n")}
</tbody>
</table>
<h2>Edges</h2>
<table>
<thead><tr><th>from</th><th>kind</th><th>to</th><th>source</th></tr></thead>
<tbody>
${edgeRows.join("\n")}
</tbody>
</table>
</body>
</html>
`;
};
