import { defineBundleRule } from "../../compiler/check/rule.js";
import { manifestYaml, phaseYaml } from "../../compiler/check/rule-examples.js";
import { keyOfRequirement, resolveRequirement } from "../../compiler/bind/requirement-refs.js";

/** A Markdown mission with two requirements under Security: billing/security-1 and billing/security-2. */
const MISSION_MD = ["# Billing Specification", "", "## Security", "- Invoices are signed before they are sent.", "- Card numbers never leave the vault.", ""].join("\n");

/** The example phase, its unit test traced to billing/security-1 and its invariant to `invariantTraces`, if any. */
function tracedPhase(invariantTraces?: string): string {
  const replace: Record<string, string> = { "unit: [an expired lease is refused]": "unit: [{text: an unsigned invoice is refused, traces: [billing/security-1]}]" };
  if (invariantTraces !== undefined) replace["  - a task never runs for another tenant"] = `  - {text: a card number is never stored outside the vault, traces: [${invariantTraces}]}`;
  return phaseYaml({ replace });
}

/** Shortens long requirements in messages. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The mission id of a requirement key `mission/id`. */
function missionOf(key: string): string {
  return key.slice(0, key.indexOf("/"));
}

/** requirement/untraced: a requirement of a mission whose requirements are traced is traced by no invariant or test. */
export const untraced = defineBundleRule({
  id: "requirement/untraced",
  scope: "bundle",
  reach: "traces",
  defaultSeverity: "warning",
  doc: "A requirement of a traced mission is traced by no invariant or test.",
  details: [
    "Once an invariant or a test of the bundle traces one requirement of a mission ({text, traces: [<mission>/<requirement>]}),",
    "every other requirement of that mission should be traced too: a requirement nothing checks is a wish.",
    "A mission none of whose requirements is traced is not reported: its requirements are not yet planned against",
    "(a bundle that adopts a Markdown mission would otherwise get a warning for each of its paragraphs), and the",
    "first trace opts the mission in. Set the rule to error in the manifest's `rules` to make the coverage a gate.",
  ].join("\n"),
  messages: {
    untraced: 'requirement {{key}} ("{{text}}") is traced by no invariant or test, while mission {{mission}} has {{traced}} of its {{total}} requirements traced; add it to the traces of one that checks it',
  },
  examples: {
    failing: {
      description: "The unit test traces billing/security-1; nothing traces billing/security-2, the card vault.",
      files: { "spec-kit.yaml": manifestYaml(), "missions/billing.md": MISSION_MD, "phases/P7.yaml": tracedPhase() },
    },
    passing: {
      description: "The invariant traces billing/security-2 as well.",
      files: { "spec-kit.yaml": manifestYaml(), "missions/billing.md": MISSION_MD, "phases/P7.yaml": tracedPhase("billing/security-2") },
    },
  },
  check({ graph }, report) {
    const traced = new Set<string>();
    for (const entry of graph.phaseEntries()) {
      for (const item of [...entry.invariants, ...entry.tests]) {
        for (const trace of item.traces) {
          const requirement = resolveRequirement(graph, trace.value);
          if (requirement) traced.add(requirement.id);
        }
      }
    }
    if (traced.size === 0) return;
    const requirements = graph.nodes("requirement");
    const byMission = new Map<string, { total: number; traced: number }>();
    for (const node of requirements) {
      const mission = missionOf(keyOfRequirement(node));
      const tally = byMission.get(mission) ?? { total: 0, traced: 0 };
      tally.total++;
      if (traced.has(node.id)) tally.traced++;
      byMission.set(mission, tally);
    }
    for (const node of requirements) {
      if (traced.has(node.id) || !node.source) continue;
      const key = keyOfRequirement(node);
      const mission = missionOf(key);
      const tally = byMission.get(mission)!;
      if (tally.traced === 0) continue;
      report("untraced", { file: node.source.file, path: node.source.path }, { key, text: clip(node.label), mission, traced: tally.traced, total: tally.total });
    }
  },
});

export default untraced;
