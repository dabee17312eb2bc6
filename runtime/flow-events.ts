import { toIso, toMillis, type Now } from "./clock.js";
import { createEventLog, type EventLog } from "./event-log.js";
import { missingIds, pickTraceIds, TRACE_ID_KEYS, type TraceIds } from "./trace-ids.js";

/**
 * One event of a P6–P13 flow (a rollout move, a settlement, a trust verdict, a promotion…) as it
 * enters the hash-chained log: its type, the time read from the injected clock, the five trace
 * ids of the work it belongs to, and its data.
 */
export interface FlowEvent extends TraceIds {
  readonly type: string;
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The hash-chained log flow events go to (seed 002 P3): `createEventLog<FlowEvent>()`. */
export type FlowLog = EventLog<FlowEvent>;

/** Appends the events of one flow piece to its log, stamped with its clock and trace ids. */
export interface FlowRecorder {
  /** Appends an event; returns it as stored (frozen). Throws a TypeError for data that is not JSON. */
  emit(type: string, data?: Readonly<Record<string, unknown>>, trace?: TraceIds): FlowEvent;
  readonly log: FlowLog;
}

/** Throws a TypeError naming the trace ids `trace` lacks: flow pieces refuse to start without them (seed 002 §7). */
export function requireTraceIds(trace: unknown, what: string): TraceIds {
  const source = typeof trace === "object" && trace !== null ? (trace as Readonly<Record<string, unknown>>) : {};
  const missing = missingIds(source, TRACE_ID_KEYS);
  if (missing.length > 0) throw new TypeError(`${what} needs the five trace ids; missing or empty: ${missing.join(", ")}`);
  return pickTraceIds(source);
}

/**
 * A recorder over `log` (a new log when none is given): every event carries `trace` unless the
 * call names its own (without `trace`, every call must), and the time `now` reads.
 */
export function createFlowRecorder(options: { now: Now; trace?: TraceIds | undefined; log?: FlowLog | undefined; what: string }): FlowRecorder {
  if (typeof options.now !== "function") throw new TypeError(`${options.what} needs now, a clock`);
  const base = options.trace === undefined ? undefined : requireTraceIds(options.trace, options.what);
  const log = options.log ?? createEventLog<FlowEvent>();
  return {
    log,
    emit(type, data = {}, trace) {
      const ids = trace === undefined && base !== undefined ? base : requireTraceIds(trace, `the ${type} event`);
      return log.append({ type, at: toIso(toMillis(options.now())), ...ids, data: { ...data } }).payload;
    },
  };
}
