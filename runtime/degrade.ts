import { CircuitOpenError, createCircuitBreaker, type BreakerState, type CircuitBreaker } from "./circuit-breaker.js";
import { toMillis, type Now } from "./clock.js";
import { describeError } from "./describe-error.js";
import { createFlowRecorder, type FlowLog } from "./flow-events.js";
import { isNonEmptyString, type TraceIds } from "./trace-ids.js";

/** One rung of a degrade ladder: a declared way to serve a request, best first (seed 002 P11). */
export interface DegradeProfile<Req, Res> {
  readonly id: string;
  run(request: Req): Res | Promise<Res>;
}

/** The breaker each rung runs behind (see `createCircuitBreaker`). */
export interface DegradeBreakerSettings {
  failureThreshold: number;
  windowMs: number;
  coolDownMs: number;
  halfOpenTrials?: number;
}

/** What a degrade ladder is given instead of doing I/O itself. */
export interface DegradeOptions<Req, Res> {
  /** The declared profiles, best first: the primary, then each fallback. No other path serves a request. */
  profiles: readonly DegradeProfile<Req, Res>[];
  breaker: DegradeBreakerSettings;
  /**
   * How long the ladder may serve from a fallback before it asks for a manual takeover (automatic
   * recovery missed its budget). Without it, only a request no profile could serve asks.
   */
  recoveryBudgetMs?: number;
  now: Now;
  /** The trace ids of the capability the ladder serves; every event carries them. */
  trace: TraceIds;
  /** The hash-chained log the ladder's events go to; a new one when not given. */
  log?: FlowLog;
}

/** How one request was served: by which profile, or not at all (and why). */
export type DegradeResult<Res> =
  | { readonly ok: true; readonly value: Res; readonly profile: string; readonly degraded: boolean }
  | { readonly ok: false; readonly reason: "all profiles failed" | "manual takeover"; readonly detail: string };

/** The ladder's state: the manual takeover switch, whether a takeover was asked for, and each rung's breaker. */
export interface DegradeSnapshot {
  readonly takeover: { readonly by: string; readonly reason: string } | undefined;
  readonly takeoverRequested: boolean;
  /** The profile the last served request used. */
  readonly profile: string | undefined;
  readonly breakers: Readonly<Record<string, BreakerState>>;
}

/** A ladder of declared fallbacks behind circuit breakers, with a manual takeover switch. */
export interface DegradeLadder<Req, Res> {
  /**
   * Serves a request from the best profile whose breaker admits it, falling down the ladder when
   * one is open or fails. While the manual takeover switch is on, refuses every request.
   */
  call(request: Req): Promise<DegradeResult<Res>>;
  /** Turns the manual takeover switch on: automatic serving stops until {@link release}. */
  takeOver(actor: string, reason: string): boolean;
  /** Turns the manual takeover switch off. */
  release(actor: string): boolean;
  snapshot(): DegradeSnapshot;
  readonly log: FlowLog;
}

/**
 * Creates a degrade ladder (seed 002 P11: detect the fault, switch to the declared degrade
 * profile, recover and reset the breaker, raise a manual takeover when recovery misses its
 * budget). Switches between profiles, takeover requests and the switch itself are events in the
 * hash-chained log, and so is every breaker transition.
 */
export function createDegradeLadder<Req, Res>(options: DegradeOptions<Req, Res>): DegradeLadder<Req, Res> {
  const profiles = options.profiles;
  if (!Array.isArray(profiles) || profiles.length === 0) throw new RangeError("a degrade ladder needs at least one profile");
  const ids = new Set<string>();
  for (const profile of profiles) {
    if (!isNonEmptyString(profile?.id) || typeof profile.run !== "function") throw new TypeError("each degrade profile needs an id and a run function");
    if (ids.has(profile.id)) throw new TypeError(`degrade profile ${profile.id} is declared twice`);
    ids.add(profile.id);
  }
  if (options.recoveryBudgetMs !== undefined && !(Number.isFinite(options.recoveryBudgetMs) && options.recoveryBudgetMs >= 0)) {
    throw new RangeError("recoveryBudgetMs must be a non-negative number");
  }
  const recorder = createFlowRecorder({ now: options.now, trace: options.trace, log: options.log, what: "the degrade ladder" });
  const breakers = new Map<string, CircuitBreaker>();
  for (const profile of profiles) {
    breakers.set(
      profile.id,
      createCircuitBreaker({
        ...options.breaker,
        now: options.now,
        sink: (event) => void recorder.emit("degrade.breaker", { profile: profile.id, from: event.from, to: event.to, cause: event.cause }),
      }),
    );
  }
  const primary = profiles[0]!.id;
  let current: string | undefined;
  let degradedSince: number | undefined;
  let requested = false;
  let takeover: { by: string; reason: string } | undefined;

  const requestTakeover = (reason: string): void => {
    if (requested) return;
    requested = true;
    recorder.emit("degrade.takeover_requested", { reason, profile: current ?? null });
  };
  const served = (profile: string): void => {
    const at = toMillis(options.now());
    if (profile !== current) {
      recorder.emit(profile === primary ? "degrade.recovered" : "degrade.switched", { from: current ?? null, to: profile });
      current = profile;
    }
    if (profile === primary) {
      degradedSince = undefined;
      requested = false;
    } else {
      degradedSince ??= at;
      if (options.recoveryBudgetMs !== undefined && at - degradedSince >= options.recoveryBudgetMs) {
        requestTakeover(`served from fallback ${profile} for ${at - degradedSince} ms, past the recovery budget of ${options.recoveryBudgetMs} ms`);
      }
    }
  };

  return {
    log: recorder.log,
    async call(request) {
      const failures: string[] = [];
      for (const profile of profiles) {
        // Checked before every rung, not only on entry: a takeover switched on while a profile ran stops the fall to the next.
        if (takeover !== undefined) return { ok: false, reason: "manual takeover", detail: `${takeover.by} took over: ${takeover.reason}` };
        const breaker = breakers.get(profile.id)!;
        try {
          const value = await breaker.call(() => profile.run(request));
          served(profile.id);
          return { ok: true, value, profile: profile.id, degraded: profile.id !== primary };
        } catch (error) {
          failures.push(`${profile.id}: ${error instanceof CircuitOpenError ? "circuit open" : describeError(error)}`);
        }
      }
      const detail = failures.join("; ");
      recorder.emit("degrade.exhausted", { failures });
      requestTakeover(`no declared profile could serve: ${detail}`);
      return { ok: false, reason: "all profiles failed", detail };
    },
    takeOver(actor, reason) {
      if (!isNonEmptyString(actor) || !isNonEmptyString(reason) || takeover !== undefined) return false;
      takeover = { by: actor, reason };
      recorder.emit("degrade.takeover", { actor, reason });
      return true;
    },
    release(actor) {
      if (!isNonEmptyString(actor) || takeover === undefined) return false;
      recorder.emit("degrade.released", { actor, held_by: takeover.by });
      takeover = undefined;
      requested = false;
      return true;
    },
    snapshot: () =>
      Object.freeze({
        takeover: takeover === undefined ? undefined : Object.freeze({ ...takeover }),
        takeoverRequested: requested,
        profile: current,
        breakers: Object.freeze(Object.fromEntries([...breakers].map(([id, breaker]) => [id, breaker.state()]))),
      }),
  };
}
