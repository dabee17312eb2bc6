import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { renderDot } from "../../cli/graph-formats/dot.js";
import { renderHtml } from "../../cli/graph-formats/html.js";
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES } from "../../cli/graph-formats/index.js";
import { loadGraphviz } from "../../cli/graph-formats/layout.js";
import { renderMermaid } from "../../cli/graph-formats/mermaid.js";
import { renderSvg } from "../../cli/graph-formats/svg.js";
import { fullGraphView, selectGraphView, type GraphLevel, type GraphView } from "../../compiler/bind/graph-view.js";
import type { TaskGraphDocument } from "../../compiler/types/task-graph.js";
import { checkBundle } from "../../compiler/program.js";
import { ALL_RULES } from "../../rules/index.js";
import { memoryHost } from "../helpers/memory-host.js";
import { checkFiles } from "../helpers/rule-tester.js";
import { jsonBundle, phaseReport } from "./fixture-bundles.js";

const HOSTILE = [
  'quote " and backslash \\ and a trailing backslash \\',
  'x"]; injected -> pwned; "',
  "<script>alert(1)</script> & <b>bold</b>",
  "line one\nline two\r\n\ttabbed \u0000 nul",
  "entity #quot; and `code` and {{braces}} |pipe| end",
  "ünïcödé ✓ 🚀",
  "</script><script>alert(1)</script>",
  "<svg onload=alert(2)><img src=x onerror=alert(3)>",
  "&lt;script&gt;alert(4)&lt;/script&gt; &#60;b&#62; &#x3C;i&#x3E; &amp;amp;",
  "--> <!-- ]]> <![CDATA[ x ]]> \\N \\G \\L",
];

const layout = await loadGraphviz();

/** The hostile graph at `level`. */
function hostileView(level: GraphLevel): GraphView {
  return selectGraphView(hostileGraph(), { level }).view!;
}

/** Text of markup with its entities read, as a browser shows it. */
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, name: string) => {
    if (name[0] === "#") return String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()]!;
  });
}

/** The elements of SVG Graphviz draws with; anything else in a drawing came from a label. */
const SVG_ELEMENTS = new Set(["svg", "g", "title", "a", "polygon", "polyline", "path", "ellipse", "text"]);

