import { toIso, toMillis, type Now } from "./clock.js";
import type { TraceIds } from "./trace-ids.js";

/** The kinds of event a gate emits. */
export type AuditEventType =
  | "gate.checked"
  | "gate.denied"
  | "ledger.precharged"
  | "ledger.settled"
  | "ledger.settle_failed"
  | "task.started"
  | "task.completed"
  | "task.failed"
  | "budget.exceeded"
  | "lease.revoked"
  | "lease.expired"
  | "capability.revoked";

/** One append-only audit event: the five trace ids, tenant, phase, order and time, plus data. */
export interface AuditEvent extends TraceIds {
  readonly type: AuditEventType;
  /** Position in the gate's event stream; strictly increasing across executions of one gate. */
  readonly seq: number;
  /** ISO 8601 time read from the injected clock. */
  readonly at: string;
  readonly phase_id: string;
  readonly tenant_id: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Receives each event as it is emitted; a throwing or rejecting sink is ignored. */
export type EventSink = (event: AuditEvent) => void | Promise<void>;

/** Collects one execution's events and forwards each to the sink. */
export interface AuditRecorder {
  emit(type: AuditEventType, data?: Record<string, unknown>): void;
  /** Freezes the list; later `emit` calls are dropped (a task still running after its receipt). */
  close(): readonly AuditEvent[];
}

/** What stamps every event of one execution. */
export interface RecorderContext {
  phaseId: string;
  tenantId: string;
  trace: TraceIds;
  now: Now;
  nextSeq: () => number;
  sink: EventSink | undefined;
}

/** Creates the recorder for one execution. */
export function createAuditRecorder(context: RecorderContext): AuditRecorder {
  const events: AuditEvent[] = [];
  let closed = false;
  return {
    emit(type, data = {}) {
      if (closed) return;
      const event: AuditEvent = deepFreeze({
        type,
        seq: context.nextSeq(),
        at: toIso(toMillis(context.now())),
        phase_id: context.phaseId,
        tenant_id: context.tenantId,
        ...context.trace,
        data: { ...data },
      });
      events.push(event);
      deliver(context.sink, event);
    },
    close() {
      closed = true;
      return Object.freeze(events);
    },
  };
}

function deliver(sink: EventSink | undefined, event: AuditEvent): void {
  if (sink === undefined) return;
  try {
    const pending = sink(event);
    if (pending !== undefined && typeof pending.then === "function") pending.then(undefined, () => undefined);
  } catch {
    // The audit record in the receipt stays whole; a failing sink must not change the decision.
  }
}

/** Freezes a plain value and everything under it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
