import { elementaryCycles } from "../../compiler/bind/elementary-cycles.js";
import { defineBundleRule } from "../../compiler/check/rule.js";
import { MINIMAL_MANIFEST_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";
import type { Report } from "../../compiler/check/rule.js";
import type { TaskGraph } from "../../compiler/bind/task-graph.js";

/** Cycles listed per strongly connected component before one summary finding stands for the rest. */
const MAX_CYCLES_PER_COMPONENT = 100;
/** Phases named in the summary finding before it abbreviates. */
const NAMED_IN_SUMMARY = 8;

/**
 * graph/no-cycle: `depends_on` must form no cycle. Each elementary cycle is reported once,
 * as its whole path from its smallest phase id, at the `depends_on` item that closes it.
 */
export const noCycle = defineBundleRule({
  id: "graph/no-cycle",
  scope: "bundle",
  reach: "dependencies",
  defaultSeverity: "error",
  doc: "depends_on has a cycle (of phases, or of the tasks of a tasks.md); the message lists the whole cycle.",
  details:
    "A phase cannot wait for itself. Every elementary cycle of depends_on is reported once, as the whole path starting at its " +
    `smallest phase id, at the depends_on item that closes it. A knot with more than ${MAX_CYCLES_PER_COMPONENT} cycles is ` +
    "summarized by one extra finding.",
  messages: {
    cycle: "{{path}}",
    tooMany: "more than {{max}} dependency cycles among {{count}} phases ({{phases}}); only the first {{max}} are listed",
  },
  examples: {
    failing: {
      description: "P1 and P2 depend on each other.",
      files: {
        "spec-kit.yaml": MINIMAL_MANIFEST_YAML,
        "phases/P1.yaml": phaseYaml({ id: "P1", dependsOn: ["P2"], unblocks: ["P2"] }),
        "phases/P2.yaml": phaseYaml({ id: "P2", dependsOn: ["P1"], unblocks: ["P1"] }),
      },
    },
    passing: {
      description: "P2 depends on P1 only.",
      files: { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, "phases/P1.yaml": phaseYaml({ id: "P1", unblocks: ["P2"] }), "phases/P2.yaml": phaseYaml({ id: "P2", dependsOn: ["P1"] }) },
    },
  },
  check({ graph }, report) {
    // Phases, and the tasks of a tasks.md (their ids are scoped by mission, so the two never meet).
    for (const kind of ["phase", "task"] as const) checkCycles(graph, graph.nodes(kind).map((node) => node.id), report);
  },
});

/** Reports each elementary cycle of depends_on among `vertices`, at the edge that closes it. */
function checkCycles(graph: TaskGraph, vertices: readonly string[], report: Report<"cycle" | "tooMany">): void {
  const successors = new Map(vertices.map((id) => [id, graph.successors(id, "depends_on")]));
  const name = (id: string) => graph.node(id)?.phase ?? (id.startsWith("task:") ? id.slice(id.lastIndexOf("/") + 1) : id);
  const { cycles, truncated } = elementaryCycles(
    { vertices: [...vertices], successors: (id) => successors.get(id) ?? [] },
    MAX_CYCLES_PER_COMPONENT,
  );
  for (const cycle of cycles) {
    const last = cycle[cycle.length - 1]!;
    const closing = graph.outEdges(last, "depends_on").find((edge) => edge.to === cycle[0]);
    if (!closing) continue;
    const path = [...cycle, cycle[0]!].map(name).join(" -> ");
    report("cycle", { file: closing.source.file, path: closing.source.path }, { path });
  }
  for (const component of truncated) {
    const first = graph.node(component.vertices[0]!);
    if (!first?.source) continue;
    const named = component.vertices.slice(0, NAMED_IN_SUMMARY).map(name);
    const phases = component.vertices.length > NAMED_IN_SUMMARY ? `${named.join(", ")}, …` : named.join(", ");
    report(
      "tooMany",
      { file: first.source.file, path: first.source.path },
      { max: MAX_CYCLES_PER_COMPONENT, count: component.vertices.length, phases },
    );
  }
}

export default noCycle;
