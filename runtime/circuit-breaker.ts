import { toIso, toMillis, type Now } from "./clock.js";

/** The three breaker states (seed 002 P11). */
export type BreakerState = "closed" | "open" | "half_open";

/** Why a breaker changed state. */
export type BreakerCause = "failure threshold" | "cool-down elapsed" | "trial failed" | "trials succeeded";

/** Emitted on every state change. */
export interface BreakerEvent {
  readonly type: "breaker.transition";
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly at: string;
  readonly cause: BreakerCause;
}

/** Breaker settings; all times come from the injected clock. */
export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the circuit. */
  failureThreshold: number;
  windowMs: number;
  /** How long the circuit stays open before letting trials through. */
  coolDownMs: number;
  /** Trial calls admitted while half-open; all must succeed to close. Default 1. */
  halfOpenTrials?: number;
  now: Now;
  sink?: (event: BreakerEvent) => void;
}

/** A point-in-time view of a breaker. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Failures inside the current window while closed; 0 otherwise. */
  readonly recentFailures: number;
  /** When the circuit last opened, ISO 8601, while open or half-open. */
  readonly openedAt: string | undefined;
  readonly trialsInFlight: number;
}

/** The error a breaker rejects with while open, or half-open with all trials taken. */
export class CircuitOpenError extends Error {
  override readonly name = "CircuitOpenError";
  readonly code = "circuit_open";
}

/** A circuit breaker around calls to a failing dependency. */
export interface CircuitBreaker {
  /**
   * Runs `fn` when the circuit admits it and passes its result or error through. When the
   * circuit rejects, resolves to `fallback(error)` if given (the degrade path), else rejects
   * with a {@link CircuitOpenError} without calling `fn`.
   */
  call<T>(fn: () => Promise<T> | T, fallback?: (rejection: CircuitOpenError) => Promise<T> | T): Promise<T>;
  /** The current state, moving open to half-open once the cool-down has elapsed. */
  state(): BreakerState;
  snapshot(): BreakerSnapshot;
  /** Every transition so far, oldest first. */
  transitions(): readonly BreakerEvent[];
}

/**
 * Creates a breaker: closed until `failureThreshold` failures fall within `windowMs`; then open,
 * rejecting fast for `coolDownMs`; then half-open, admitting `halfOpenTrials` calls. Any trial
 * failure reopens it; when every trial succeeds it closes. Results of calls started under an
 * earlier state never move the breaker.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const trials = options.halfOpenTrials ?? 1;
  for (const [name, value] of Object.entries({ failureThreshold: options.failureThreshold, halfOpenTrials: trials })) {
    if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`${name} must be a positive integer`);
  }
  for (const [name, value] of Object.entries({ windowMs: options.windowMs, coolDownMs: options.coolDownMs })) {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a non-negative number`);
  }
  const now = (): number => toMillis(options.now());
  const log: BreakerEvent[] = [];
  let current: BreakerState = "closed";
  let epoch = 0;
  let failures: number[] = [];
  let openedAt = 0;
  let admitted = 0;
  let succeeded = 0;

  const move = (to: BreakerState, cause: BreakerCause, at: number): void => {
    const event: BreakerEvent = Object.freeze({ type: "breaker.transition", from: current, to, at: toIso(at), cause });
    current = to;
    epoch += 1;
    failures = [];
    admitted = 0;
    succeeded = 0;
    if (to === "open") openedAt = at;
    log.push(event);
    try {
      options.sink?.(event);
    } catch {
      // A failing sink must not change the breaker.
    }
  };
  const refresh = (at: number): BreakerState => {
    if (current === "open" && at - openedAt >= options.coolDownMs) move("half_open", "cool-down elapsed", at);
    return current;
  };
  const onFailure = (callEpoch: number): void => {
    if (callEpoch !== epoch) return;
    const at = now();
    if (current === "half_open") return move("open", "trial failed", at);
    failures = failures.filter((t) => at - t < options.windowMs);
    failures.push(at);
    if (failures.length >= options.failureThreshold) move("open", "failure threshold", at);
  };
  const onSuccess = (callEpoch: number): void => {
    if (callEpoch !== epoch || current !== "half_open") return;
    succeeded += 1;
    if (succeeded >= trials) move("closed", "trials succeeded", now());
  };

  return {
    async call(fn, fallback) {
      const state = refresh(now());
      if (state === "open" || (state === "half_open" && admitted >= trials)) {
        const rejection = new CircuitOpenError(state === "open" ? "the circuit is open" : "the half-open circuit has no trial left");
        if (fallback === undefined) throw rejection;
        return fallback(rejection);
      }
      if (state === "half_open") admitted += 1;
      const callEpoch = epoch;
      try {
        const value = await fn();
        onSuccess(callEpoch);
        return value;
      } catch (error) {
        onFailure(callEpoch);
        throw error;
      }
    },
    state: () => refresh(now()),
    snapshot() {
      const at = now();
      const state = refresh(at);
      return Object.freeze({
        state,
        recentFailures: state === "closed" ? failures.filter((t) => at - t < options.windowMs).length : 0,
        openedAt: state === "closed" ? undefined : toIso(openedAt),
        trialsInFlight: state === "half_open" ? admitted - succeeded : 0,
      });
    },
    transitions: () => Object.freeze([...log]),
  };
}
