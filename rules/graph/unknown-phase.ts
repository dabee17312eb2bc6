import { defineBundleRule } from "../../compiler/check/rule.js";
import { MINIMAL_MANIFEST_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";
import { nearestIdentifier } from "../../compiler/suggest.js";

/** graph/unknown-phase: `depends_on` or `unblocks` names a phase no document of the bundle declares. */
export const unknownPhase = defineBundleRule({
  id: "graph/unknown-phase",
  scope: "bundle",
  reach: "dependencies",
  defaultSeverity: "error",
  doc: "depends_on/unblocks names a phase the bundle lacks.",
  details:
    "Every phase named in dependency_graph must be declared by a phase document of the bundle; a typo or a missing file breaks the plan. " +
    "A phase document that does not load (or whose phase_id cannot be read) is presumed to declare the phase its file name names " +
    "(phases/P7.yaml: P7), so a broken file is reported once, where it is broken, and not again in every phase that names it.",
  messages: {
    unknown: "{{field}} names {{phase}}, which no phase document in the bundle declares",
    unknownNear: '{{field}} names {{phase}}, which no phase document in the bundle declares; did you mean "{{suggestion}}"?',
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
    const known = graph.phaseIds();
    for (const entry of graph.phaseEntries()) {
      for (const [field, items] of [["depends_on", entry.dependsOn], ["unblocks", entry.unblocks]] as const) {
        for (const item of items) {
          if (graph.hasPhase(item.value) || graph.presumedPhase(item.value) !== undefined) continue;
          const at = { file: entry.file, path: item.path };
          const suggestion = nearestIdentifier(item.value, known);
          if (suggestion !== undefined) report("unknownNear", at, { field, phase: item.value, suggestion });
          else report("unknown", at, { field, phase: item.value });
        }
      }
    }
  },
});

export default unknownPhase;
