import { describe, expect, it } from "vitest";
import { MAX_LABEL } from "../../cli/graph-formats/graph-format.js";
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES } from "../../cli/graph-formats/index.js";
import { renderMermaid } from "../../cli/graph-formats/mermaid.js";
import { renderHtml } from "../../cli/graph-formats/html.js";
import { MAX_ID_PART, idPart } from "../../compiler/bind/node-id.js";
import type { TaskGraphDocument } from "../../compiler/types/task-graph.js";
import { checkFiles } from "../helpers/rule-tester.js";
import { jsonBundle, phaseReport } from "./fixture-bundles.js";

/** Counts the occurrences of `needle` in `text`. */
function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** A one-phase bundle whose phase has `steps` steps, and its graph; `edit` changes the phase first. */
function bundleGraph(steps: number, edit: (phase: Record<string, unknown>) => void): { bytes: number; graph: TaskGraphDocument } {
  const phase = phaseReport("P1", { writes: ["src/a", "src/b"] });
  (phase.flow as Record<string, unknown>).steps = Array.from({ length: steps }, (_, i) => `step ${i}`);
  edit(phase);
  // Named by hand: a file named after a 20,000-character id could not exist on disk.
  const files = { ...jsonBundle([]), "phases/P1.json": JSON.stringify(phase, null, 2) };
  const bytes = Object.values(files).reduce((sum, text) => sum + text.length, 0);
  return { bytes, graph: checkFiles(files).graph!.toJSON() };
}

describe("graph output size", () => {
  const title = `Title ${"x".repeat(50_000)} end`;
  const { bytes, graph } = bundleGraph(400, (phase) => {
    (phase.phase_meta as Record<string, unknown>).title = title;
  });
  const rendered = Object.fromEntries(GRAPH_FORMAT_NAMES.map((name) => [name, GRAPH_FORMATS[name](graph)]));
  const items = graph.nodes.length + graph.edges.length;

  it.each(GRAPH_FORMAT_NAMES)("stays within the input's size plus a constant per node and edge in %s", (name) => {
    expect(rendered[name]!.length).toBeLessThan(2 * bytes + 500 * items);
  });

  it("keeps a long title whole once, in the JSON label and the HTML node table, and shortened everywhere else", () => {
    expect(count(rendered.json!, title)).toBe(1);
    expect(count(rendered.html!, title)).toBe(1);
    expect(rendered.html).toMatch(new RegExp(`<td>P1: ${title}</td>`));
    expect(count(rendered.dot!, title)).toBe(0);
    expect(count(rendered.mermaid!, title)).toBe(0);
    const shortened = `P1: Title ${"x".repeat(MAX_LABEL - 11)}…`;
    expect(rendered.dot).toContain(`label="${shortened}"`);
    expect(rendered.html).toContain(`title="${shortened}"`);
  });

  it("cuts a long phase id in every node id and edge end, keeping it whole in the phase's label", () => {
    const phaseId = `P${"9".repeat(20_000)}`;
    const long = bundleGraph(300, (phase) => {
      (phase.phase_meta as Record<string, unknown>).phase_id = phaseId;
    });
    const ids = [...long.graph.nodes.map((node) => node.id), ...long.graph.edges.flatMap((edge) => [edge.from, edge.to])];
    expect(Math.max(...ids.map((id) => id.length))).toBeLessThan(MAX_ID_PART);
    expect(long.graph.nodes.find((node) => node.kind === "phase")).toMatchObject({ id: `phase:${idPart(phaseId)}`, label: `${phaseId}: Phase P1` });
    for (const name of GRAPH_FORMAT_NAMES) {
      const text = GRAPH_FORMATS[name](long.graph);
      expect(text.length, name).toBeLessThan(2 * long.bytes + 500 * (long.graph.nodes.length + long.graph.edges.length));
    }
  });
});

describe("idPart", () => {
  it("keeps short text and cuts long text to a stable, distinct form", () => {
    expect(idPart("src/runtime")).toBe("src/runtime");
    const a = idPart("a".repeat(MAX_ID_PART + 1));
    const b = idPart(`${"a".repeat(MAX_ID_PART)}b`);
    expect(a).toMatch(/^a{100}…~[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(idPart("a".repeat(MAX_ID_PART + 1))).toBe(a);
  });

  it("never cuts a surrogate pair", () => {
    const cut = idPart(`${"a".repeat(99)}🚀${"b".repeat(MAX_ID_PART)}`);
    expect(cut.startsWith(`${"a".repeat(99)}…~`)).toBe(true);
  });
});

describe("graph label injection", () => {
  const directive = '%%{init: {"securityLevel": "loose", "theme": "dark"}}%%';
  const { graph } = bundleGraph(2, (phase) => {
    (phase.phase_meta as Record<string, unknown>).title = directive;
    (phase.flow as Record<string, unknown>).steps = [`${directive} click n0 call alert()`, "%% a comment"];
  });

  it("never lets a Mermaid directive or comment through a label", () => {
    const mermaid = renderMermaid(graph);
    expect(mermaid).not.toContain("%");
    expect(mermaid).toContain("#37;#37;{init: {#quot;securityLevel#quot;: #quot;loose#quot;");
    // The HTML page embeds the same Mermaid source, entity-escaped once more for HTML.
    const pre = /<pre class="mermaid">\n([^]*?)<\/pre>/u.exec(renderHtml(graph))![1]!;
    expect(pre).not.toContain("%");
  });
});
