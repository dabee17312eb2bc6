/**
 * Reads a phase's `rollback.trigger` into an executable condition over observed metrics, the
 * way acceptance criteria are read (compiler/acceptance.ts): clauses `metric comparator threshold
 * unit`, all of which must hold, and, when the text ends with one, how long they must hold
 * ("for 10 min", "over 1 h", "over 20 consecutive runs"). The result has the shape of the
 * runtime's `RollbackTrigger` (runtime/rollback-trigger.ts), which the generated flow modules
 * hand to `createRollout`. Pure; linear in the length of the text.
 */
import { readCriterion, type CriterionClause, type InexactReason } from "./acceptance.js";

/** How long a trigger must hold before it fires: a time, or a number of observations in a row. */
export type TriggerSustain = { ms: number } | { observations: number };

/** A compiled trigger: clauses and sustain, or no clauses and why (`unreadable`). */
export interface CompiledTrigger {
  text: string;
  clauses: CriterionClause[];
  sustain?: TriggerSustain;
  unreadable?: string;
}

/** Milliseconds per time unit, by every spelling a trigger may use. */
const TIME_UNITS: ReadonlyMap<string, number> = new Map(
  (
    [
      [["ms", "millisecond", "milliseconds"], 1],
      [["s", "sec", "secs", "second", "seconds"], 1000],
      [["m", "min", "mins", "minute", "minutes"], 60_000],
      [["h", "hr", "hrs", "hour", "hours"], 3_600_000],
      [["d", "day", "days"], 86_400_000],
      [["w", "wk", "wks", "week", "weeks"], 604_800_000],
    ] as const
  ).flatMap(([names, ms]) => names.map((name): [string, number] => [name, ms])),
);

/** Units that count observations rather than time: "over 20 consecutive runs". */
const COUNT_UNITS = new Set(["run", "runs", "observation", "observations", "check", "checks", "build", "builds", "sample", "samples", "interval", "intervals", "window", "windows", "release", "releases"]);

/** Words that may open a sustain phrase, and the qualifiers that may follow them. */
const SUSTAIN_OPENERS = new Set(["for", "over", "during"]);
const SUSTAIN_QUALIFIERS = [["more", "than"], ["at", "least"], ["longer", "than"], ["over"], ["consecutive"]] as const;

/** A whole positive number as written in a sustain phrase: digits with optional `,` thousands groups. */
function wholeNumber(word: string): number | undefined {
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)$/.test(word)) return undefined;
  const value = Number(word.replaceAll(",", ""));
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * The sustain phrase a trigger ends with, if any: `for|over|during [more than|at least|longer
 * than|over] N [consecutive] unit`, N a whole number and the unit a time or a count of
 * observations. Returns the sustain and the text before the phrase.
 */
export function splitSustain(text: string): { condition: string; sustain?: TriggerSustain } {
  const words = text.trimEnd().replace(/[.;]$/u, "").split(/\s+/u);
  // Walk back from the end: unit, optional "consecutive", number, optional qualifier, opener.
  let i = words.length - 1;
  const unit = words[i]?.toLowerCase();
  if (unit === undefined) return { condition: text };
  i -= 1;
  if (words[i]?.toLowerCase() === "consecutive") i -= 1;
  const count = words[i] === undefined ? undefined : wholeNumber(words[i]!);
  if (count === undefined) return { condition: text };
  i -= 1;
  const opens = (at: number): boolean => at >= 1 && SUSTAIN_OPENERS.has(words[at]!.toLowerCase());
  // The longest phrase wins: "for over 20 runs" is one phrase, not "over 20 runs" after "for".
  const qualified = SUSTAIN_QUALIFIERS.map((qualifier) => i - qualifier.length + 1).find(
    (start, q) => start >= 2 && SUSTAIN_QUALIFIERS[q]!.every((word, k) => words[start + k]?.toLowerCase() === word) && opens(start - 1),
  );
  if (qualified !== undefined) i = qualified - 1;
  if (i < 1 || !SUSTAIN_OPENERS.has(words[i]!.toLowerCase())) return { condition: text };
  const condition = words.slice(0, i).join(" ");
  const perUnit = TIME_UNITS.get(unit);
  if (perUnit !== undefined) {
    const ms = count * perUnit;
    return Number.isSafeInteger(ms) ? { condition, sustain: { ms } } : { condition: text };
  }
  if (COUNT_UNITS.has(unit)) return { condition, sustain: { observations: count } };
  return { condition: text };
}

