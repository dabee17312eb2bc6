import { distance } from "fastest-levenshtein";

/**
 * "Did you mean …?": the one place that picks a suggestion for a name that is not known (a
 * guardrail, a phase id, a key, a rule id, a layer id), so that every message suggests by the
 * same measure.
 */

/** How names are compared before measuring: the identity, or a folding of spelling variants. */
export type NameFolding = (name: string) => string;

/** Options of {@link nearestName}. */
export interface NearestNameOptions {
  /** Applied to the name and every candidate before comparing (default: none). */
  fold?: NameFolding;
}

/**
 * The candidate `name` most likely misspells: one equal to it after folding, else the nearest
 * within an edit distance of a third of the candidate's length (at least 1); of equally near
 * candidates, the first listed. `name` itself is never suggested; undefined when nothing
 * else is that near.
 */
export function nearestName(name: string, candidates: Iterable<string>, options: NearestNameOptions = {}): string | undefined {
  const fold = options.fold ?? ((value: string) => value);
  const folded = fold(name);
  let best: { candidate: string; cost: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const target = fold(candidate);
    const cost = target === folded ? 0 : distance(folded, target);
    if (cost > Math.max(1, Math.floor(target.length / 3))) continue;
    if (best === undefined || cost < best.cost) best = { candidate, cost };
  }
  return best?.candidate;
}

/** Case-insensitive comparison: `P7` and `p7`, `Invariants` and `invariants` are near. */
export const foldCase: NameFolding = (name) => name.toLowerCase();

/** Ids compared without case, `-` and `_`, and leading zeros of numbers: `S01`, `s1` and `S-1` are one id. */
export const foldIdentifier: NameFolding = (name) => name.toLowerCase().replace(/[-_]/g, "").replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, ""));

/**
 * The nearest of `candidates` to the id `name` (see {@link foldIdentifier}) among those with
 * the same numbers in it: in ids such as P7 or S01 the numbers are what tells phases apart, so
 * P9 is never offered P1, while S01 is offered S1 and PP7 is offered P7.
 */
export function nearestIdentifier(name: string, candidates: Iterable<string>): string | undefined {
  const numbers = (id: string): string => (foldIdentifier(id).match(/\d+/g) ?? []).join(",");
  const wanted = numbers(name);
  return nearestName(name, [...candidates].filter((candidate) => numbers(candidate) === wanted), { fold: foldIdentifier });
}

/** `; did you mean "x"?` for a suggestion, or the empty string: the tail every such message ends with. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? "" : `; did you mean "${suggestion}"?`;
}

/**
 * The rule ids `name` most likely means: those whose name part (after the area) is `name`'s
 * (`no-bypass`, `graph/no-bypass`: layers/no-bypass), else the one nearest as a whole
 * (`protocol/key-ordr`: protocol/key-order), else none. Sorted.
 */
export function nearestRuleIds(name: string, ids: Iterable<string>): string[] {
  const all = [...ids];
  const part = (id: string): string => id.slice(id.lastIndexOf("/") + 1).toLowerCase();
  const wanted = part(name);
  const byPart = all.filter((id) => id !== name && part(id) === wanted).sort();
  if (byPart.length > 0) return byPart;
  const near = nearestName(name, all, { fold: foldCase });
  return near === undefined ? [] : [near];
}

/** Names as a reader lists them: `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function quoteAlternatives(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}
