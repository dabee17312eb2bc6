import type { PhaseEntry, PhaseItem } from "../../compiler/bind/phase-entry.js";
import { GUARDRAIL_GROUPS } from "../../compiler/constants.js";
import { defineBundleRule } from "../../compiler/check/rule.js";
import { MINIMAL_MANIFEST_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

/** The invariant of the example report, and one that nothing in the report traces. */
const TRACED_INVARIANT = "a task never runs for another tenant";
const UNTRACED_INVARIANT = "identity binding events are append-only";

/** Words that say nothing about what an invariant constrains. */
const STOP_WORDS = new Set(
  (
    "about above after again all also always and any are been before being both but can cannot could did does done " +
    "each either ensure ensures every for from had has have how into its may might must never not none only onto other " +
    "our out over per same shall should such than that the their them then there these they this those through under " +
    "until upon very via was were what when where which while who will with within without would yes you case cases " +
    "test tests check checks verify verifies"
  ).split(" "),
);

/** Suffixes stripped by the stemmer, longest first, with their replacement. */
const SUFFIXES: readonly (readonly [string, string])[] = [
  ["ational", "ate"],
  ["ization", "ize"],
  ["ations", "ate"],
  ["ation", "ate"],
  ["ments", ""],
  ["ment", ""],
  ["ness", ""],
  ["ables", ""],
  ["able", ""],
  ["ings", ""],
  ["ing", ""],
  ["ies", "y"],
  ["ied", "y"],
  ["ers", ""],
  ["er", ""],
  ["ed", ""],
  ["es", ""],
  ["ly", ""],
  ["s", ""],
];

/** Reduces a lowercase word to a stem so that `trace`, `traced` and `tracing` meet. */
export function stem(word: string): string {
  let out = word;
  for (const [suffix, replacement] of SUFFIXES) {
    if (!out.endsWith(suffix) || out.length - suffix.length < 3) continue;
    if (suffix === "s" && out.endsWith("ss")) break;
    out = out.slice(0, out.length - suffix.length) + replacement;
    if (/(ing|ed|er)$/.test(suffix) && /([^aeiouylsz])\1$/.test(out)) out = out.slice(0, -1);
    break;
  }
  return out.length >= 4 && out.endsWith("e") ? out.slice(0, -1) : out;
}

/** Most entries each memo below keeps; it starts over when full, so memory stays bounded. */
const MEMO_LIMIT = 50_000;

/**
 * Memoizes a pure function of a string. Bundles repeat their words (and guardrail texts)
 * across thousands of phases, and stemming runs a loop of suffix tests and regular expressions.
 */
function memoize<T>(compute: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let value = memo.get(text);
    if (value === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      value = compute(text);
      memo.set(text, value);
    }
    return value;
  };
}

/** The stem of a lowercase word, or "" when the word is too short, a number or a stop word. */
const significantStem = memoize((word) => (word.length < 3 || /^[0-9]+$/.test(word) || STOP_WORDS.has(word) ? "" : stem(word)));

/** The significant stems of a text, in order of first appearance (frozen: they are shared). */
const stemsOfText = memoize((text): readonly string[] => {
  const stems = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const found = significantStem(word);
    if (found !== "") stems.add(found);
  }
  return Object.freeze([...stems]);
});

/** The significant stems of a text: lowercase words of 3+ letters, stop words and numbers removed, stemmed. */
export function significantStems(text: string): Set<string> {
  return new Set(stemsOfText(text));
}

/** The 1-based invariant indices a text refers to: `inv-2`, `INV2`, `I2`, `invariant 2`, `invariant #2`. */
export function invariantReferences(text: string): Set<number> {
  const refs = new Set<number>();
  for (const match of text.matchAll(/\b(?:inv-?|i|invariant\s*#?)(\d+)\b/gi)) refs.add(Number(match[1]));
  return refs;
}

/** The items whose texts may trace an invariant: tests, acceptance criteria and guardrails. */
function tracingItems(entry: PhaseEntry): (readonly PhaseItem[])[] {
  return [entry.tests, entry.acceptance, ...GUARDRAIL_GROUPS.map((group) => entry.guardrails[group])];
}

/** The invariant indices a text refers to (frozen: shared by every phase with the same text). */
const referencesOfText = memoize((text): readonly number[] => Object.freeze([...invariantReferences(text)]));

/** Shortens long invariants in messages. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** invariant/untraced: every invariant is traced by a test, an acceptance criterion or a guardrail. */
export const untraced = defineBundleRule({
  id: "invariant/untraced",
  scope: "bundle",
  reach: "document",
  defaultSeverity: "warning",
  doc: "An invariant of a phase is traced by no test, acceptance criterion or guardrail.",
  details: [
    "An invariant nothing checks is a wish. Invariant n (1-based) of a phase is traced when one of the phase's",
    "tests (unit, integration, e2e), acceptance criteria or guardrails (runtime_gate, policy_gate, audit_trace):",
    "  - refers to it by index: inv-n, invn, In or invariant n (any case, such as INV-2 or I2); or",
    "  - shares at least one significant word stem with it.",
    "Significant stems: the text is lowercased and split into runs of letters and digits; runs shorter than 3",
    "characters, numbers and stop words (must, never, only, every, test, ...) are dropped; each remaining word",
    "loses one suffix (ations, ing, ed, es, s, ...; -ies/-ied become -y; a doubled final consonant left by",
    "-ing/-ed/-er is undoubled) and a final e. So `tenant` traces `tenants`, and `tracing` traces `traced`.",
    "The comparison is exact and deterministic; it is a heuristic, so an untraced invariant is a warning.",
  ].join("\n"),
  messages: {
    untraced: 'invariant {{index}} ("{{text}}") is traced by no test, acceptance criterion or guardrail; add one that names it or refers to inv-{{index}}',
  },
  examples: {
    failing: {
      description: "Nothing tests that identity events are append-only.",
      files: { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, "phases/P1.yaml": phaseYaml({ id: "P1", replace: { [TRACED_INVARIANT]: UNTRACED_INVARIANT } }) },
    },
    passing: {
      description: "A unit test names the append-only identity events.",
      files: {
        "spec-kit.yaml": MINIMAL_MANIFEST_YAML,
        "phases/P1.yaml": phaseYaml({
          id: "P1",
          replace: { [TRACED_INVARIANT]: UNTRACED_INVARIANT, "unit: [an expired lease is refused]": "unit: [rewriting an identity event is refused]" },
        }),
      },
    },
  },
  check({ graph }, report) {
    for (const entry of graph.phaseEntries()) {
      if (entry.invariants.length === 0) continue;
      const referenced = new Set<number>();
      const stems = new Set<string>();
      for (const items of tracingItems(entry)) {
        for (const item of items) {
          for (const reference of referencesOfText(item.value)) referenced.add(reference);
          for (const found of stemsOfText(item.value)) stems.add(found);
        }
      }
      for (const invariant of entry.invariants) {
        const path = invariant.path;
        const index = Number(path[path.length - 1]) + 1;
        if (referenced.has(index)) continue;
        if (stemsOfText(invariant.value).some((s) => stems.has(s))) continue;
        report("untraced", { file: entry.file, path }, { index, text: clip(invariant.value) });
      }
    }
  },
});

export default untraced;
