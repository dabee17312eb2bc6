import { defineBundleRule } from "../../compiler/check/rule.js";
import { manifestYaml, phaseYaml } from "../../compiler/check/rule-examples.js";
import { keyOfRequirement, requirementKey, resolveRequirement } from "../../compiler/bind/requirement-refs.js";
import { nearestIdentifier } from "../../compiler/suggest.js";

/** A Markdown mission with two requirements under Security: billing/security-1 and billing/security-2. */
const MISSION_MD = ["# Billing Specification", "", "## Security", "- Invoices are signed before they are sent.", "- Card numbers never leave the vault.", ""].join("\n");

/** The example phase's unit test, traced to `ref`. */
function tracedPhase(ref: string): string {
  return phaseYaml({ replace: { "unit: [an expired lease is refused]": `unit: [{text: an unsigned invoice is refused, traces: [${ref}]}]` } });
}

/** requirement/unknown-ref: an invariant's or test's `traces` names a requirement no mission of the bundle has. */
export const unknownRef = defineBundleRule({
  id: "requirement/unknown-ref",
  scope: "bundle",
  reach: "traces",
  defaultSeverity: "error",
  doc: "An invariant or test traces to a requirement no mission of the bundle has.",
  details: [
    "An invariant or a test of a phase may name the mission requirements it checks: {text, traces: [<mission>/<requirement>]}.",
    "A requirement is an item or paragraph of a Markdown mission's sections other than the overview, components,",
    "contracts and actors (requirement security-compliance-2 is the second of `## Security & Compliance`), an OpenSpec",
    "`### Requirement:`, or an entry of a YAML mission's `requirements`; `spec-kit graph` lists them as requirement:<mission>/<id>",
    "nodes, and a reference may be written with that `requirement:` prefix or without it.",
    "A reference that names none of them binds no edge, so what it claims to check is checked by nothing: an error.",
  ].join("\n"),
  messages: {
    unknown: '{{what}} traces "{{ref}}", which names no requirement of the bundle\'s missions; write <mission>/<requirement>, as spec-kit graph lists them',
    unknownNear: '{{what}} traces "{{ref}}", which names no requirement of the bundle\'s missions; did you mean "{{suggestion}}"?',
  },
  examples: {
    failing: {
      description: "The unit test traces billing/securty-1, a misspelling of billing/security-1.",
      files: { "spec-kit.yaml": manifestYaml(), "missions/billing.md": MISSION_MD, "phases/P7.yaml": tracedPhase("billing/securty-1") },
    },
    passing: {
      description: "The unit test traces billing/security-1, the signed invoices.",
      files: { "spec-kit.yaml": manifestYaml(), "missions/billing.md": MISSION_MD, "phases/P7.yaml": tracedPhase("billing/security-1") },
    },
  },
  check({ graph }, report) {
    let known: string[] | undefined;
    for (const entry of graph.phaseEntries()) {
      const items = [
        ...entry.invariants.map((item, i) => ({ item, what: `invariant ${i + 1}` })),
        ...entry.tests.map((item) => ({ item, what: `${item.level} test "${item.value.length > 40 ? `${item.value.slice(0, 37)}...` : item.value}"` })),
      ];
      for (const { item, what } of items) {
        for (const trace of item.traces) {
          if (resolveRequirement(graph, trace.value) !== undefined) continue;
          known ??= graph.nodes("requirement").map(keyOfRequirement);
          const at = { file: entry.file, path: trace.path };
          const suggestion = suggest(requirementKey(trace.value), known);
          if (suggestion !== undefined) report("unknownNear", at, { what, ref: trace.value, suggestion });
          else report("unknown", at, { what, ref: trace.value });
        }
      }
    }
  },
});

/** The requirement a reference most likely means: one whose id it is without its mission, else the nearest id with the same numbers. */
function suggest(key: string, known: readonly string[]): string | undefined {
  if (!key.includes("/")) {
    const bare = known.find((candidate) => candidate.slice(candidate.indexOf("/") + 1) === key);
    if (bare !== undefined) return bare;
  }
  return nearestIdentifier(key, known);
}

export default unknownRef;
