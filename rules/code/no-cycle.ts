import { defineCodeRule } from "../../compiler/check/rule.js";
import { importCycles } from "../../compiler/code/import-cycles.js";
import { START_OF_FILE } from "../../compiler/diagnostics.js";

const MANIFEST = `specKit: 1
name: example
code: {root: src}
`;

/** code/no-cycle: TypeScript files import each other in a cycle. */
export const noCycle = defineCodeRule({
  id: "code/no-cycle",
  scope: "code",
  defaultSeverity: "error",
  doc: "Files of the code model import each other in a cycle.",
  details:
    "Every elementary cycle of the file import graph is reported once, with its whole path starting at its smallest file path, " +
    "at the import that leaves that file. As graph/no-cycle does for phases, at most 100 cycles are listed per strongly " +
    "connected group of files; a group with more gets one more diagnostic naming its files. Static imports, export … from, " +
    "import() and require() count; import type (and imports whose bindings are all marked type) count only when the " +
    "manifest sets code.typeOnlyCycles: true.",
  messages: {
    cycle: "import cycle: {{path}}",
    truncated: "{{count}} files import each other in more cycles than the {{listed}} listed: {{files}}",
  },
  examples: {
    failing: {
      description: "a.ts and b.ts import each other.",
      files: { "spec-kit.yaml": MANIFEST, "src/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n', "src/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n' },
    },
    passing: {
      description: "b.ts takes only a type from a.ts.",
      files: { "spec-kit.yaml": MANIFEST, "src/a.ts": 'import { b } from "./b.js";\nexport type A = number;\nexport const a = () => b;\n', "src/b.ts": 'import type { A } from "./a.js";\nexport const b: A = 1;\n' },
    },
  },
  check({ code }, report) {
    const { cycles, truncated } = importCycles(code);
    for (const cycle of cycles) {
      const path = [...cycle.files, cycle.files[0]].join(" -> ");
      report("cycle", { file: cycle.files[0]!, range: cycle.first.range }, { path });
    }
    for (const group of truncated) {
      report("truncated", { file: group.files[0]!, range: START_OF_FILE }, { count: group.files.length, listed: group.listed, files: group.files.join(", ") });
    }
  },
});

export default noCycle;
