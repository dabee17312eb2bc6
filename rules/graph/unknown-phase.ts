import { defineBundleRule } from "../../compiler/check/rule.js";
import { MINIMAL_MANIFEST_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

/** graph/unknown-phase: `depends_on` or `unblocks` names a phase no document of the bundle declares. */
export const unknownPhase = defineBundleRule({
  id: "graph/unknown-phase",
  scope: "bundle",
  reach: "dependencies",
  defaultSeverity: "error",
  doc: "depends_on/unblocks names a phase the bundle lacks.",
  details: "Every phase named in dependency_graph must be declared by a phase document of the bundle; a typo or a missing file breaks the plan.",
  messages: {
    unknown: "{{field}} names {{phase}}, which no phase document in the bundle declares",
  },
  examples: {
    failing: {
      description: "P2 depends on P1, which is not in the bundle.",
      files: { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, "phases/P2.yaml": phaseYaml({ id: "P2", dependsOn: ["P1"] }) },
    },
    passing: {
      description: "Both phases are present and name each other.",
      files: { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, "phases/P1.yaml": phaseYaml({ id: "P1", unblocks: ["P2"] }), "phases/P2.yaml": phaseYaml({ id: "P2", dependsOn: ["P1"] }) },
    },
  },
  check({ graph }, report) {
    for (const entry of graph.phaseEntries()) {
      for (const [field, items] of [["depends_on", entry.dependsOn], ["unblocks", entry.unblocks]] as const) {
        for (const item of items) {
          if (!graph.hasPhase(item.value)) report("unknown", { file: entry.file, path: item.path }, { field, phase: item.value });
        }
      }
    }
  },
});

export default unknownPhase;
