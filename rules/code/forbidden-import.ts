import { defineCodeRule } from "../../compiler/check/rule.js";
import { findForbiddenImports } from "../../compiler/code/forbidden-imports.js";

const MANIFEST = `specKit: 1
name: example
code: {root: src}
layers:
  - {id: domain, modules: [src/domain], forbid: ["node:fs", "node:child_process", "axios"]}
  - {id: adapters, modules: [src/adapters]}
allow:
  - {from: adapters, to: domain}
`;

const ADAPTER = 'import { readFileSync } from "node:fs";\nimport { total } from "../domain/order.js";\nexport const load = (file: string) => total(JSON.parse(readFileSync(file, "utf8")));\n';

/** code/forbidden-import: a file imports a module its layer's `forbid` list names. */
export const forbiddenImport = defineCodeRule({
  id: "code/forbidden-import",
  scope: "code",
  defaultSeverity: "error",
  doc: "A file imports a module (a Node.js built-in, a package, a file) that its layer forbids.",
  details:
    "A layer of the manifest may list module specifiers its files must not import, such as `forbid: [node:fs, node:child_process]` " +
    "for a layer that must stay free of file-system and process access. An entry names a Node.js built-in (node:fs also names " +
    "fs, node:fs/promises and fs/promises), a package (yargs also names yargs/helpers), or a file of the code model by its path " +
    "from the bundle root; an entry with *, ?, [ or { is a glob over the same names (node:*, @aws-sdk/*, src/legacy/**). Every " +
    "kind of import counts, import type too: a layer that must not know a module must not name its types either. Each import " +
    "is reported once, at its specifier, with the first entry that names it.",
  messages: {
    forbidden: "{{file}} ({{layer}}) imports {{specifier}}, which its layer forbids ({{entry}})",
  },
  examples: {
    failing: {
      description: "The domain reads a file itself, through the bare name fs.",
      files: {
        "spec-kit.yaml": MANIFEST,
        "src/domain/order.ts": 'import { readFileSync } from "fs";\nexport const total = (items: number[]) => items.reduce((a, b) => a + b, 0);\nexport const load = (file: string) => total(JSON.parse(readFileSync(file, "utf8")));\n',
      },
    },
    passing: {
      description: "The adapter reads the file and hands the data to the domain.",
      files: {
        "spec-kit.yaml": MANIFEST,
        "src/domain/order.ts": "export const total = (items: number[]) => items.reduce((a, b) => a + b, 0);\n",
        "src/adapters/files.ts": ADAPTER,
      },
    },
  },
  check({ code }, report) {
    for (const hit of findForbiddenImports(code)) {
      report("forbidden", { file: hit.file, range: hit.range }, { file: hit.file, layer: hit.layer, specifier: hit.specifier, entry: hit.entry });
    }
  },
});

export default forbiddenImport;
