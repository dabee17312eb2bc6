import { describe, expect, it } from "vitest";
import { MAX_LABEL } from "../../cli/graph-formats/graph-format.js";
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES, type GraphFormatName } from "../../cli/graph-formats/index.js";
import { loadGraphviz } from "../../cli/graph-formats/layout.js";
import { MAX_LAYOUT_WORK, isDrawable, layoutWork, viewLayoutWork } from "../../cli/graph-formats/layout-work.js";
import { renderSvg } from "../../cli/graph-formats/svg.js";
import { renderMermaid } from "../../cli/graph-formats/mermaid.js";
import { fullGraphView, selectGraphView } from "../../compiler/bind/graph-view.js";
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

const layout = await loadGraphviz();

/**
 * `graph` as `name` prints it: the whole graph, except in svg, which refuses a view this large
 * at the full level (see "graph layout work" below) and so is asked for the layers level.
 */
function render(name: GraphFormatName, graph: TaskGraphDocument): string {
  const view = name === "svg" ? selectGraphView(graph, { level: "layers" }).view! : fullGraphView(graph);
  return GRAPH_FORMATS[name].render(view, layout);
}

describe("graph output size", () => {
  const title = `Title ${"x".repeat(50_000)} end`;
  const { bytes, graph } = bundleGraph(400, (phase) => {
    (phase.phase_meta as Record<string, unknown>).title = title;
  });
  const rendered = Object.fromEntries(GRAPH_FORMAT_NAMES.map((name) => [name, render(name, graph)]));
  const items = graph.nodes.length + graph.edges.length;

  it.each(GRAPH_FORMAT_NAMES)("stays within the input's size plus a constant per node and edge in %s", (name) => {
    expect(rendered[name]!.length).toBeLessThan(2 * bytes + 500 * items);
  });

  it("keeps a long title whole once, in the JSON label and the HTML phase table, and shortened everywhere else", () => {
    expect(count(rendered.json!, title)).toBe(1);
    expect(count(rendered.html!, title)).toBe(1);
    expect(rendered.html).toMatch(new RegExp(`<td>P1: ${title}<br><small>`));
    expect(count(rendered.dot!, title)).toBe(0);
    expect(count(rendered.mermaid!, title)).toBe(0);
    expect(count(rendered.svg!, title)).toBe(0);
    const shortened = `P1: Title ${"x".repeat(MAX_LABEL - 11)}…`;
    expect(rendered.dot).toContain(`label="${shortened}"`);
    expect(rendered.html).toContain(`title="${shortened}"`);
    expect(rendered.svg).toContain(`>${shortened}</text>`);
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
      const text = render(name, long.graph);
      expect(text.length, name).toBeLessThan(2 * long.bytes + 500 * (long.graph.nodes.length + long.graph.edges.length));
    }
  });
});

describe("graph layout work", () => {
  /** A phase linked to every step of a chain of `n`: the shape of a phase's flow at the full level. */
  function chain(n: number): { nodes: string[]; arrows: Array<{ from: string; to: string }> } {
    const nodes = ["p", ...Array.from({ length: n }, (_, i) => `s${i}`)];
    const arrows = nodes.slice(1).flatMap((id, i) => [{ from: "p", to: id }, ...(i > 0 ? [{ from: `s${i - 1}`, to: id }] : [])]);
    return { nodes, arrows };
  }

  it("counts the ranks each arrow crosses, so a chain with a hub grows with its square", () => {
    const small = chain(10);
    // Ranks 0..10; p -> s_i crosses i - 1 ranks: 0 + 1 + … + 9 = 45, plus 11 nodes.
    expect(layoutWork(small.nodes, small.arrows, false)).toBe(56);
    // Labels sit on ranks of their own: every arrow crosses twice as many, plus its label.
    expect(layoutWork(small.nodes, small.arrows, true)).toBe(11 + 2 * 45 + small.arrows.length);
    const big = chain(200);
    expect(layoutWork(big.nodes, big.arrows, false)).toBeGreaterThan(MAX_LAYOUT_WORK);
  });

  it("breaks cycles and ignores self-loops and arrows to unknown nodes", () => {
    const arrows = [{ from: "a", to: "b" }, { from: "b", to: "c" }, { from: "c", to: "a" }, { from: "a", to: "a" }, { from: "a", to: "zz" }];
    // a -> b -> c, and c -> a turned round spans two ranks, crossing one.
    expect(layoutWork(["a", "b", "c"], arrows, false)).toBe(3 + 1);
    // A chain far deeper than a call stack: walked without recursion, no arrow crosses a rank.
    const ids = Array.from({ length: 200_000 }, (_, i) => `n${i}`);
    expect(layoutWork(ids, ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id })), false)).toBe(ids.length);
  });

  it("refuses to draw the whole graph of a phase with 400 steps, and says how to narrow it", () => {
    const { graph } = bundleGraph(400, () => undefined);
    const full = fullGraphView(graph);
    expect(graph.nodes.length).toBeLessThan(500);
    expect(viewLayoutWork(full)).toBeGreaterThan(MAX_LAYOUT_WORK);
    expect(isDrawable(full)).toBe(false);
    expect(() => renderSvg(full, () => expect.unreachable("laid out"))).toThrow(/choose --level phases or layers, or --focus ID --depth N/);
    const html = GRAPH_FORMATS.html.render(full, () => expect.unreachable("laid out"));
    expect(html).toMatch(/<p>Not drawn: the full view has \d+ nodes and \d+ edges, \d+ places to lay out, more than a picture takes \(4000\); choose --level/);
    expect(isDrawable(selectGraphView(graph, { level: "phases" }).view!)).toBe(true);
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
    const mermaid = renderMermaid(fullGraphView(graph));
    expect(mermaid).not.toContain("%");
    expect(mermaid).toContain("#37;#37;{init: {#quot;securityLevel#quot;: #quot;loose#quot;");
  });
});
