import { defineBundleRule } from "../../compiler/check/rule.js";
import { MINIMAL_MANIFEST_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

/** graph/asymmetric-edge: A `unblocks` B exactly when B `depends_on` A; an edge without its partner is reported. */
export const asymmetricEdge = defineBundleRule({
  id: "graph/asymmetric-edge",
  scope: "bundle",
  reach: "dependencies",
  defaultSeverity: "error",
  doc: "An unblocks edge has no matching depends_on, or the reverse.",
  details:
    "dependency_graph is written twice, once from each end: A unblocks B exactly when B depends_on A. " +
    "The item that has no partner is reported; phases the bundle lacks are left to graph/unknown-phase.",
  messages: {
    missingDependsOn: "{{from}} unblocks {{to}}, but {{to}} does not list {{from}} in depends_on",
    missingUnblocks: "{{from}} depends on {{to}}, but {{to}} does not list {{from}} in unblocks",
  },
  examples: {
    failing: {
      description: "P1 unblocks P2, but P2 does not depend on P1.",
      files: { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, "phases/P1.yaml": phaseYaml({ id: "P1", unblocks: ["P2"] }), "phases/P2.yaml": phaseYaml({ id: "P2" }) },
    },
    passing: {
      description: "Both ends of the edge are written.",
      files: { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, "phases/P1.yaml": phaseYaml({ id: "P1", unblocks: ["P2"] }), "phases/P2.yaml": phaseYaml({ id: "P2", dependsOn: ["P1"] }) },
    },
  },
  check({ graph }, report) {
    const dependsOn = new Map<string, Set<string>>();
    const unblocks = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, key: string, values: readonly { value: string }[]) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      for (const item of values) set.add(item.value);
    };
    for (const entry of graph.phaseEntries()) {
      add(dependsOn, entry.phaseId, entry.dependsOn);
      add(unblocks, entry.phaseId, entry.unblocks);
    }
    for (const entry of graph.phaseEntries()) {
      const from = entry.phaseId;
      for (const item of entry.unblocks) {
        if (graph.hasPhase(item.value) && !dependsOn.get(item.value)?.has(from)) {
          report("missingDependsOn", { file: entry.file, path: item.path }, { from, to: item.value });
        }
      }
      for (const item of entry.dependsOn) {
        if (graph.hasPhase(item.value) && !unblocks.get(item.value)?.has(from)) {
          report("missingUnblocks", { file: entry.file, path: item.path }, { from, to: item.value });
        }
      }
    }
  },
});

export default asymmetricEdge;
