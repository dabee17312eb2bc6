import { asRecord } from "../../compiler/guards.js";
import { definePhaseRule } from "../../compiler/check/rule.js";
import { PHASE_REPORT_KEYS } from "../../compiler/constants.js";
import { EXAMPLE_PHASE_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

/** The flow line of the example report, which the failing example moves before data_models. */
const FLOW = "flow: {trigger: a request arrives, steps: [bind the tenant, validate the lease], exit_conditions: [context bound]}\n";

/** The 12 top-level keys of a phase report in contract order. */
export const CONTRACT_ORDER: readonly string[] = PHASE_REPORT_KEYS;

const RANK = new Map(CONTRACT_ORDER.map((key, index) => [key, index]));

function rank(key: string): number {
  return RANK.get(key)!;
}

function inContractOrder(keys: readonly string[]): boolean {
  return keys.every((key, i) => i === 0 || rank(keys[i - 1]!) < rank(key));
}

/** protocol/key-order: the contract keys appear in the order the protocol lists them. */
export const keyOrder = definePhaseRule({
  id: "protocol/key-order",
  scope: "phase",
  defaultSeverity: "warning",
  doc: "The 12 top-level keys of a phase report are not in contract order.",
  details: [
    "The protocol lists the keys of a phase report in a fixed order: phase_meta, objective, invariants,",
    "module_scope, data_models, flow, guardrails, tests, acceptance, rollback, dependency_graph, status.",
    "Reports that keep this order read and diff alike. The rule reports once per document, at the first key",
    "out of place, and says where it belongs. Missing and unknown keys are other rules' concern and are ignored here.",
  ].join("\n"),
  messages: {
    after: '"{{key}}" should come after "{{previous}}" (contract order)',
    before: '"{{key}}" should come before "{{next}}" (contract order)',
  },
  examples: {
    failing: {
      description: "flow is written before data_models.",
      files: { "phases/P7.yaml": phaseYaml({ replace: { [FLOW]: "", "data_models:": `${FLOW}data_models:` } }) },
    },
    passing: {
      description: "The keys in contract order.",
      files: { "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
  check({ phase }, report) {
    const record = asRecord(phase.data);
    if (!record) return;
    const present = Object.keys(record).filter((key) => RANK.has(key));
    const expected = [...present].sort((a, b) => rank(a) - rank(b));
    const first = present.findIndex((key, i) => key !== expected[i]);
    if (first < 0) return;
    // `early` sits where `due` belongs; report whichever single move restores the order, preferring `early`.
    const early = present[first]!;
    const due = expected[first]!;
    const file = phase.document.file;
    if (!inContractOrder(present.filter((key) => key !== early)) && inContractOrder(present.filter((key) => key !== due))) {
      const next = expected[expected.indexOf(due) + 1]!;
      report("before", { file, path: [due], on: "key" }, { key: due, next });
      return;
    }
    const previous = expected[expected.indexOf(early) - 1]!;
    report("after", { file, path: [early], on: "key" }, { key: early, previous });
  },
});

export default keyOrder;
