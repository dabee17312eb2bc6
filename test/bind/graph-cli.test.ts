import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/cli-io.js";
import { runCli } from "../../cli/run-cli.js";
import { phaseReport } from "./fixture-bundles.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/task-graph.schema.json", import.meta.url), "utf8"));
const bundle = (name: string) => fileURLToPath(new URL(`../fixtures/bundles/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "spec-kit-graph-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function recordingIo(): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    env: { NO_COLOR: "1" },
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

describe("spec-kit graph", () => {
  it("prints schema-valid JSON by default and exits 0 on a clean bundle", async () => {
    const io = recordingIo();
    expect(await runCli(["graph", bundle("layers-valid-yaml")], io)).toBe(0);
    const document = JSON.parse(io.out);
    expect(new Ajv2020({ strict: true }).validate(schema, document)).toBe(true);
    expect(document.bundle).toBe("layered");
    expect(io.err).toBe("");
  });

  it.each([
    ["dot", /^digraph "task-graph:graph-valid" \{\n/],
    ["mermaid", /^flowchart LR\n/],
    ["html", /^<!doctype html>\n/],
  ])("prints --format %s", async (format, start) => {
    const io = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-json"), "--format", format], io)).toBe(0);
    expect(io.out).toMatch(start);
  });

  it("still prints the graph of a bundle with errors, reports them on stderr and exits 1", async () => {
    const io = recordingIo();
    expect(await runCli(["graph", bundle("graph-errors-yaml"), "--format", "mermaid"], io)).toBe(1);
    expect(io.out).toMatch(/^flowchart LR\n/);
    expect(io.err).toContain("graph/no-cycle");
    expect(io.err).toContain("P1 -> P3 -> P2 -> P1");
  });

  it("writes the graph to --output instead of stdout", async () => {
    const io = recordingIo();
    const file = join(scratch, "graph.dot");
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "-f", "dot", "-o", file], io)).toBe(0);
    expect(io.out).toBe("");
    expect(readFileSync(file, "utf8")).toMatch(/^digraph /);
  });

  it("exits 1 with the manifest problem when there is no bundle to bind", async () => {
    const io = recordingIo();
    expect(await runCli(["graph", scratch], io)).toBe(1);
    expect(io.out).toBe("");
    expect(io.err).toContain("manifest/schema");
  });

  it("exits 2 on a missing folder or an unknown format", async () => {
    const missing = recordingIo();
    expect(await runCli(["graph", join(scratch, "nope")], missing)).toBe(2);
    expect(missing.err).toMatch(/^spec-kit: .*nope: no such folder\n/);
    const badFormat = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "--format", "png"], badFormat)).toBe(2);
    expect(badFormat.out).toBe("");
  });

  it("draws --format svg, the phases by default, and html with the drawing and the tables", async () => {
    const svg = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "-f", "svg"], svg)).toBe(0);
    expect(svg.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8" standalone="no"\?>\n<svg /);
    expect(svg.out.match(/<g id="node\d+" class="node">/g)).toHaveLength(3);
    expect(svg.out.match(/<g id="edge\d+" class="edge">/g)).toHaveLength(3);
    for (const title of ["P1: State machine lock", "P2: Runtime guard", "P3: Traceable events"]) expect(svg.out).toContain(`>${title}</text>`);
    const html = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "-f", "html"], html)).toBe(0);
    expect(html.out).toContain("<p>Level phases: 3 nodes and 6 edges of 38 and 90; 3 phases, 0 layers.</p>");
    expect(html.out.match(/<g id="node\d+" class="node">/g)).toHaveLength(3);
    expect(html.out).toContain("<h2>Phases</h2>");
  });

  it("draws --level layers and --level full, and keeps the text formats whole unless asked", async () => {
    const layers = recordingIo();
    expect(await runCli(["graph", bundle("layers-valid-yaml"), "-f", "dot", "-l", "layers"], layers)).toBe(0);
    expect(layers.out).toContain('subgraph "cluster_');
    expect(layers.out).toContain('label="runtime-kernel (gated)"');
    expect(layers.out).not.toMatch(/"step:/);
    const whole = recordingIo();
    expect(await runCli(["graph", bundle("layers-valid-yaml"), "-f", "dot"], whole)).toBe(0);
    expect(whole.out).toMatch(/"step:[^"]*" \[/);
    const phases = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "-f", "mermaid", "--level", "phases"], phases)).toBe(0);
    expect(phases.out.split("\n").filter((line) => line.includes("-->"))).toEqual(["  n0 --> n1", "  n0 --> n2", "  n1 --> n2"]);
  });

  it("keeps what lies within --depth hops of --focus", async () => {
    const near = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "-f", "json", "-l", "phases", "--focus", "P2", "--depth", "0"], near)).toBe(0);
    expect(JSON.parse(near.out).nodes.map((node: { id: string }) => node.id)).toEqual(["phase:P2"]);
    const around = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "-f", "html", "--focus", "phase:P3"], around)).toBe(0);
    expect(around.out).toContain("<p>Level phases, within 1 hop of phase:P3: 3 nodes");
    expect(around.out).toContain(`stroke="#0b5ed7" stroke-width="2.5"`);
  });

  it.each([
    [["--focus", "P9"], "spec-kit: --focus P9: no phase or layer of the bundle has this id; did you mean P1?\n"],
    [["--depth", "2"], "spec-kit: --depth counts hops from --focus; give --focus ID as well\n"],
    [["--focus", "P1", "--depth", "-1"], "spec-kit: --depth needs one whole number of hops, 0 or more\n"],
    [["--focus", "P1", "--depth", "1.5"], "spec-kit: --depth needs one whole number of hops, 0 or more\n"],
    [["--focus", ""], "spec-kit: --focus needs one phase or layer id\n"],
    [["--level", "modules"], "Invalid values:"],
  ])("exits 2 with one line for graph %j", async (args, message) => {
    const io = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "-f", "svg", ...args], io)).toBe(2);
    expect(io.out).toBe("");
    expect(io.err).toContain(message);
  });

  it("refuses to draw a view too large to lay out, saying how to narrow it, and draws the phases of the same bundle", async () => {
    const big = join(scratch, "big");
    mkdirSync(join(big, "phases"), { recursive: true });
    writeFileSync(join(big, "spec-kit.json"), JSON.stringify({ specKit: 1, name: "big" }));
    const phase = phaseReport("P1");
    (phase.flow as Record<string, unknown>).steps = Array.from({ length: 150 }, (_, i) => `step ${i}`);
    writeFileSync(join(big, "phases/P1.json"), JSON.stringify(phase));
    const output = join(scratch, "big.svg");
    const io = recordingIo();
    expect(await runCli(["graph", big, "-f", "svg", "-l", "full", "-o", output], io)).toBe(2);
    expect(io.err).toMatch(/^spec-kit: cannot draw: the full view has \d+ nodes and \d+ edges, \d+ places to lay out, more than a picture takes \(4000\); choose --level phases or layers, or --focus ID --depth N\n/);
    expect(() => readFileSync(output)).toThrow(/ENOENT/);
    const html = recordingIo();
    expect(await runCli(["graph", big, "-f", "html", "-l", "full"], html)).toBe(0);
    expect(html.out).toContain("<p>Not drawn: the full view has");
    const phases = recordingIo();
    expect(await runCli(["graph", big, "-f", "svg", "-o", output], phases)).toBe(0);
    expect(readFileSync(output, "utf8")).toContain(">P1: Phase P1</text>");
  });
});
