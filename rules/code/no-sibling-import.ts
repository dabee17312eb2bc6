import { defineCodeRule } from "../../compiler/check/rule.js";
import { findSiblingImports } from "../../compiler/code/sibling-imports.js";

const MANIFEST = `specKit: 1
name: example
code: {root: src}
layers:
  - {id: rules, modules: [src/rules], isolate: true}
  - {id: kernel, modules: [src/kernel]}
allow:
  - {from: rules, to: kernel}
`;

const KERNEL = "export const isId = (text: string) => /^[a-z]+$/.test(text);\n";

/** code/no-sibling-import: a file of an isolated layer imports a file of another part of that layer. */
export const noSiblingImport = defineCodeRule({
  id: "code/no-sibling-import",
  scope: "code",
  defaultSeverity: "error",
  doc: "A file imports a file of another part of its layer, which the layer isolates.",
  details:
    "A layer with `isolate` keeps its parts apart: one rule must not import another, one plug-in or feature folder must not " +
    "reach into its neighbour; what they share belongs in a layer below them. A part is what lies under one entry of a module " +
    "folder of the layer: with isolate: true (or 1), each file or folder directly inside it; with isolate: 2, each one a level " +
    "deeper (for modules [rules], each rules/<area>/<rule>.ts). A file directly inside the module folder, shallower than that, " +
    "is a part of its own, so a registry that imports every part belongs in a layer of its own (a longer module prefix, such as " +
    "rules/index.ts). Every kind of import between two files of different parts is reported, at its specifier.",
  messages: {
    sibling: "{{file}} imports {{target}}: {{from}} and {{to}} are isolated parts of the layer {{layer}}",
  },
  examples: {
    failing: {
      description: "One rule borrows a helper from another.",
      files: {
        "spec-kit.yaml": MANIFEST,
        "src/rules/naming/ids.ts": "export const checkId = (id: string) => /^[a-z]+$/.test(id);\n",
        "src/rules/graph/cycle.ts": 'import { checkId } from "../naming/ids.js";\nexport const checkCycle = (ids: string[]) => ids.every(checkId);\n',
        "src/kernel/ids.ts": KERNEL,
      },
    },
    passing: {
      description: "Both rules take the shared helper from the kernel below them.",
      files: {
        "spec-kit.yaml": MANIFEST,
        "src/rules/naming/ids.ts": 'import { isId } from "../../kernel/ids.js";\nexport const checkId = isId;\n',
        "src/rules/graph/cycle.ts": 'import { isId } from "../../kernel/ids.js";\nexport const checkCycle = (ids: string[]) => ids.every(isId);\n',
        "src/kernel/ids.ts": KERNEL,
      },
    },
  },
  check({ code }, report) {
    for (const hit of findSiblingImports(code)) {
      report("sibling", { file: hit.file, range: hit.range }, { file: hit.file, target: hit.target, layer: hit.layer, from: hit.from, to: hit.to });
    }
  },
});

export default noSiblingImport;
