import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";

/** The path without its `.` segments (`./src/x`, `src/./x`: `src/x`). */
function withoutDotSegments(path: string): string {
  return path
    .split("/")
    .filter((segment) => segment !== ".")
    .join("/");
}

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
    dotSegment: 'module {{module}} maps to no layer because of its "./": layers match plain paths; write "{{suggestion}}" (layer {{layer}})',
    dotSegmentUnmapped:
      'module {{module}} maps to no layer: layers match plain paths, so write "{{suggestion}}", and add a prefix of it to a layer\'s modules in the manifest',
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
        if (graph.moduleLayer(item.value) !== undefined) continue;
        const at = { file: entry.file, path: item.path };
        const plain = withoutDotSegments(item.value);
        if (plain === item.value || plain === "") {
          report("unmapped", at, { module: item.value });
          continue;
        }
        const layer = graph.moduleLayer(plain);
        if (layer !== undefined) report("dotSegment", at, { module: item.value, suggestion: plain, layer });
        else report("dotSegmentUnmapped", at, { module: item.value, suggestion: plain });
      }
    }
  },
});

export default unmappedModule;