/** The names of every attribute of every tag in `markup` (quoted values skipped, as a browser reads them). */
function attributeNames(markup: string): string[] {
  const names: string[] = [];
  for (const [, attributes] of markup.matchAll(/<[A-Za-z][\w:-]*((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    for (const [, name] of attributes!.matchAll(/\s+([^\s=>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g)) names.push(name!.toLowerCase());
  }
  return names;
}

/** Checks that an SVG (or the part of a page holding it) has only drawing elements, no handlers, and only in-page links. */
function expectInertSvg(svg: string): void {
  const tags = [...svg.matchAll(/<\/?([A-Za-z][\w:-]*)/g)].map((match) => match[1]!.toLowerCase());
  expect(new Set(tags.filter((tag) => !SVG_ELEMENTS.has(tag)))).toEqual(new Set());
  expect(attributeNames(svg).filter((name) => name.startsWith("on"))).toEqual([]);
  expect(svg).not.toMatch(/<!--|<!\[CDATA\[|<\?/);
  for (const [, href] of svg.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#n\d+$/);
}

function hostileGraph(): TaskGraphDocument {
  const p1 = { ...phaseReport("P1", { unblocks: ["P2"] }), flow: { trigger: "t", steps: HOSTILE, exit_conditions: [] } };
  (p1.phase_meta as Record<string, unknown>).title = 'Title "with" <tags> \\ and\nnewline';
  const graph = checkFiles(jsonBundle([p1, phaseReport("P2", { dependsOn: ["P1"] })], {
    specKit: 1,
    name: 'bundle "quoted" <x>',
    layers: [{ id: "session-core", modules: ["src/session"], gated: true }],
  })).graph;
  return graph!.toJSON();
}

const dotVersion = spawnSync("dot", ["-V"], { encoding: "utf8" });
const hasDot = dotVersion.status === 0;
if (!hasDot) console.warn("graph-formats: Graphviz `dot` is not installed; the DOT round-trip tests are skipped (apt-get install graphviz)");

describe("graph renderers", () => {
  it.skipIf(!hasDot)("DOT is accepted by Graphviz, with every hostile label kept inside its node (needs `dot`)", () => {
    const graph = hostileGraph();
    const dot = renderDot(fullGraphView(graph));
    const svg = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
    expect(svg.stderr).toBe("");
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain("<svg");
    const json = spawnSync("dot", ["-Tjson0"], { input: dot, encoding: "utf8" });
    const parsed = JSON.parse(json.stdout) as { objects: { name: string }[]; edges: unknown[] };
    expect(parsed.objects.map((o) => o.name).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(parsed.edges).toHaveLength(graph.edges.length);
  });

  it("DOT escapes quotes, backslashes and entity starts and flattens newlines", () => {
    const dot = renderDot(fullGraphView(hostileGraph()));
    expect(dot.startsWith('digraph "task-graph:bundle \\"quoted\\" <x>" {\n')).toBe(true);
    expect(dot).toContain('label="x\\"]; injected -> pwned; \\""');
    expect(dot).toContain('label="quote \\" and backslash \\\\ and a trailing backslash \\\\"');
    expect(dot).toContain('label="line one line two tabbed nul"');
    expect(dot).toContain('label="&amp;lt;script&amp;gt;alert(4)&amp;lt;/script&amp;gt; &amp;#60;b&amp;#62;');
    expect(dot).toContain('"phase:P2" -> "phase:P1" [label="depends_on"];');
  });

  it("DOT at the phases level draws one arrow per dependency, prerequisite first, with the layers a phase writes", () => {
    const dot = renderDot(hostileView("phases"));
    expect(dot).toContain('"phase:P1" -> "phase:P2";');
    expect(dot).not.toContain('"phase:P2" -> "phase:P1"');
    expect(dot.match(/->/g)).toHaveLength(1);
    expect(dot).toContain("<b>P1: Title &quot;with&quot; &lt;tags&gt; \\ and</b><br/><b>newline</b>");
    expect(dot).not.toMatch(/step:/);
  });

  it("Mermaid is a flowchart LR whose labels cannot close their quotes or carry markup", () => {
    const text = renderMermaid(fullGraphView(hostileGraph()));
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("flowchart LR");
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}(n\d+\S*"[^"]*"\S*|n\d+ -->\|[a-z_]+\| n\d+|classDef \w+ .+|class [n\d,]+ \w+)$/);
    expect(text).toContain("x#quot;]; injected -#gt; pwned; #quot;");
    expect(text).toContain("#lt;script#gt;alert(1)#lt;/script#gt; #amp; #lt;b#gt;bold#lt;/b#gt;");
    expect(text).toContain("entity #35;quot; and #96;code#96;");
    expect(text).not.toMatch(/<script|<svg|&lt;/);
  });

  it("Mermaid at the phases level is a flowchart TB of phases, one arrow per dependency", () => {
    const text = renderMermaid(hostileView("phases"));
    expect(text.split("\n").slice(0, 4)).toEqual([
      "flowchart TB",
      '  n0["P1: Title #quot;with#quot; #lt;tags#gt; \\ and newline<br/><small>writes session-core (gated)</small>"]',
      '  n1["P2: Phase P2<br/><small>writes session-core (gated)</small>"]',
      "  n0 --> n1",
    ]);
  });

  it.each(["full", "phases"] as const)("SVG at the %s level has drawing elements only, every hostile label drawn as text", (level) => {
    const svg = renderSvg(hostileView(level), layout);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg ')).toBe(true);
    expectInertSvg(svg.slice(svg.indexOf("<svg")));
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => decode(match[1]!)).join("\n");
    expect(texts).toContain("Title \"with\" <tags> \\ and");
    if (level === "full") {
      expect(texts).toContain("</script><script>alert(1)</script>");
      expect(texts).toContain("<svg onload=alert(2)><img src=x onerror=alert(3)>");
      // Entities in spec text are shown as typed, not read as markup.
      expect(texts).toContain("&lt;script&gt;alert(4)&lt;/script&gt; &#60;b&#62; &#x3C;i&#x3E; &amp;amp;");
      expect(texts).toContain("--> <!-- ]]> <![CDATA[ x ]]> \\N \\G \\L");
    }
  });

  it("HTML runs its one script only (by hash), loads nothing and escapes every text", () => {
    const html = renderHtml(hostileView("full"), layout);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    const script = /<script>([^]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([^]*?)<\/style>/.exec(html)![1]!;
    const sha = (text: string) => createHash("sha256").update(text).digest("base64");
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${sha(style)}'; script-src 'sha256-${sha(script)}'; base-uri 'none'; form-action 'none'">`,
    );
    const markup = html.replace(script, "");
    expect(attributeNames(markup).filter((name) => name.startsWith("on") || name === "src")).toEqual([]);
    expect(markup).not.toMatch(/<(link|iframe|img|object|embed)/i);
    expect([...markup.matchAll(/https?:\/\/[^"\s]*/g)].map((m) => m[0])).toEqual(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]);
    expectInertSvg(/<svg[^]*<\/svg>/.exec(html)![0]);
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&amp;lt;script&amp;gt;alert(4)&amp;lt;/script&amp;gt; &amp;#60;b&amp;#62;");
    expect(html).toContain("<title>Task graph: bundle &quot;quoted&quot; &lt;x&gt;</title>");
    expect(html).toContain("<td>phases/P1.json flow.steps[1]</td>");
  });

  it("HTML links each drawn node to its table row", () => {
    const html = renderHtml(hostileView("phases"), layout);
    expect(html).toContain('<tr id="n0"><td>P1: Title &quot;with&quot; &lt;tags&gt; \\ and\nnewline<br><small>');
    expect(html).toContain('<a xlink:href="#n0"');
    expect(html).toContain('<a xlink:href="#n1"');
  });

  it("renders the same text for the same bundle, whatever order the host lists its files in", () => {
    const files = jsonBundle([phaseReport("P1", { unblocks: ["P2"] }), phaseReport("P2", { dependsOn: ["P1"] }), phaseReport("P10")]);
    const host = memoryHost(files);
    const reversed = { listFiles: () => [...host.listFiles()].reverse(), readFile: host.readFile };
    const forward = checkBundle(host, { rules: ALL_RULES }).graph!.toJSON();
    const backward = checkBundle(reversed, { rules: ALL_RULES }).graph!.toJSON();
    for (const name of GRAPH_FORMAT_NAMES) {
      for (const level of ["phases", "layers", "full"] as const) {
        const render = (graph: TaskGraphDocument) => GRAPH_FORMATS[name].render(selectGraphView(graph, { level }).view!, layout);
        expect(render(backward), `${name} ${level}`).toBe(render(forward));
      }
    }
  });
});
