import { describe, expect, it } from "vitest";
import { selectGraphView, type GraphView, type GraphViewOptions } from "../../compiler/bind/graph-view.js";
import type { TaskGraphDocument } from "../../compiler/types/task-graph.js";
import { checkFiles } from "../helpers/rule-tester.js";
import { jsonBundle, phaseReport } from "./fixture-bundles.js";

/**
 * A chain P1 -> P2 -> P3 -> P4 (written once as depends_on, once as unblocks, once as both),
 * and P9 on its own; layers core (src/core, gated), api (src/api) and docs (src/docs, unused).
 */
function chainGraph(): TaskGraphDocument {
  const files = jsonBundle(
    [
      phaseReport("P1", { unblocks: ["P2"], writes: ["src/core"] }),
      phaseReport("P2", { writes: ["src/api"], reads: ["src/core"] }),
      phaseReport("P3", { dependsOn: ["P2"], writes: ["src/api"] }),
      phaseReport("P4", { dependsOn: ["P3"], writes: ["src/core", "src/api"] }),
      phaseReport("P9", { writes: ["src/api"] }),
    ],
    {
      specKit: 1,
      name: "chain",
      layers: [
        { id: "core", modules: ["src/core"], gated: true },
        { id: "api", modules: ["src/api"] },
        { id: "docs", modules: ["src/docs"] },
      ],
      allow: [{ from: "api", to: "core" }],
    },
  );
  // P3 also unblocks P4, which depends on it: one dependency written twice.
  const p3 = JSON.parse(files["phases/P3.json"]!);
  p3.dependency_graph.unblocks = ["P4"];
  files["phases/P3.json"] = JSON.stringify(p3);
  return checkFiles(files).graph!.toJSON();
}

function view(options: GraphViewOptions): GraphView {
  const result = selectGraphView(chainGraph(), options);
  if (result.problem !== undefined) throw new Error(result.problem);
  return result.view;
}

const ids = (v: GraphView) => v.graph.nodes.map((node) => node.id);
const kinds = (v: GraphView) => [...new Set(v.graph.nodes.map((node) => node.kind))].sort();
const edgeKinds = (v: GraphView) => [...new Set(v.graph.edges.map((edge) => edge.kind))].sort();

describe("graph views", () => {
  it("phases: the phases and their dependency edges only, each with the layers it writes and reads", () => {
    const phases = view({ level: "phases" });
    expect(ids(phases)).toEqual(["phase:P1", "phase:P2", "phase:P3", "phase:P4", "phase:P9"]);
    expect(edgeKinds(phases)).toEqual(["depends_on", "unblocks"]);
    const p2 = phases.phases.find((phase) => phase.node.id === "phase:P2")!;
    expect(p2).toMatchObject({ dependsOn: ["P1"], writes: ["api"], reads: ["core"], counts: { steps: 3, tests: 1, criteria: 1, invariants: 1 } });
    expect(phases.phases.find((phase) => phase.node.id === "phase:P4")).toMatchObject({ dependsOn: ["P3"], writes: ["api", "core"], reads: [] });
    // The layers table lists the layers the phases touch, not the unused one.
    expect(phases.layers.map((layer) => layer.node.label)).toEqual(["api", "core"]);
    expect(phases.layers[1]).toMatchObject({ modules: ["src/core"], writtenBy: ["P1", "P4"], readBy: ["P2"] });
    expect(phases.whole.nodes).toBeGreaterThan(phases.graph.nodes.length);
  });

  it("layers: phases, modules and layers with the reads, writes and in_layer edges", () => {
    const layers = view({ level: "layers" });
    expect(kinds(layers)).toEqual(["layer", "module", "phase"]);
    expect(edgeKinds(layers)).toEqual(["in_layer", "reads", "writes"]);
    expect(layers.layers.map((layer) => layer.node.label)).toEqual(["api", "core", "docs"]);
  });

  it("full: the whole graph, unchanged", () => {
    const graph = chainGraph();
    const full = selectGraphView(graph, { level: "full" }).view!;
    expect(full.graph).toEqual(graph);
    expect(full.focus).toBeUndefined();
  });

  it("--focus keeps what lies within --depth hops, either way, along the level's edges", () => {
    expect(ids(view({ level: "phases", focus: "P2", depth: 0 }))).toEqual(["phase:P2"]);
    expect(ids(view({ level: "phases", focus: "P2" }))).toEqual(["phase:P1", "phase:P2", "phase:P3"]);
    expect(ids(view({ level: "phases", focus: "phase:P2", depth: 2 }))).toEqual(["phase:P1", "phase:P2", "phase:P3", "phase:P4"]);
    expect(ids(view({ level: "phases", focus: "P9", depth: 5 }))).toEqual(["phase:P9"]);
    const focused = view({ level: "phases", focus: "P2", depth: 1 });
    expect(focused.focus).toEqual({ id: "phase:P2", depth: 1 });
    // Edges whose ends are both kept, and only those.
    for (const edge of focused.graph.edges) expect(ids(focused)).toEqual(expect.arrayContaining([edge.from, edge.to]));
  });

  it("--focus on a layer starts from the phases that write or read it at the phases level", () => {
    const core = view({ level: "phases", focus: "core", depth: 0 });
    expect(ids(core)).toEqual(["phase:P1", "phase:P2", "phase:P4"]);
    expect(core.focus).toEqual({ id: "layer:core", depth: 0 });
    expect(core.layers.map((layer) => layer.node.label)).toContain("core");
    const layers = view({ level: "layers", focus: "layer:core", depth: 2 });
    expect(ids(layers)).toEqual(expect.arrayContaining(["layer:core", "module:src/core", "phase:P1", "phase:P2", "phase:P4"]));
    expect(ids(layers)).not.toContain("layer:docs");
  });

  it("names what --focus could mean when it names nothing", () => {
    expect(selectGraphView(chainGraph(), { level: "phases", focus: "P22" }).problem).toBe(
      "--focus P22: no phase or layer of the bundle has this id; did you mean P2?",
    );
    expect(selectGraphView(chainGraph(), { level: "phases", focus: "zzzzzzzz" }).problem).toBe(
      "--focus zzzzzzzz: no phase or layer of the bundle has this id; its phases and layers are P1, P2, P3, P4, P9, api, core, docs",
    );
  });

  it("spells out control characters and cuts a long --focus in the problem", () => {
    const problem = selectGraphView(chainGraph(), { level: "phases", focus: `\u001b[31mred\u0007${"x".repeat(500)}` }).problem!;
    expect(problem).toMatch(/^--focus \\u001b\[31mred\\u0007x+…: no phase or layer of the bundle has this id; /);
    expect(problem).not.toMatch(/[\u0000-\u001f]/);
    expect(problem.length).toBeLessThan(300);
  });

  it("asks which one is meant when a phase and a layer share the id", () => {
    const files = jsonBundle([phaseReport("core", { writes: ["src/core"] })], { specKit: 1, name: "same", layers: [{ id: "core", modules: ["src/core"] }] });
    const graph = checkFiles(files).graph!.toJSON();
    expect(selectGraphView(graph, { level: "phases", focus: "core" }).problem).toBe(
      "--focus core: both a phase and a layer have this id; name one as layer:core or phase:core",
    );
    expect(ids(selectGraphView(graph, { level: "phases", focus: "phase:core" }).view!)).toEqual(["phase:core"]);
  });
});
