import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";

/** layers/unmapped-module: a module path the phase reads or writes lies under no layer's prefix. */
export const unmappedModule = defineBundleRule({
  id: "layers/unmapped-module",
  scope: "bundle",
  reach: "document",
  defaultSeverity: "error",
  doc: "A module path maps to no layer.",
  details:
    "When the manifest declares layers, every module a phase reads or writes must belong to one: the layer whose modules entry " +
    "is its longest path prefix. Without a layers section this rule does nothing.",
  messages: {
    unmapped: "module {{module}} maps to no layer; add a prefix of it to a layer's modules in the manifest",
  },
  examples: {
    failing: {
      description: "src/billing is under no layer.",
      files: phaseBundle(phaseYaml({ replace: { "write_modules: [src/security]": "write_modules: [src/billing]" } })),
    },
    passing: {
      description: "Both modules map to a layer.",
      files: phaseBundle(),
    },
  },
  check({ graph }, report) {
    if (!graph.layers.declared) return;
    for (const entry of graph.phaseEntries()) {
      for (const item of [...entry.writes, ...entry.reads]) {
        if (graph.moduleLayer(item.value) === undefined) report("unmapped", { file: entry.file, path: item.path }, { module: item.value });
      }
    }
  },
});

export default unmappedModule;
