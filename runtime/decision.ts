import { describeError } from "./describe-error.js";
import type { TaskEnvelope } from "./task-envelope.js";

/** What a decision source is told besides the envelope. */
export interface DecisionContext {
  /** The phase whose gate asks. */
  readonly phaseId: string;
  /** The check asked about: `permission`, `approval`, `sandbox`, a custom guardrail name, or `lease` for the revocation source. */
  readonly check: string;
  /** Aborts when the gate stops waiting (the time limit ran out, or the task's run ended). */
  readonly signal?: AbortSignal;
}

/**
 * A decision from outside the gate: whether `envelope` passes `context.check`. Only a result of
 * exactly `true` allows; `false`, any other value, a throw or a rejection denies.
 */
export type DecisionSource = (envelope: Readonly<TaskEnvelope>, context: DecisionContext) => boolean | Promise<boolean>;

/**
 * The lease revocation source: asked (with check `lease`) before a task runs and at each of its
 * checkpoints whether the envelope's lease is still in force. Exactly `true` means in force;
 * `false`, anything else, a throw or a rejection means revoked.
 */
export type RevocationSource = DecisionSource;

/**
 * The capability trust source (seed 002 P9): asked (with check `capability`) before a task runs
 * and at each of its checkpoints whether the envelope's `capability_id` at its `version` is
 * verified, trusted and active. Exactly `true` means it is; anything else denies.
 */
export type CapabilitySource = DecisionSource;

/** How one decision came out. */
export type Verdict = { allowed: true } | { allowed: false; why: string };

/**
 * Asks `source` and reads its answer the fail-closed way. The answer is awaited until `signal`
 * aborts; a source that has not answered by then is a refusal.
 */
export async function ask(source: DecisionSource, envelope: Readonly<TaskEnvelope>, context: DecisionContext): Promise<Verdict> {
  const { signal } = context;
  if (signal?.aborted) return { allowed: false, why: "was not asked: the gate stopped waiting" };
  let stop: (() => void) | undefined;
  const stopped = new Promise<Verdict>((resolve) => {
    if (signal === undefined) return;
    stop = () => resolve({ allowed: false, why: "did not answer in time" });
    signal.addEventListener("abort", stop, { once: true });
  });
  const answered = Promise.resolve()
    .then(() => source(envelope, context))
    .then(
      (answer): Verdict => (answer === true ? { allowed: true } : { allowed: false, why: `answered ${describeAnswer(answer)}` }),
      (error: unknown): Verdict => ({ allowed: false, why: `failed (${describeError(error)})` }),
    );
  try {
    return await Promise.race([answered, stopped]);
  } finally {
    if (stop !== undefined) signal?.removeEventListener("abort", stop);
  }
}

function describeAnswer(answer: unknown): string {
  if (answer === false) return "no";
  try {
    return `${typeof answer} ${JSON.stringify(answer) ?? String(answer)}, not true`;
  } catch {
    return `a ${typeof answer}, not true`;
  }
}

const UNINJECTED = Symbol("spec-kit.uninjected");

/**
 * A stand-in for a decision source the host did not inject. The gate never asks it: it denies
 * with `dependency missing`, naming the check, so a gate built from stand-ins never allows.
 */
export function uninjectedSource(): DecisionSource {
  const stand = (() => false) as DecisionSource & { [UNINJECTED]?: true };
  stand[UNINJECTED] = true;
  return stand;
}

/** Whether `source` is a stand-in made by {@link uninjectedSource}. */
export function isUninjected(source: DecisionSource): boolean {
  return (source as { [UNINJECTED]?: true })[UNINJECTED] === true;
}
