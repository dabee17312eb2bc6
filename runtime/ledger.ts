import type { TaskEnvelope } from "./task-envelope.js";

/** The answer to a precharge: held, or refused with a reason. */
export type PrechargeResult = { ok: true } | { ok: false; reason: string };

/** How one task's precharge was settled. */
export interface Settlement {
  taskId: string;
  precharged: number;
  actual: number;
  /** Returned to the account when the task spent less than it held. */
  refund: number;
  /** Charged on top when the task spent more than it held. */
  overrun: number;
}

/** The answer to a settle: the settlement, or why there was nothing to settle. */
export type SettleResult = { ok: true; settlement: Settlement } | { ok: false; reason: string };

/**
 * What the gate tells a ledger besides the task id and the amount, so the cost can be attributed:
 * the admitted envelope (tenant, capability, trace ids) and, at settlement, the cost the task
 * charged to each provider (`chargeCost(amount, provider)`).
 */
export interface LedgerContext {
  readonly envelope: Readonly<TaskEnvelope>;
  readonly byProvider?: Readonly<Record<string, number>>;
}

/**
 * What the gate needs from a cost ledger (seed 002 P8): hold an estimate before a task runs,
 * settle the actual cost after. Either call may be asynchronous for an external ledger; the
 * context is for ledgers that attribute cost (`createCostAccount`), others may ignore it.
 */
export interface CostLedger {
  precharge(taskId: string, amount: number, context?: LedgerContext): PrechargeResult | Promise<PrechargeResult>;
  settle(taskId: string, actual: number, context?: LedgerContext): SettleResult | Promise<SettleResult>;
}

/** One line of the ledger's append-only journal. */
export interface LedgerEntry {
  readonly seq: number;
  readonly kind: "precharge" | "refusal" | "settle" | "refund" | "overrun";
  readonly taskId: string;
  readonly amount: number;
  readonly reason?: string;
}

/** One task's cost, decomposed. */
export interface TaskCost {
  readonly taskId: string;
  readonly status: "held" | "settled";
  readonly precharged: number;
  readonly actual: number | undefined;
  readonly refund: number;
  readonly overrun: number;
}

/** The account as rebuilt from the journal, checked against the running balance. */
export interface Reconciliation {
  readonly limit: number;
  /** Precharges of tasks not yet settled. */
  readonly held: number;
  /** Actual cost of settled tasks. */
  readonly spent: number;
  readonly refunded: number;
  /** `limit - held - spent`; negative only after overruns. */
  readonly available: number;
  readonly tasks: readonly TaskCost[];
  /** True when the journal and the running balance agree. */
  readonly balanced: boolean;
}

/** An in-memory ledger with a journal and reconciliation. */
export interface MemoryLedger extends CostLedger {
  precharge(taskId: string, amount: number): PrechargeResult;
  settle(taskId: string, actual: number): SettleResult;
  /** Money neither held nor spent. */
  available(): number;
  /** The append-only journal, oldest first. */
  entries(): readonly LedgerEntry[];
  reconcile(): Reconciliation;
}

/**
 * Creates an in-memory ledger over an account of `limit`. A precharge is refused when the amount
 * is not a non-negative finite number, when the task already has one, or when it exceeds what
 * is available. Settling refunds the unspent part of the hold, or charges an overrun on top.
 */
export function createMemoryLedger(options: { limit: number }): MemoryLedger {
  const { limit } = options;
  if (!(Number.isFinite(limit) && limit >= 0)) throw new RangeError("ledger limit must be a non-negative finite number");
  const journal: LedgerEntry[] = [];
  const tasks = new Map<string, { precharged: number; actual?: number }>();
  let available = limit;

  const record = (kind: LedgerEntry["kind"], taskId: string, amount: number, reason?: string): void => {
    const entry: LedgerEntry = reason === undefined ? { seq: journal.length, kind, taskId, amount } : { seq: journal.length, kind, taskId, amount, reason };
    journal.push(Object.freeze(entry));
  };
  const refuse = (taskId: string, amount: number, reason: string): PrechargeResult => {
    record("refusal", taskId, Number.isFinite(amount) ? amount : 0, reason);
    return { ok: false, reason };
  };

  return {
    precharge(taskId, amount) {
      if (!(Number.isFinite(amount) && amount >= 0)) return refuse(taskId, amount, "amount must be a non-negative finite number");
      if (tasks.has(taskId)) return refuse(taskId, amount, `task ${taskId} already has a precharge`);
      if (amount > available) return refuse(taskId, amount, `amount ${amount} exceeds the available ${available}`);
      tasks.set(taskId, { precharged: amount });
      available -= amount;
      record("precharge", taskId, amount);
      return { ok: true };
    },
    settle(taskId, actual) {
      const task = tasks.get(taskId);
      if (task === undefined) return { ok: false, reason: `task ${taskId} has no precharge` };
      if (task.actual !== undefined) return { ok: false, reason: `task ${taskId} is already settled` };
      if (!(Number.isFinite(actual) && actual >= 0)) return { ok: false, reason: "actual must be a non-negative finite number" };
      task.actual = actual;
      const refund = Math.max(0, task.precharged - actual);
      const overrun = Math.max(0, actual - task.precharged);
      available += refund - overrun;
      record("settle", taskId, actual);
      if (refund > 0) record("refund", taskId, refund);
      if (overrun > 0) record("overrun", taskId, overrun);
      return { ok: true, settlement: { taskId, precharged: task.precharged, actual, refund, overrun } };
    },
    available: () => available,
    entries: () => Object.freeze([...journal]),
    reconcile: () => reconcileJournal(limit, journal, available),
  };
}

function reconcileJournal(limit: number, journal: readonly LedgerEntry[], runningAvailable: number): Reconciliation {
  const byTask = new Map<string, { precharged: number; actual: number | undefined; refund: number; overrun: number }>();
  for (const entry of journal) {
    if (entry.kind === "refusal") continue;
    const task = byTask.get(entry.taskId) ?? { precharged: 0, actual: undefined, refund: 0, overrun: 0 };
    byTask.set(entry.taskId, task);
    if (entry.kind === "precharge") task.precharged += entry.amount;
    else if (entry.kind === "settle") task.actual = entry.amount;
    else task[entry.kind] += entry.amount;
  }
  const tasks: TaskCost[] = [...byTask].map(([taskId, t]) =>
    Object.freeze({ taskId, status: t.actual === undefined ? "held" : "settled", ...t }),
  );
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  const held = sum(tasks.filter((t) => t.status === "held").map((t) => t.precharged));
  const spent = sum(tasks.map((t) => t.actual ?? 0));
  const refunded = sum(tasks.map((t) => t.refund));
  const available = limit - held - spent;
  const settledAdd = tasks.every((t) => t.actual === undefined || closeTo(t.precharged - t.refund + t.overrun, t.actual));
  return Object.freeze({
    limit,
    held,
    spent,
    refunded,
    available,
    tasks: Object.freeze(tasks),
    balanced: settledAdd && closeTo(available, runningAvailable),
  });
}

function closeTo(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
