/**
 * Reads a phase's `rollback.trigger` into an executable condition over observed metrics, the
 * way acceptance criteria are read (compiler/acceptance.ts): clauses `metric comparator threshold
 * unit`, all of which must hold, and, when the text ends with one, how long they must hold
 * ("for 10 min", "over 1 h", "over 20 consecutive runs"). The result has the shape of the
 * runtime's `RollbackTrigger` (runtime/rollback-trigger.ts), which the generated flow modules
 * hand to `createRollout`. Pure; linear in the length of the text.
 */
import { parseAcceptance, type AcceptanceCriterion } from "./acceptance.js";

/** How long a trigger must hold before it fires: a time, or a number of observations in a row. */
export type TriggerSustain = { ms: number } | { observations: number };

/** A compiled trigger: clauses and sustain, or no clauses and why (`unreadable`). */
export interface CompiledTrigger {
  text: string;
  clauses: AcceptanceCriterion[];
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

/** A threshold observed values can lie on either side of: finite, and at most half the largest double in size. */
function usableThreshold(threshold: number): boolean {
  return Number.isFinite(threshold) && Math.abs(threshold) <= Number.MAX_VALUE / 2;
}

/**
 * Compiles a rollback trigger. The condition before any sustain phrase must read as a
 * comparison over a metric (see `parseAcceptance`); a text that does not ("replay makes > 0 live
 * calls or corrupts a snapshot") compiles to no clauses with `unreadable` saying so, and the
 * rollout generated for it needs the condition injected.
 */
export function compileTrigger(text: string): CompiledTrigger {
  if (typeof text !== "string" || text.trim() === "") return { text: typeof text === "string" ? text : "", clauses: [], unreadable: "the trigger is empty" };
  const { condition, sustain } = splitSustain(text);
  const clause = parseAcceptance(condition);
  if (clause === undefined) {
    return { text, clauses: [], unreadable: "it does not read as one comparison over a metric (metric comparator threshold unit)" };
  }
  if (!usableThreshold(clause.threshold)) return { text, clauses: [], unreadable: `its threshold ${clause.threshold} is too large to observe a value beyond it` };
  return { text, clauses: [clause], ...(sustain === undefined ? {} : { sustain }) };
}
