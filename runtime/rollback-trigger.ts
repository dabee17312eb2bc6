import { checkCriterion, type Criterion, type PhaseMetrics } from "./acceptance.js";
import { describeError } from "./describe-error.js";

/**
 * How long a trigger must hold before it fires: for a time (`ms`: "for 10 min", "over 1 h") from
 * the first observation it held in, or for a number of observations in a row
 * (`observations`: "over 20 consecutive runs").
 */
export type TriggerSustain = { readonly ms: number } | { readonly observations: number };

/**
 * A phase's rollback trigger, compiled by spec-kit from its `rollback.trigger` text like an
 * acceptance criterion: clauses over observed metrics, all of which must hold, and how long.
 * A trigger spec-kit could not read has no clauses and says why in `unreadable`; its rollout
 * then needs the condition injected (`RolloutDeps.condition`).
 */
export interface RollbackTrigger {
  /** The trigger as the phase report writes it. */
  readonly text: string;
  readonly clauses: readonly Criterion[];
  readonly sustain?: TriggerSustain;
  /** Why the text could not be compiled into clauses. */
  readonly unreadable?: string;
}

/**
 * A condition over observed metrics the host injects for a trigger spec-kit could not read:
 * exactly `true` means the trigger holds, exactly `false` that it does not; anything else, or a
 * throw, means the metrics did not tell (the rollout is then not promoted).
 */
export type TriggerCondition = (metrics: PhaseMetrics) => boolean;

/** One observation of a trigger: `breached` (it holds), `clear` (it does not) or `unobserved` (the metrics do not tell). */
export interface TriggerVerdict {
  readonly state: "breached" | "clear" | "unobserved";
  readonly message: string;
  /** The clause metrics the observation had no number for. */
  readonly missing: readonly string[];
}

/**
 * Evaluates a compiled trigger on observed metrics, three-valued: `clear` as soon as one clause
 * is measured and does not hold; `breached` when every clause is measured and holds;
 * `unobserved` otherwise (a clause metric without a number, or no clauses at all). Only own
 * properties of `metrics` count.
 */
export function evaluateTrigger(trigger: RollbackTrigger, metrics: PhaseMetrics | undefined): TriggerVerdict {
  if (trigger.clauses.length === 0) return { state: "unobserved", message: `the trigger has no condition spec-kit could read (${trigger.unreadable ?? "no clause"})`, missing: [] };
  const missing: string[] = [];
  const held: string[] = [];
  for (const clause of trigger.clauses) {
    const measured = metrics !== undefined && Object.hasOwn(metrics, clause.metric) && typeof metrics[clause.metric] === "number" && Number.isFinite(metrics[clause.metric]);
    if (!measured) {
      missing.push(clause.metric);
      continue;
    }
    const verdict = checkCriterion(metrics, clause);
    if (!verdict.holds) return { state: "clear", message: verdict.message, missing: [] };
    held.push(verdict.message);
  }
  if (missing.length > 0) return { state: "unobserved", message: `no measured value for ${missing.map((m) => JSON.stringify(m)).join(", ")}`, missing };
  return { state: "breached", message: held.join("; "), missing: [] };
}

/** Asks an injected {@link TriggerCondition}, reading its answer the fail-closed way. */
export function askCondition(condition: TriggerCondition, metrics: PhaseMetrics): TriggerVerdict {
  try {
    const answer: unknown = condition(metrics);
    if (answer === true) return { state: "breached", message: "the injected condition holds", missing: [] };
    if (answer === false) return { state: "clear", message: "the injected condition does not hold", missing: [] };
    return { state: "unobserved", message: `the injected condition answered ${typeof answer}, not a boolean`, missing: [] };
  } catch (error) {
    return { state: "unobserved", message: `the injected condition failed (${describeError(error)})`, missing: [] };
  }
}

/** Whether a sustain setting is well-formed: a non-negative finite time, or a positive whole number of observations. */
export function validSustain(sustain: unknown): sustain is TriggerSustain {
  if (typeof sustain !== "object" || sustain === null) return false;
  const s = sustain as Record<string, unknown>;
  if ("ms" in s) return typeof s.ms === "number" && Number.isFinite(s.ms) && s.ms >= 0;
  if ("observations" in s) return typeof s.observations === "number" && Number.isInteger(s.observations) && s.observations >= 1;
  return false;
}

/**
 * Tracks how long a trigger has held: fed each verdict with its time, it says when the trigger
 * fires. A `clear` observation resets it; an `unobserved` one neither resets nor counts (a gap in
 * the metrics does not clear a breach).
 */
export function createSustainTracker(sustain: TriggerSustain | undefined): { observe(verdict: TriggerVerdict, atMs: number): boolean; reset(): void } {
  let since: number | undefined;
  let streak = 0;
  return {
    observe(verdict, atMs) {
      if (verdict.state === "clear") {
        since = undefined;
        streak = 0;
        return false;
      }
      if (verdict.state === "unobserved") return false;
      since ??= atMs;
      streak += 1;
      if (sustain === undefined) return true;
      return "ms" in sustain ? atMs - since >= sustain.ms : streak >= sustain.observations;
    },
    reset() {
      since = undefined;
      streak = 0;
    },
  };
}
