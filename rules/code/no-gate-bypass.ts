import { defineCodeRule } from "../../compiler/check/rule.js";
import { START_OF_FILE } from "../../compiler/diagnostics.js";
import { findGateBypasses } from "../../compiler/code/gate-bypass.js";

const MANIFEST = `specKit: 1
name: example
code: {root: src, tsconfig: tsconfig.json}
layers:
  - {id: tools, modules: [src/tools, src/gates, src/runtime]}
  - {id: kernel, modules: [src/kernel], gated: true}
allow:
  - {from: tools, to: kernel}
`;

const TSCONFIG = '{"compilerOptions": {"module": "esnext", "moduleResolution": "bundler", "paths": {"spec-kit/runtime": ["./src/runtime/index.ts"]}}}\n';

const RUNTIME = `export interface Gate { execute<T>(envelope: object, task: () => T): Promise<T>; }
export function createGate(): Gate { return { execute: async (_e, task) => task() }; }
`;

const FILES = {
  "spec-kit.yaml": MANIFEST,
  "tsconfig.json": TSCONFIG,
  "src/runtime/index.ts": RUNTIME,
  "src/gates/P2.ts": 'import { createGate } from "spec-kit/runtime";\nexport const gate = createGate();\n',
  "src/kernel/spawn.ts": "export function spawn(): number { return 1; }\n",
};

/** code/no-gate-bypass: a call into a gated layer from outside it that no gate's `execute` wraps. */
export const noGateBypass = defineCodeRule({
  id: "code/no-gate-bypass",
  scope: "code",
  defaultSeverity: "error",
  doc: "A call into a gated layer is made outside a gate's execute task.",
  details:
    "A function exported by a module of a gated layer may be called from another layer only inside the task handed to a " +
    "runtime gate: lexically inside the function expression or arrow passed as the second argument of `gate.execute(envelope, task)`, " +
    "where `gate` has the Gate type of spec-kit/runtime. Aliased imports, default exports, re-exports, `export *` and namespace " +
    "imports cannot hide the call: callees are followed from the imports that name them, and a call syntax cannot settle (a " +
    "module's namespace object passed through a variable, a function or a spread, a name an inner scope declares again, a call " +
    "inside some `execute` task) is put to the TypeScript type checker, over a program of only the files holding such calls. " +
    "Should the checker run out of stack on a file all the same, the file is reported as unchecked (an error too: it may hold a bypass).",
  messages: {
    bypass: "{{callee}}() calls {{name}}, exported by {{calleeFile}} of the gated layer {{layer}}, outside a gate's execute task",
    unchecked: "the calls of {{file}} could not be followed: the TypeScript checker ran out of stack on it; split its deepest expression",
  },
  examples: {
    failing: {
      description: "The tool calls the kernel directly, through an aliased import.",
      files: { ...FILES, "src/tools/run.ts": 'import { spawn as start } from "../kernel/spawn.js";\nexport const run = () => start();\n' },
    },
    passing: {
      description: "The tool calls the kernel inside the task of the phase's gate.",
      files: {
        ...FILES,
        "src/tools/run.ts":
          'import { spawn as start } from "../kernel/spawn.js";\nimport { gate } from "../gates/P2.js";\nexport const run = () => gate.execute({}, () => start());\n',
      },
    },
  },
  check({ code }, report) {
    const { bypasses, unchecked } = findGateBypasses(code);
    for (const bypass of bypasses) {
      report("bypass", { file: bypass.file, range: bypass.range }, { callee: bypass.callee, name: bypass.name, calleeFile: bypass.calleeFile, layer: bypass.layer });
    }
    // Fails closed: a file whose calls were not followed may hold a bypass.
    for (const { file } of unchecked) report("unchecked", { file, range: START_OF_FILE }, { file });
  },
});

export default noGateBypass;