/** A number as a threshold is written, a unit glued on or not ("5", "1%", "200ms", "-3", "1.5"); never a name like "p99". */
const NUMBER_WORD = /^[-+]?(?:\d[\d.,]*|\.\d+)(?:%|[a-zµ]+)?$/iu;

/**
 * A phrase shaped like a sustain (`for|over|during [qualifier] N [consecutive] unit`, the unit a
 * time or a count of observations) left in the condition after a threshold: one that is not the
 * trigger's last words, or whose N is not a whole positive number. Read as prose, it would be
 * dropped and the trigger fire at its first breach; so the trigger is not machine-readable.
 * ("queue wait over 30 s" is a comparison: no threshold comes before its "over".)
 */
function straySustain(condition: string): string | undefined {
  for (const segment of condition.split(/\s+and\s+/iu)) {
    const words = segment.split(/\s+/u).filter((word) => word !== "");
    let afterThreshold = false;
    for (const [i, word] of words.entries()) {
      if (afterThreshold && SUSTAIN_OPENERS.has(word.toLowerCase())) {
        let j = i + 1;
        const qualifier = SUSTAIN_QUALIFIERS.find((q) => q.every((w, k) => words[j + k]?.toLowerCase() === w));
        j += qualifier?.length ?? 0;
        if (/^[-+]?(?:\d[\d.,]*|\.\d+)$/u.test(words[j] ?? "")) {
          j += words[j + 1]?.toLowerCase() === "consecutive" ? 2 : 1;
          const unit = words[j]?.toLowerCase().replace(/[.;,]$/u, "");
          if (unit !== undefined && (TIME_UNITS.has(unit) || COUNT_UNITS.has(unit))) return words.slice(i, j + 1).join(" ");
        }
      }
      if (NUMBER_WORD.test(word)) afterThreshold = true;
    }
  }
  return undefined;
}

/** Why a trigger that states a comparison cannot be read exactly, in words. */
const INEXACT: Readonly<Record<InexactReason, string>> = {
  overflow: "a number too large for a double",
  imprecise: "a number with more digits than a double holds",
  "ambiguous-number": "digits that are not one number",
  multiplier: "a number with a multiplier suffix",
  range: "a range",
  disjunction: 'an "or" after a comparison',
  clause: "a clause that does not read on its own",
  unread: "a number and a comparator that do not read as metric comparator threshold",
};

/** A threshold observed values can lie on either side of: finite, and at most half the largest double in size. */
function usableThreshold(threshold: number): boolean {
  return Number.isFinite(threshold) && Math.abs(threshold) <= Number.MAX_VALUE / 2;
}

/**
 * Compiles a rollback trigger. The condition before any sustain phrase must read exactly as
 * clauses over metrics, as an acceptance criterion does (`readCriterion`: "error rate > 1% and
 * p99 latency > 200 ms" has two); a text that does not ("replay makes > 0 live calls or corrupts
 * a snapshot" is a disjunction), or that holds a duration it cannot read ("for 1.5 h", a second
 * "for 10 min"), compiles to no clauses with `unreadable` saying why, and the rollout generated
 * for it needs the condition injected.
 */
export function compileTrigger(text: string): CompiledTrigger {
  if (typeof text !== "string" || text.trim() === "") return { text: typeof text === "string" ? text : "", clauses: [], unreadable: "the trigger is empty" };
  const { condition, sustain } = splitSustain(text);
  const reading = readCriterion(condition);
  if (reading.status === "none") return { text, clauses: [], unreadable: "no comparison over a metric (metric comparator threshold unit)" };
  if (reading.status === "inexact") return { text, clauses: [], unreadable: `${INEXACT[reading.reason]}: ${JSON.stringify(reading.detail)}` };
  const huge = reading.clauses.find((clause) => !usableThreshold(clause.threshold));
  if (huge !== undefined) return { text, clauses: [], unreadable: `its threshold ${huge.threshold} is too large to observe a value beyond it` };
  const stray = straySustain(condition);
  if (stray !== undefined) {
    return { text, clauses: [], unreadable: `a duration that does not read: ${JSON.stringify(stray)} (only the last words say how long: for, over or during a whole positive number of a time unit or of consecutive observations)` };
  }
  return { text, clauses: reading.clauses, ...(sustain === undefined ? {} : { sustain }) };
}
