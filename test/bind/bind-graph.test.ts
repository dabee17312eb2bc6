import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { bindGraph } from "../../compiler/bind/bind-graph.js";
import { checkBundle } from "../../compiler/program.js";
import type { BundleHost } from "../../compiler/load/source-document.js";
import { ALL_RULES } from "../../rules/index.js";
import { memoryHost } from "../helpers/memory-host.js";
import { checkFiles } from "../helpers/rule-tester.js";
import { checkFixture, jsonBundle, phaseReport } from "./fixture-bundles.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/task-graph.schema.json", import.meta.url), "utf8"));
const validP7 = readFileSync(new URL("../fixtures/phases/valid.yaml", import.meta.url), "utf8");

const MANIFEST = `specKit: 1
name: autoloop
layers:
  - id: execution-pools
    modules: [src/tools, src/providers]
  - id: runtime-kernel
    modules: [src/runtime, src/security]
    gated: true
  - id: session
    modules: [src/session, src/contracts]
allow:
  - { from: session, to: runtime-kernel }
tenancy:
  key: tenant_id
`;

function bundleFiles(): Record<string, string> {
  return {
    "spec-kit.yaml": MANIFEST,
    "phases/P7.yaml": validP7,
    "phases/P6.json": JSON.stringify(phaseReport("P6", { unblocks: ["P7"] })),
    "phases/P8.json": JSON.stringify(phaseReport("P8", { dependsOn: ["P7"], writes: ["src/runtime/ledger"] })),
    "phases/P9.json": JSON.stringify(phaseReport("P9", { dependsOn: ["P7"] })),
  };
}

function graphOf(files: Record<string, string>) {
  const graph = checkFiles(files).graph;
  expect(graph, "the bundle binds").toBeDefined();
  return graph!;
}

/** The same files, listed by the host in reverse order. */
function reversedHost(files: Record<string, string>): BundleHost {
  const host = memoryHost(files);
  return { listFiles: () => [...host.listFiles()].reverse(), readFile: host.readFile };
}

