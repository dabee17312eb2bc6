import { isMeasurable } from "../../compiler/acceptance.js";
import { own, stringItems } from "../../compiler/guards.js";
import { definePhaseRule } from "../../compiler/check/rule.js";
import { EXAMPLE_PHASE_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

/** Longest criterion quoted whole in a message. */
const QUOTE_LIMIT = 60;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= QUOTE_LIMIT ? flat : `${flat.slice(0, QUOTE_LIMIT - 1)}…`;
}

/** protocol/measurable-acceptance: each acceptance criterion states a metric, a comparator and a threshold. */
export const measurableAcceptance = definePhaseRule({
  id: "protocol/measurable-acceptance",
  scope: "phase",
  defaultSeverity: "warning",
  doc: "An acceptance criterion has no number, threshold or comparator.",
  details: [
    "The protocol asks for measurable acceptance criteria, and generated tests assert them against metrics.",
    'A criterion is measurable when it reads as "metric comparator threshold unit", such as',
    '"lease validation latency p99 <= 5 ms" or "MTTR under 15 minutes"; comparators may be symbols',
    '(<, <=, =, !=, >=, >, ≤, ≥) or words ("at least", "no more than", "within", "below"). "zero …", "no …",',
    '"all …" and "100% …" count as = 0 and = 100 %. One finding per criterion that states no such comparison; a',
    "criterion that states one spec-kit cannot read exactly (1e309, 1,00, a range) is protocol/exact-acceptance's finding.",
  ].join("\n"),
  messages: {
    notMeasurable: 'acceptance criterion "{{criterion}}" is not measurable: state a metric, a comparator and a threshold, like "p99 latency <= 5 ms"',
  },
  examples: {
    failing: {
      description: "The criterion names no threshold.",
      files: { "phases/P7.yaml": phaseYaml({ replace: { "cross-tenant access success rate = 0%": "cross-tenant access is denied" } }) },
    },
    passing: {
      description: "The criterion states a metric, a comparator and a threshold.",
      files: { "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
  check({ phase }, report) {
    for (const { value, index } of stringItems(own(phase.data, "acceptance"))) {
      // Blank criteria are the schema's finding.
      if (value.trim() === "" || isMeasurable(value)) continue;
      report("notMeasurable", { file: phase.document.file, path: ["acceptance", index] }, { criterion: quote(value) });
    }
  },
});

export default measurableAcceptance;
