import { readCriterion, type InexactReason } from "../../compiler/acceptance.js";
import { own, stringItems } from "../../compiler/guards.js";
import { definePhaseRule } from "../../compiler/check/rule.js";
import { EXAMPLE_PHASE_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

/** Longest criterion quoted whole in a message. */
const QUOTE_LIMIT = 60;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= QUOTE_LIMIT ? flat : `${flat.slice(0, QUOTE_LIMIT - 1)}…`;
}

/** The message id of each reason a criterion cannot be read exactly. */
const MESSAGE_OF: Readonly<Record<InexactReason, "overflow" | "imprecise" | "ambiguousNumber" | "multiplier" | "range" | "disjunction" | "clause" | "unread">> = {
  overflow: "overflow",
  imprecise: "imprecise",
  "ambiguous-number": "ambiguousNumber",
  multiplier: "multiplier",
  range: "range",
  disjunction: "disjunction",
  clause: "clause",
  unread: "unread",
};

/** protocol/exact-acceptance: a criterion states a comparison, but not one that reads exactly. */
export const exactAcceptance = definePhaseRule({
  id: "protocol/exact-acceptance",
  scope: "phase",
  defaultSeverity: "warning",
  doc: "An acceptance criterion states a comparison whose threshold cannot be read exactly.",
  details: [
    "Generated suites assert each acceptance criterion against measured metrics, so its threshold must be read exactly:",
    "a criterion is read as clauses joined by \"and\", each `metric comparator threshold unit [per N unit]`. Numbers may be",
    "written 1000, 1,000, 1_000, 1e3, 0x3E8 or 99.95. A criterion that names a number and a comparator but cannot be read",
    "exactly is generated as an it.todo named with the reason, never as a wrong threshold, and reported here: a number too",
    "large (1e309) or with more digits than a number holds, digits that are not one number (1,00, 0,5, 1.2.3), a k or M",
    "suffix, a range (between 5 and 10), an \"or\" after a comparison, a clause without a threshold, or a comparison that is",
    "not `metric comparator threshold` (latency stays under the 5 ms budget). A criterion with no comparison at all is",
    "protocol/measurable-acceptance's finding.",
  ].join("\n"),
  messages: {
    overflow: 'acceptance criterion "{{criterion}}": {{detail}} is too large for a number; write a threshold a test can compare with',
    imprecise: 'acceptance criterion "{{criterion}}": {{detail}} has more digits than a number holds exactly',
    ambiguousNumber: 'acceptance criterion "{{criterion}}": {{detail}} is not one number; write 1000, 1,000 or 1_000, and a point for decimals',
    multiplier: 'acceptance criterion "{{criterion}}": {{detail}} has a multiplier suffix; write the number out, such as 5000',
    range: 'acceptance criterion "{{criterion}}" states a range ({{detail}}); write two criteria, one with >= and one with <=',
    disjunction: 'acceptance criterion "{{criterion}}" joins a comparison with "or"; a generated test asserts every clause, so state each as its own criterion',
    clause: 'acceptance criterion "{{criterion}}" has a clause that states no threshold it can read ("{{detail}}"); join comparisons with "and", each with its own metric and threshold',
    unread: 'acceptance criterion "{{criterion}}" names a number and a comparator, but not as "metric comparator threshold", like "p99 latency <= 5 ms"',
  },
  examples: {
    failing: {
      description: "1e309 is larger than any number a test can compare with.",
      files: { "phases/P7.yaml": phaseYaml({ replace: { "cross-tenant access success rate = 0%": "cross-tenant access attempts < 1e309" } }) },
    },
    passing: {
      description: "The threshold reads exactly.",
      files: { "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
  check({ phase }, report) {
    for (const { value, index } of stringItems(own(phase.data, "acceptance"))) {
      const reading = readCriterion(value);
      if (reading.status !== "inexact") continue;
      report(MESSAGE_OF[reading.reason], { file: phase.document.file, path: ["acceptance", index] }, { criterion: quote(value), detail: quote(reading.detail) });
    }
  },
});

export default exactAcceptance;