describe("bindGraph", () => {
  it("gives every part of a phase a stable typed node", () => {
    const graph = graphOf(bundleFiles());
    const ids = graph.nodes().map((node) => node.id);
    expect(ids).toEqual(expect.arrayContaining([
      "phase:P6", "phase:P7", "phase:P8", "phase:P9",
      "step:P7#1", "step:P7#4", "test:P7/unit#1", "test:P7/integration#1", "test:P7/e2e#1",
      "acceptance:P7#1", "acceptance:P7#2", "invariant:P7#1", "invariant:P7#2",
      "model:P7/SessionLease", "module:src/runtime", "module:src/session", "module:src/runtime/ledger",
      "layer:runtime-kernel", "layer:execution-pools", "gate:runtime_gate/budget", "gate:policy_gate/tenant boundary",
    ]));
    expect(graph.node("phase:P7")).toMatchObject({ kind: "phase", label: "P7: Identity and Tenant Sovereignty", source: { file: "phases/P7.yaml", path: ["phase_meta", "phase_id"] } });
    expect(graph.node("step:P7#2")).toMatchObject({ kind: "step", label: "Bind tenant, principal, policy and lease.", index: 2, phase: "P7", source: { path: ["flow", "steps", 1] } });
    expect(graph.node("module:src/runtime/ledger")).toMatchObject({ kind: "module", layer: "runtime-kernel" });
    expect(graph.node("layer:runtime-kernel")).toMatchObject({ gated: true, source: { file: "spec-kit.yaml", path: ["layers", 1] } });
    expect(graph.node("model:P7/SessionLease")).toMatchObject({ keys: ["session_id", "tenant_id"], modelKind: "table", appendOnly: true });
    expect(graph.moduleLayer("src/runtime/ledger/x")).toBe("runtime-kernel");
    expect(graph.moduleLayer("src/unknown")).toBeUndefined();
  });

  it("links them with typed edges that keep their source", () => {
    const graph = graphOf(bundleFiles());
    const edge = (from: string, kind: string) => graph.outEdges(from).filter((e) => e.kind === kind).map((e) => e.to);
    expect(edge("phase:P7", "depends_on")).toEqual(["phase:P6"]);
    expect(edge("phase:P6", "unblocks")).toEqual(["phase:P7"]);
    expect(edge("phase:P7", "unblocks")).toEqual(["phase:P8", "phase:P9"]);
    expect(edge("phase:P7", "writes")).toEqual(["module:src/runtime", "module:src/security"]);
    expect(edge("phase:P7", "reads")).toEqual(["module:src/contracts", "module:src/session"]);
    expect(edge("phase:P7", "produces")).toEqual(["model:P7/SessionLease"]);
    expect(edge("step:P7#1", "next")).toEqual(["step:P7#2"]);
    expect(edge("step:P7#4", "next")).toEqual([]);
    expect(edge("module:src/runtime", "in_layer")).toEqual(["layer:runtime-kernel"]);
    expect(edge("test:P7/unit#1", "verifies")).toEqual(["acceptance:P7#1", "acceptance:P7#2", "invariant:P7#1", "invariant:P7#2"]);
    expect(edge("gate:runtime_gate/sandbox", "guards")).toEqual(["phase:P6", "phase:P7", "phase:P8", "phase:P9"]);
    const unblocks = graph.outEdges("phase:P7", "unblocks")[0]!;
    expect(unblocks.source).toEqual({ file: "phases/P7.yaml", path: ["dependency_graph", "unblocks", 0] });
    const inLayer = graph.outEdges("module:src/security", "in_layer")[0]!;
    expect(inLayer.source).toEqual({ file: "spec-kit.yaml", path: ["layers", 1, "modules", 1] });
    expect(graph.inEdges("phase:P7", "depends_on").map((e) => e.from)).toEqual(["phase:P8", "phase:P9"]);
  });

  it("serializes to JSON that validates against schemas/task-graph.schema.json", () => {
    const json = graphOf(bundleFiles()).toJSON();
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.graphFormat).toBe(1);
    expect(json.bundle).toBe("autoloop");
    const bad = { ...json, nodes: [{ id: "phase:P1", kind: "stage", label: "x" }] };
    expect(validate(bad)).toBe(false);
  });

  it("gives identical JSON whatever order the host lists the files in", () => {
    const files = bundleFiles();
    const forward = checkBundle(memoryHost(files), { rules: ALL_RULES }).graph!.toJSON();
    const backward = checkBundle(reversedHost(files), { rules: ALL_RULES }).graph!.toJSON();
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
    const ids = forward.nodes.map((node) => node.id);
    expect(ids.indexOf("step:P7#2")).toBeLessThan(ids.indexOf("step:P7#4"));
  });

  it("orders ids naturally: P2 before P10, step #2 before #10", () => {
    const steps = Array.from({ length: 11 }, (_, i) => `step ${i + 1}`);
    const p10 = { ...phaseReport("P10"), flow: { trigger: "t", steps, exit_conditions: [] } };
    const graph = graphOf(jsonBundle([p10, phaseReport("P2")]));
    expect(graph.phases().map((node) => node.id)).toEqual(["phase:P2", "phase:P10"]);
    const stepIds = graph.nodes("step").map((node) => node.id);
    expect(stepIds.slice(0, 3)).toEqual(["step:P2#1", "step:P2#2", "step:P2#3"]);
    expect(stepIds.slice(-3)).toEqual(["step:P10#9", "step:P10#10", "step:P10#11"]);
  });

  it("binds the first document of a repeated phase id and keeps the others visible", () => {
    const graph = graphOf({
      "spec-kit.json": JSON.stringify({ specKit: 1, name: "dup" }),
      "phases/a.json": JSON.stringify(phaseReport("P1", { writes: ["src/a"] })),
      "phases/b.json": JSON.stringify(phaseReport("P1", { writes: ["src/b"] })),
    });
    expect(graph.phaseDocuments("P1").map((entry) => [entry.file, entry.duplicateOf])).toEqual([
      ["phases/a.json", undefined],
      ["phases/b.json", "phases/a.json"],
    ]);
    expect(graph.successors("phase:P1", "writes")).toEqual(["module:src/a"]);
  });

  it("never throws on malformed phases: it skips what it cannot read", () => {
    const broken = [
      { phase_meta: { phase_id: 7 } },
      { phase_meta: { phase_id: "" } },
      "not an object",
      null,
      [],
      {
        phase_meta: { phase_id: "P3", title: ["x"] },
        module_scope: ["src/a"],
        data_models: [null, 1, { name: 5 }, { name: "Ok", keys: "tenant_id" }, { name: "__proto__", keys: [] }],
        flow: { steps: [1, "real step", { x: 1 }] },
        guardrails: { runtime_gate: "budget", policy_gate: [null] },
        tests: { unit: "x", e2e: [true, "e2e case"] },
        dependency_graph: { depends_on: "P1", unblocks: [1, "P404", "P3"] },
        invariants: {},
        acceptance: null,
      },
    ];
    const files: Record<string, string> = { "spec-kit.json": JSON.stringify({ specKit: 1, name: "broken" }) };
    broken.forEach((value, i) => (files[`phases/b${i}.json`] = JSON.stringify(value)));
    const loaded = checkFiles(files).bundle!;
    expect(loaded.phases).toHaveLength(broken.length);
    const brokenManifest = { specKit: 1, layers: [{ id: "x" }, null, { id: "y", modules: [3, "src"] }], allow: [null, { from: 1 }], tenancy: { key: 5 } };
    const graph = bindGraph({ ...loaded, manifest: { ...loaded.manifest, valid: false, data: brokenManifest as never } });
    expect(graph.phases().map((node) => node.id)).toEqual(["phase:P3"]);
    expect(graph.nodes("step").map((node) => node.label)).toEqual(["real step"]);
    expect(graph.nodes("model").map((node) => node.id)).toEqual(["model:P3/Ok", "model:P3/__proto__"]);
    expect(graph.node("model:P3/Ok")!.keys).toEqual([]);
    expect(graph.nodes("test").map((node) => node.id)).toEqual(["test:P3/e2e#1"]);
    expect(graph.successors("phase:P3", "unblocks")).toEqual(["phase:P3"]);
    expect(graph.nodes("layer").map((node) => node.id)).toEqual(["layer:x", "layer:y"]);
    expect(graph.tenancy).toBeUndefined();
    expect(() => JSON.stringify(graph.toJSON())).not.toThrow();
  });

  it("hands out a graphlib multigraph with the same nodes and edges, in sorted order", () => {
    const graph = graphOf(bundleFiles());
    const lib = graph.toGraphlib();
    expect(lib.nodes()).toEqual(graph.nodes().map((node) => node.id));
    expect(lib.edgeCount()).toBe(graph.edges().length);
    expect(lib.edge("phase:P8", "phase:P7", "depends_on")).toMatchObject({ kind: "depends_on" });
    expect(lib.isMultigraph()).toBe(true);
  });

  it("binds mission components, contracts and roles when mission documents exist", () => {
    const mission = {
      mission: { id: "agentnexus", title: "AgentNexus", system: "AgentNexus" },
      components: [
        { id: "mission-control", name: "Mission Control", responsibilities: ["route"], interfaces: [] },
        { id: "evidence-vault", name: "Evidence Vault", responsibilities: ["store"], interfaces: [] },
      ],
      contracts: [
        { name: "ArtifactEvidence", schema: { fields: [{ name: "id", type: "string" }] }, producers: ["mission-control", "Trusted CLI"], consumers: ["Evidence Vault"] },
      ],
      roles: [{ id: "release-captain", name: "Release Captain", responsibility: "ship", capabilities: [], access_scope: [] }],
    };
    const graph = graphOf({ ...bundleFiles(), "missions/agentnexus.json": JSON.stringify(mission) });
    expect(graph.nodes("component").map((node) => node.id)).toEqual(["component:agentnexus/evidence-vault", "component:agentnexus/mission-control"]);
    expect(graph.node("role:agentnexus/release-captain")).toMatchObject({ kind: "role", label: "Release Captain" });
    expect(graph.successors("component:agentnexus/mission-control", "produces")).toEqual(["contract:agentnexus/ArtifactEvidence"]);
    expect(graph.successors("component:agentnexus/evidence-vault", "consumes")).toEqual(["contract:agentnexus/ArtifactEvidence"]);
    expect(graph.inEdges("contract:agentnexus/ArtifactEvidence").map((e) => e.source.path)).toEqual([
      ["contracts", 0, "consumers", 0],
      ["contracts", 0, "producers", 0],
    ]);
  });

  it("binds the on-disk fixtures in both formats to the same graph up to file names", () => {
    const strip = (text: string) => text.replace(/\.(json|yaml)"/g, '"');
    const yaml = JSON.stringify(checkFixture("layers-valid-yaml").graph!.toJSON());
    const json = JSON.stringify(checkFixture("layers-valid-json").graph!.toJSON());
    expect(strip(yaml)).toBe(strip(json));
  });
});
