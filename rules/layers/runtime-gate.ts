import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";
import { RUNTIME_GATE_NAMES } from "../../compiler/guardrail-names.js";

/** The runtime gates a phase writing a gated layer must list (INTERFACE §2): the protocol's four, spelled exactly as the runtime reads them. */
const REQUIRED_GATES = RUNTIME_GATE_NAMES;

/** layers/runtime-gate: a phase that writes a module of a gated layer lists all four runtime gates. */
export const runtimeGate = defineBundleRule({
  id: "layers/runtime-gate",
  scope: "bundle",
  reach: "document",
  defaultSeverity: "error",
  doc: "A phase writes a gated layer without all four runtime gates.",
  details:
    `Writing into a layer marked gated: true needs ${REQUIRED_GATES.join(", ")} in guardrails.runtime_gate, so that no ` +
    "execution path bypasses the runtime gate. Reported once per phase at guardrails.runtime_gate.",
  messages: {
    missing: "writes {{module}} in gated layer {{layer}} but guardrails.runtime_gate lacks {{missing}}",
  },
  examples: {
    failing: {
      description: "P7 writes the gated security layer with only a budget gate.",
      files: phaseBundle(phaseYaml({ replace: { "runtime_gate: [budget, timeout, sandbox, token]": "runtime_gate: [budget]" } })),
    },
    passing: {
      description: "All four gates are listed.",
      files: phaseBundle(),
    },
  },
  check({ graph }, report) {
    if (!graph.layers.declared) return;
    for (const entry of graph.phaseEntries()) {
      const gated = entry.writes
        .map((item) => ({ module: item.value, layer: graph.moduleLayer(item.value) }))
        .find((write) => write.layer !== undefined && graph.layers.layer(write.layer)?.gated === true);
      if (!gated) continue;
      const listed = new Set(entry.guardrails.runtime_gate.map((item) => item.value));
      const missing = REQUIRED_GATES.filter((gate) => !listed.has(gate));
      if (missing.length === 0) continue;
      report(
        "missing",
        { file: entry.file, path: ["guardrails", "runtime_gate"] },
        { module: gated.module, layer: gated.layer!, missing: missing.join(", ") },
      );
    }
  },
});

export default runtimeGate;
