import { toIso, toMillis, type Now } from "./clock.js";
import { missingIds, pickTraceIds, TRACE_ID_KEYS, type TraceIds } from "./trace-ids.js";

/** One declared transition: in state `from`, `signal` moves to `to`. */
export interface TransitionSpec<S extends string, G extends string> {
  readonly from: S;
  readonly signal: G;
  readonly to: S;
}

/** The input to {@link defineStateMachine}. */
export interface StateMachineSpec<S extends string, G extends string> {
  readonly initial: S;
  readonly states: readonly S[];
  readonly transitions: readonly TransitionSpec<S, G>[];
}

/** A machine's self-description, JSON-ready, for generated code and docs. */
export interface StateMachineDescription<S extends string, G extends string> {
  readonly initial: S;
  readonly states: readonly S[];
  readonly signals: readonly G[];
  readonly transitions: readonly TransitionSpec<S, G>[];
  /** States with no outgoing transition. */
  readonly terminal: readonly S[];
  /**
   * Transitions that return to a state no deeper (from the initial state) than their source
   * and that can reach their source again: the reject and revise loops.
   */
  readonly loops: readonly TransitionSpec<S, G>[];
  /** States the initial state cannot reach. */
  readonly unreachable: readonly S[];
}

/** One applied transition in an instance's append-only history. */
export interface TransitionRecord<S extends string, G extends string> extends TransitionSpec<S, G> {
  readonly seq: number;
  readonly at: string;
  readonly trace: TraceIds;
}

/** Why `send` refused a signal. */
export type TransitionRejection = "illegal transition" | "trace id missing";

/** What `send` returns: the applied record, or a rejection that left the state unchanged. */
export type TransitionResult<S extends string, G extends string> =
  | { readonly ok: true; readonly record: TransitionRecord<S, G> }
  | { readonly ok: false; readonly reason: TransitionRejection; readonly from: S; readonly signal: string; readonly detail: string };

/** A running machine: current state plus history. */
export interface StateMachineInstance<S extends string, G extends string> {
  readonly state: S;
  /** Applied transitions, oldest first; a frozen copy. */
  history(): readonly TransitionRecord<S, G>[];
  /** Signals legal in the current state. */
  allowed(): readonly G[];
  /** Applies `signal` when declared for the current state and `trace` carries the five ids. */
  send(signal: G | string, trace: TraceIds): TransitionResult<S, G>;
}

/** A transition as read back from storage, before it is known to be legal. */
export interface RecordedStep {
  readonly from: string;
  readonly signal: string;
  readonly to: string;
}

/** A validated machine definition. */
export interface StateMachine<S extends string, G extends string> {
  /** The target of `signal` from `from`, or `undefined` when that transition is not declared. */
  next(from: S, signal: G | string): S | undefined;
  describe(): StateMachineDescription<S, G>;
  /** Starts an instance at the initial state, stamping history with the injected clock. */
  start(options: { now: Now }): StateMachineInstance<S, G>;
  /**
   * Re-applies a recorded history from the initial state: the final state, or the index of
   * the first record that is not a legal step from where the previous one left off.
   */
  replay(history: readonly RecordedStep[]): { ok: true; state: S } | { ok: false; index: number; detail: string };
}

/** A malformed machine definition: a generator or author bug, thrown by {@link defineStateMachine}. */
export class StateMachineDefinitionError extends Error {
  override readonly name = "StateMachineDefinitionError";
}

/**
 * Defines a state machine that allows only its declared transitions (seed 002 P1). Illegal
 * signals never throw: `send` returns `{ ok: false }` and the state stays. The definition is
 * checked eagerly: unknown states, an initial state outside `states`, duplicate states and two
 * targets for one (state, signal) pair throw {@link StateMachineDefinitionError}.
 */
