import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { renderDot } from "../../cli/graph-formats/dot.js";
import { renderHtml } from "../../cli/graph-formats/html.js";
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES } from "../../cli/graph-formats/index.js";
import { renderMermaid } from "../../cli/graph-formats/mermaid.js";
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
];

function hostileGraph(): TaskGraphDocument {
  const p1 = { ...phaseReport("P1", { unblocks: ["P2"] }), flow: { trigger: "t", steps: HOSTILE, exit_conditions: [] } };
  (p1.phase_meta as Record<string, unknown>).title = 'Title "with" <tags> \\ and\nnewline';
  const graph = checkFiles(jsonBundle([p1, phaseReport("P2", { dependsOn: ["P1"] })], { specKit: 1, name: 'bundle "quoted" <x>' })).graph;
  return graph!.toJSON();
}

const dotVersion = spawnSync("dot", ["-V"], { encoding: "utf8" });
const hasDot = dotVersion.status === 0;
if (!hasDot) console.warn("graph-formats: Graphviz `dot` is not installed; the DOT round-trip tests are skipped (apt-get install graphviz)");

describe("graph renderers", () => {
  it.skipIf(!hasDot)("DOT is accepted by Graphviz, with every hostile label kept inside its node (needs `dot`)", () => {
    const graph = hostileGraph();
    const dot = renderDot(graph);
    const svg = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
    expect(svg.stderr).toBe("");
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain("<svg");
    const json = spawnSync("dot", ["-Tjson0"], { input: dot, encoding: "utf8" });
    const parsed = JSON.parse(json.stdout) as { objects: { name: string }[]; edges: unknown[] };
    expect(parsed.objects.map((o) => o.name).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(parsed.edges).toHaveLength(graph.edges.length);
  });

  it("DOT escapes quotes and backslashes and flattens newlines", () => {
    const dot = renderDot(hostileGraph());
    expect(dot.startsWith('digraph "task-graph:bundle \\"quoted\\" <x>" {\n')).toBe(true);
    expect(dot).toContain('label="x\\"]; injected -> pwned; \\""');
    expect(dot).toContain('label="quote \\" and backslash \\\\ and a trailing backslash \\\\"');
    expect(dot).toContain('label="line one line two tabbed nul"');
    expect(dot).toContain('"phase:P2" -> "phase:P1" [label="depends_on"];');
  });

  it("Mermaid is a flowchart LR whose labels cannot close their quotes or carry markup", () => {
    const text = renderMermaid(hostileGraph());
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("flowchart LR");
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}(n\d+\S*"[^"]*"\S*|n\d+ -->\|[a-z_]+\| n\d+|classDef \w+ .+|class [n\d,]+ \w+)$/);
    expect(text).toContain("x#quot;]; injected -#gt; pwned; #quot;");
    expect(text).toContain("#lt;script#gt;alert(1)#lt;/script#gt; #amp; #lt;b#gt;bold#lt;/b#gt;");
    expect(text).toContain("entity #35;quot; and #96;code#96;");
    expect(text).not.toMatch(/<script/);
  });

  it("HTML is self-contained, script-free, and escapes every text", () => {
    const html = renderHtml(hostileGraph());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).toContain('<pre class="mermaid">\nflowchart LR\n');
    expect(html).not.toMatch(/<script|src=|href=|https?:/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(html).toContain("<title>Task graph: bundle &quot;quoted&quot; &lt;x&gt;</title>");
    expect(html).toContain("<td>phases/P1.json flow.steps[1]</td>");
  });

  it("renders the same text for the same bundle, whatever order the host lists its files in", () => {
    const files = jsonBundle([phaseReport("P1", { unblocks: ["P2"] }), phaseReport("P2", { dependsOn: ["P1"] }), phaseReport("P10")]);
    const host = memoryHost(files);
    const reversed = { listFiles: () => [...host.listFiles()].reverse(), readFile: host.readFile };
    const forward = checkBundle(host, { rules: ALL_RULES }).graph!.toJSON();
    const backward = checkBundle(reversed, { rules: ALL_RULES }).graph!.toJSON();
    for (const name of GRAPH_FORMAT_NAMES) expect(GRAPH_FORMATS[name](backward)).toBe(GRAPH_FORMATS[name](forward));
  });
});
