import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";

/**
 * layers/no-bypass: within one phase, reading module r and writing module w of another layer
 * is a data flow layer(r) -> layer(w) that the manifest's `allow` must list.
 */
export const noBypass = defineBundleRule({
  id: "layers/no-bypass",
  scope: "bundle",
  reach: "document",
  defaultSeverity: "error",
  doc: "A cross-layer data flow is not in allow.",
  details:
    "Each pair of a read module and a write module of one phase whose layers differ is a flow from the read layer to the write " +
    "layer. A flow the manifest's allow list lacks bypasses the layer boundary; it is reported at the write_modules item, once " +
    "per read module. Modules under no layer are left to layers/unmapped-module.",
  messages: {
    bypass: "{{read}} ({{from}}) -> {{write}} ({{to}}): the flow {{from}} -> {{to}} is not in allow",
  },
  examples: {
    failing: {
      description: "P7 reads src/session and writes src/observability; sessions -> reporting is not allowed.",
      files: phaseBundle(phaseYaml({ replace: { "write_modules: [src/security]": "write_modules: [src/observability]" } })),
    },
    passing: {
      description: "sessions -> security is allowed.",
      files: phaseBundle(),
    },
  },
  check({ graph }, report) {
    if (!graph.layers.declared) return;
    for (const entry of graph.phaseEntries()) {
      for (const write of entry.writes) {
        const to = graph.moduleLayer(write.value);
        if (to === undefined) continue;
        const seen = new Set<string>();
        for (const read of entry.reads) {
          const from = graph.moduleLayer(read.value);
          if (from === undefined || graph.layers.allows(from, to) || seen.has(read.value)) continue;
          seen.add(read.value);
          report("bypass", { file: entry.file, path: write.path }, { read: read.value, from, write: write.value, to });
        }
      }
    }
  },
});

export default noBypass;