export function defineStateMachine<const S extends string, const G extends string>(spec: StateMachineSpec<S, G>): StateMachine<S, G> {
  const states = [...spec.states];
  const known = new Set<string>(states);
  if (known.size !== states.length) throw new StateMachineDefinitionError("states are listed more than once");
  if (!known.has(spec.initial)) throw new StateMachineDefinitionError(`initial state ${spec.initial} is not among the states`);
  const table = new Map<string, S>();
  for (const { from, signal, to } of spec.transitions) {
    for (const state of [from, to]) if (!known.has(state)) throw new StateMachineDefinitionError(`transition names unknown state ${state}`);
    const key = edgeKey(from, signal);
    if (table.has(key)) throw new StateMachineDefinitionError(`${from} --${signal}--> is declared twice`);
    table.set(key, to);
  }
  const transitions = Object.freeze(spec.transitions.map((t) => Object.freeze({ from: t.from, signal: t.signal, to: t.to })));
  const next = (from: S, signal: string): S | undefined => table.get(edgeKey(from, signal));
  const description = describeMachine(spec.initial, states, transitions);

  return Object.freeze({
    next,
    describe: () => description,
    start: ({ now }: { now: Now }) => startInstance(spec.initial, transitions, next, now),
    replay(history: readonly RecordedStep[]) {
      let state = spec.initial;
      for (const [index, step] of history.entries()) {
        const to = step.from === state ? next(state, step.signal) : undefined;
        if (to === undefined || to !== step.to) {
          return { ok: false as const, index, detail: `${step.from} --${step.signal}--> ${step.to} is not legal from ${state}` };
        }
        state = to;
      }
      return { ok: true as const, state };
    },
  });
}

function startInstance<S extends string, G extends string>(
  initial: S,
  transitions: readonly TransitionSpec<S, G>[],
  next: (from: S, signal: string) => S | undefined,
  now: Now,
): StateMachineInstance<S, G> {
  let state = initial;
  const history: TransitionRecord<S, G>[] = [];
  return {
    get state() {
      return state;
    },
    history: () => Object.freeze([...history]),
    allowed: () => transitions.filter((t) => t.from === state).map((t) => t.signal),
    send(signal, trace) {
      const missing = missingIds(trace as unknown as Record<string, unknown>, TRACE_ID_KEYS);
      if (missing.length > 0) return { ok: false, reason: "trace id missing", from: state, signal, detail: `missing or empty: ${missing.join(", ")}` };
      const to = next(state, signal);
      if (to === undefined) return { ok: false, reason: "illegal transition", from: state, signal, detail: `${state} has no transition on ${signal}` };
      const record: TransitionRecord<S, G> = Object.freeze({
        seq: history.length,
        from: state,
        signal: signal as G,
        to,
        at: toIso(toMillis(now())),
        trace: Object.freeze(pickTraceIds(trace as unknown as Record<string, unknown>)),
      });
      history.push(record);
      state = to;
      return { ok: true, record };
    },
  };
}

function describeMachine<S extends string, G extends string>(
  initial: S,
  states: readonly S[],
  transitions: readonly TransitionSpec<S, G>[],
): StateMachineDescription<S, G> {
  const depths = (start: S): Map<S, number> => {
    const depth = new Map<S, number>([[start, 0]]);
    const queue = [start];
    for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
      for (const t of transitions) {
        if (t.from === state && !depth.has(t.to)) {
          depth.set(t.to, depth.get(state)! + 1);
          queue.push(t.to);
        }
      }
    }
    return depth;
  };
  const fromInitial = depths(initial);
  const isBackEdge = (t: TransitionSpec<S, G>): boolean =>
    fromInitial.has(t.from) && fromInitial.get(t.to)! <= fromInitial.get(t.from)! && depths(t.to).has(t.from);
  return Object.freeze({
    initial,
    states: Object.freeze([...states]),
    signals: Object.freeze([...new Set(transitions.map((t) => t.signal))]),
    transitions,
    terminal: Object.freeze(states.filter((s) => !transitions.some((t) => t.from === s))),
    loops: Object.freeze(transitions.filter(isBackEdge)),
    unreachable: Object.freeze(states.filter((s) => !fromInitial.has(s))),
  });
}

function edgeKey(from: string, signal: string): string {
  return JSON.stringify([from, signal]);
}
