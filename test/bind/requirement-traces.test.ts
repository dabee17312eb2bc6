// Requirement tracing in the task graph: an invariant or test in the {text, traces} form gets a
// `traces` edge to each mission requirement it names, and `spec-kit graph` prints them.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/cli-io.js";
import { runCli } from "../../cli/run-cli.js";
import { checkFixture } from "./fixture-bundles.js";

const FIXTURE = fileURLToPath(new URL("../fixtures/bundles/requirements-traced", import.meta.url));

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

describe("traces edges", () => {
  it("binds invariant and test -> requirement for each reference that names one, with the reference as source", () => {
    const graph = checkFixture("requirements-traced").graph!;
    expect(graph.edges("traces")).toEqual([
      { from: "invariant:P1#1", to: "requirement:billing/security-1", kind: "traces", source: { file: "phases/P1.yaml", path: ["invariants", 0, "traces", 0] } },
      { from: "test:P1/unit#2", to: "requirement:billing/operations-1", kind: "traces", source: { file: "phases/P1.yaml", path: ["tests", "unit", 1, "traces", 0] } },
    ]);
    // The object form keeps its text as the node's label, and its place among the strings.
    expect(graph.node("invariant:P1#1")?.label).toBe("an invoice is signed before it is sent");
    expect(graph.node("test:P1/unit#2")?.label).toBe("a sent invoice cannot be edited");
    expect(graph.node("test:P1/integration#1")?.label).toBe("a failed delivery is retried");
    expect(graph.outEdges("test:P1/integration#1", "traces")).toEqual([]);
  });

  it("is printed by spec-kit graph in JSON and mermaid", async () => {
    const json = recordingIo();
    expect(await runCli(["graph", FIXTURE], json)).toBe(1);
    const document = JSON.parse(json.out) as { edges: { from: string; to: string; kind: string }[] };
    expect(document.edges.filter((edge) => edge.kind === "traces").map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([
      "invariant:P1#1 -> requirement:billing/security-1",
      "test:P1/unit#2 -> requirement:billing/operations-1",
    ]);
    expect(json.err).toContain("requirement/unknown-ref");
    const mermaid = recordingIo();
    expect(await runCli(["graph", FIXTURE, "--format", "mermaid", "--level", "full"], mermaid)).toBe(1);
    expect(mermaid.out.match(/-->\|traces\|/g)).toHaveLength(2);
  });
});
