import { defineCodeRule } from "../../compiler/check/rule.js";
import { importHandoffs, modelExports } from "../../compiler/code/layer-handoffs.js";

const MANIFEST = `specKit: 1
name: example
code: {root: src}
layers:
  - {id: tools, modules: [src/tools]}
  - {id: kernel, modules: [src/kernel]}
  - {id: api, modules: [src/api]}
allow:
  - {from: api, to: tools}
  - {from: tools, to: kernel}
`;

/** code/no-layer-bypass: a file of layer X imports a file of layer Y, and `allow` lacks X -> Y. */
export const noLayerBypass = defineCodeRule({
  id: "code/no-layer-bypass",
  scope: "code",
  defaultSeverity: "error",
  doc: "A file imports a file of another layer without an allowed hand-off.",
  details:
    "Each TypeScript file under the code root belongs to the layer whose modules entry is the longest prefix of its path " +
    "(relative to the bundle root). A file of layer X importing a file of layer Y (X != Y) is a hand-off X -> Y and must be " +
    "listed in allow as {from: X, to: Y}: `from` is the importing layer, `to` the imported one. Note that this is the opposite " +
    "reading of the phase rule layers/no-bypass, where a phase reading r and writing w is the data flow layer(r) -> layer(w); " +
    "here the arrow follows the import, the way dependency-cruiser and ESLint's boundaries rules draw it. Static imports, " +
    "import type, export … from, import() and require() with a literal all count; a named import is also followed through " +
    "re-exports to the file that declares it, so a barrel of an allowed layer cannot hide a disallowed origin.",
  messages: {
    direct: "{{file}} ({{from}}) imports {{target}} ({{to}}): the hand-off {{from}} -> {{to}} is not in allow",
    reExported: "{{file}} ({{from}}) imports {{name}} from {{target}} ({{to}}) through {{via}}: the hand-off {{from}} -> {{to}} is not in allow",
  },
  examples: {
    failing: {
      description: "api imports the kernel through the tools barrel; only api -> tools and tools -> kernel are allowed.",
      files: {
        "spec-kit.yaml": MANIFEST,
        "src/kernel/spawn.ts": "export function spawn(): void {}\n",
        "src/tools/index.ts": 'export { spawn } from "../kernel/spawn.js";\n',
        "src/api/handler.ts": 'import { spawn } from "../tools/index.js";\nspawn();\n',
      },
    },
    passing: {
      description: "api imports only what tools declares.",
      files: {
        "spec-kit.yaml": MANIFEST,
        "src/kernel/spawn.ts": "export function spawn(): void {}\n",
        "src/tools/run.ts": 'import { spawn } from "../kernel/spawn.js";\nexport function run(): void { spawn(); }\n',
        "src/api/handler.ts": 'import { run } from "../tools/run.js";\nrun();\n',
      },
    },
  },
  check({ code }, report) {
    if (!code.layers.declared) return;
    const lookup = modelExports(code);
    const layerOf = (path: string) => code.file(path)?.layer;
    for (const file of code.files) {
      if (file.layer === undefined) continue;
      for (const entry of file.imports) {
        for (const handoff of importHandoffs(file.layer, entry, lookup, layerOf)) {
          if (code.layers.allows(handoff.from, handoff.to)) continue;
          const data = { file: file.path, from: handoff.from, to: handoff.to, target: handoff.target };
          const at = { file: file.path, range: handoff.range };
          if (handoff.via === undefined) report("direct", at, data);
          else {
            const name = entry.names.find((n) => n.range === handoff.range)?.imported ?? "";
            report("reExported", at, { ...data, name, via: handoff.via });
          }
        }
      }
    }
  },
});

export default noLayerBypass;
