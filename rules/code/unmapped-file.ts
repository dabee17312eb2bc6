import { defineCodeRule } from "../../compiler/check/rule.js";
import { START_OF_FILE } from "../../compiler/diagnostics.js";

const MANIFEST = `specKit: 1
name: example
code: {root: src}
layers:
  - {id: tools, modules: [src/tools]}
`;

/** code/unmapped-file: a TypeScript file under the code root belongs to no layer. */
export const unmappedFile = defineCodeRule({
  id: "code/unmapped-file",
  scope: "code",
  defaultSeverity: "warning",
  doc: "A TypeScript file under the code root maps to no layer.",
  details:
    "When the manifest declares layers, every file of the code model should belong to one: the layer whose modules entry is " +
    "the longest prefix of its path relative to the bundle root. A file in no layer escapes code/no-layer-bypass and " +
    "code/no-gate-bypass, so each is reported once, at its first line. Without a layers section this rule does nothing.",
  messages: {
    unmapped: "{{file}} maps to no layer; add a prefix of it to a layer's modules in the manifest",
  },
  examples: {
    failing: {
      description: "src/session.ts is under no layer.",
      files: { "spec-kit.yaml": MANIFEST, "src/tools/run.ts": "export const run = 1;\n", "src/session.ts": "export const session = 1;\n" },
    },
    passing: {
      description: "Every file is under src/tools.",
      files: { "spec-kit.yaml": MANIFEST, "src/tools/run.ts": "export const run = 1;\n" },
    },
  },
  check({ code }, report) {
    if (!code.layers.declared) return;
    for (const file of code.files) {
      if (file.layer === undefined) report("unmapped", { file: file.path, range: START_OF_FILE }, { file: file.path });
    }
  },
});

export default unmappedFile;
