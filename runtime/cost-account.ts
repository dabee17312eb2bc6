import type { Now } from "./clock.js";
import { createFlowRecorder, requireTraceIds, type FlowLog } from "./flow-events.js";
import type { CostLedger, LedgerContext, PrechargeResult, SettleResult } from "./ledger.js";
import { isNonEmptyString, missingIds, pickTraceIds, TRACE_ID_KEYS, type TraceIds } from "./trace-ids.js";

/** The provider a task's cost is attributed to when it charged cost without naming one. */
export const UNATTRIBUTED = "(unattributed)";

/** One task's cost, decomposed and attributed (seed 002 P8). */
export interface AttributedCost {
  readonly task_id: string;
  readonly tenant_id: string;
  readonly capability_id: string;
  readonly trace_id: string;
  readonly status: "held" | "settled";
  readonly precharged: number;
  readonly actual: number | undefined;
  /** The actual cost by provider; cost charged without a provider is under {@link UNATTRIBUTED}. */
  readonly by_provider: Readonly<Record<string, number>>;
}

/** What a provider reports it charged: for the period since the last reconciliation, per provider (and per tenant, when it says). */
export interface ProviderUsage {
  readonly provider: string;
  readonly amount: number;
  readonly tenant_id?: string;
}

/** One line of a reconciliation: the ledger's figure and the provider's, and whether they agree within the tolerance. */
export interface ReconciliationLine {
  readonly provider: string;
  readonly tenant_id?: string;
  readonly ledger: number;
  readonly reported: number;
  /** `|ledger - reported| / max(|ledger|, |reported|)`; 0 when both are 0. */
  readonly drift: number;
  readonly within: boolean;
}

/** The outcome of one reconciliation run. */
export interface CostReconciliation {
  readonly ok: boolean;
  /** The run's number, from 1. */
  readonly run: number;
  readonly lines: readonly ReconciliationLine[];
  /** Settled cost of the run charged without a provider: it cannot be reconciled. */
  readonly unattributed: number;
  /** `unattributed` as a share of the run's settled cost, in percent. */
  readonly unattributed_share: number;
  /** The tasks settled in this run. */
  readonly tasks: readonly AttributedCost[];
}

/** What a cost account is given instead of doing I/O itself. */
export interface CostAccountOptions {
  /** The money the account may hold and spend. */
  limit: number;
  /**
   * How far, as a fraction, the ledger's figure for a provider may drift from the provider's
   * own before the reconciliation is a mismatch: `0.001` for 0.1%.
   */
  tolerance: number;
  now: Now;
  /** The hash-chained log the account's events go to; a new one when not given. */
  log?: FlowLog;
}

/** A cost ledger that attributes each task's cost to tenant, capability and provider, and reconciles it with the providers. */
export interface CostAccount extends CostLedger {
  /** Holds `amount` for a task before it runs; refused without the envelope (nothing to attribute to) or its five trace ids, over the limit, or while spending is denied. */
  precharge(taskId: string, amount: number, context?: LedgerContext): PrechargeResult;
  /** Settles a task's actual cost, attributed by provider from the context. */
  settle(taskId: string, actual: number, context?: LedgerContext): SettleResult;
  /**
   * Compares the cost settled since the last run with what the providers report. A line outside
   * the tolerance, a provider the ledger charged that did not report, or one that reported what
   * the ledger never charged is a mismatch: an event, and every further precharge is denied until
   * {@link resume}. Throws a TypeError, before anything changes, when `trace` lacks one of the five trace ids.
   */
  reconcile(reports: readonly ProviderUsage[], trace: TraceIds): CostReconciliation;
  /** Lets spending go on after a mismatch was looked into; names who and why. Throws a TypeError when `trace` lacks a trace id. */
  resume(actor: string, reason: string, trace: TraceIds): boolean;
  /** Whether spending is denied (after a mismatch). */
  denied(): boolean;
  available(): number;
  /** Every task's cost, attributed, in the order they were precharged. */
  costs(): readonly AttributedCost[];
  readonly log: FlowLog;
}

interface TaskRecord {
  task_id: string;
  tenant_id: string;
  capability_id: string;
  trace: TraceIds;
  precharged: number;
  actual: number | undefined;
  byProvider: Map<string, number>;
  run: number | undefined;
}

const finiteNonNegative = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value >= 0;

function driftOf(ledger: number, reported: number): number {
  const scale = Math.max(Math.abs(ledger), Math.abs(reported));
  return scale === 0 ? 0 : Math.abs(ledger - reported) / scale;
}

/**
 * Creates a cost account (seed 002 P8: precharge, execute, settle with attribution, reconcile).
 * Pass it to a gate as its `ledger`: the gate hands it the envelope at precharge and the cost
 * the task charged per provider at settlement. Every precharge, refusal, settlement,
 * reconciliation and denial is an event in the hash-chained log, with the task's trace ids.
 */
export function createCostAccount(options: CostAccountOptions): CostAccount {
  if (!finiteNonNegative(options.limit)) throw new RangeError("the cost account's limit must be a non-negative finite number");
  if (!(finiteNonNegative(options.tolerance) && options.tolerance < 1)) throw new RangeError("the cost account's tolerance must be a fraction in [0, 1)");
  const recorder = createFlowRecorder({ now: options.now, log: options.log, what: "the cost account" });
  const tasks = new Map<string, TaskRecord>();
  let available = options.limit;
  let runs = 0;
  let deniedBy: string | undefined;

  const attributed = (task: TaskRecord): AttributedCost =>
    Object.freeze({
      task_id: task.task_id,
      tenant_id: task.tenant_id,
      capability_id: task.capability_id,
      trace_id: task.trace.trace_id,
      status: task.actual === undefined ? "held" : "settled",
      precharged: task.precharged,
      actual: task.actual,
      by_provider: Object.freeze(Object.fromEntries(task.byProvider)),
    });

  return {
    log: recorder.log,
    precharge(taskId, amount, context) {
      const envelope = context?.envelope;
      if (envelope === undefined || !isNonEmptyString(envelope.tenant_id) || !isNonEmptyString(envelope.capability_id)) {
        return { ok: false, reason: "a precharge needs the task's envelope, to attribute its cost to tenant and capability" };
      }
      // Without its trace ids no event could record the precharge: refused before anything is held.
      const missing = missingIds(envelope, TRACE_ID_KEYS);
      if (missing.length > 0) return { ok: false, reason: `a precharge needs the task's five trace ids; missing or empty: ${missing.join(", ")}` };
      const trace = pickTraceIds(envelope);
      const refuse = (reason: string): PrechargeResult => {
        recorder.emit("cost.precharge_refused", { task_id: taskId, tenant_id: envelope.tenant_id, amount: finiteNonNegative(amount) ? amount : null, reason }, trace);
        return { ok: false, reason };
      };
      if (deniedBy !== undefined) return refuse(`spending is denied: ${deniedBy}`);
      if (!finiteNonNegative(amount)) return refuse("amount must be a non-negative finite number");
      if (tasks.has(taskId)) return refuse(`task ${taskId} already has a precharge`);
      if (amount > available) return refuse(`amount ${amount} exceeds the available ${available}`);
      tasks.set(taskId, { task_id: taskId, tenant_id: envelope.tenant_id, capability_id: envelope.capability_id, trace, precharged: amount, actual: undefined, byProvider: new Map(), run: undefined });
      available -= amount;
      recorder.emit("cost.precharged", { task_id: taskId, tenant_id: envelope.tenant_id, capability_id: envelope.capability_id, amount }, trace);
      return { ok: true };
    },
    settle(taskId, actual, context) {
      const task = tasks.get(taskId);
      if (task === undefined) return { ok: false, reason: `task ${taskId} has no precharge` };
      if (task.actual !== undefined) return { ok: false, reason: `task ${taskId} is already settled` };
      if (!finiteNonNegative(actual)) return { ok: false, reason: "actual must be a non-negative finite number" };
      const byProvider = new Map<string, number>();
      for (const [provider, amount] of Object.entries(context?.byProvider ?? {})) {
        if (!isNonEmptyString(provider) || provider === UNATTRIBUTED || !finiteNonNegative(amount)) return { ok: false, reason: `the cost charged to provider ${JSON.stringify(provider)} is not attributable` };
        if (amount > 0) byProvider.set(provider, amount);
      }
      const charged = [...byProvider.values()].reduce((a, b) => a + b, 0);
      if (charged > actual * (1 + 1e-9) + 1e-12) return { ok: false, reason: `the providers were charged ${charged}, more than the actual ${actual}` };
      if (actual - charged > 1e-12) byProvider.set(UNATTRIBUTED, actual - charged);
      task.actual = actual;
      task.byProvider = byProvider;
      const refund = Math.max(0, task.precharged - actual);
      const overrun = Math.max(0, actual - task.precharged);
      available += refund - overrun;
      recorder.emit("cost.settled", { task_id: taskId, tenant_id: task.tenant_id, capability_id: task.capability_id, precharged: task.precharged, actual, refund, overrun, by_provider: Object.fromEntries(byProvider) }, task.trace);
      return { ok: true, settlement: { taskId, precharged: task.precharged, actual, refund, overrun } };
    },
    reconcile(reports, trace) {
      // Checked before the run takes the settled tasks: a run that cannot be recorded uses none of them up.
      requireTraceIds(trace, "a reconciliation");
      runs += 1;
      const run = runs;
      const settled = [...tasks.values()].filter((task) => task.actual !== undefined && task.run === undefined);
      for (const task of settled) task.run = run;
      const byTenant = (reports ?? []).some((report) => report?.tenant_id !== undefined);
      const key = (provider: string, tenant: string | undefined): string => JSON.stringify(byTenant ? [provider, tenant ?? null] : [provider]);
      const ledger = new Map<string, { provider: string; tenant_id?: string; amount: number }>();
      let unattributed = 0;
      let total = 0;
      for (const task of settled) {
        total += task.actual!;
        for (const [provider, amount] of task.byProvider) {
          if (provider === UNATTRIBUTED) {
            unattributed += amount;
            continue;
          }
          const k = key(provider, task.tenant_id);
          const line = ledger.get(k) ?? { provider, ...(byTenant ? { tenant_id: task.tenant_id } : {}), amount: 0 };
          line.amount += amount;
          ledger.set(k, line);
        }
      }
      const reported = new Map<string, { provider: string; tenant_id?: string; amount: number }>();
      const problems: string[] = [];
      for (const report of reports ?? []) {
        if (!isNonEmptyString(report?.provider) || !finiteNonNegative(report.amount) || (report.tenant_id !== undefined && !isNonEmptyString(report.tenant_id))) {
          problems.push(`a provider report is malformed: ${JSON.stringify(report) ?? String(report)}`);
          continue;
        }
        const k = key(report.provider, report.tenant_id);
        const line = reported.get(k) ?? { provider: report.provider, ...(byTenant ? { tenant_id: report.tenant_id } : {}), amount: 0 };
        line.amount += report.amount;
        reported.set(k, line);
      }
      const lines: ReconciliationLine[] = [...new Set([...ledger.keys(), ...reported.keys()])].sort().map((k) => {
        const mine = ledger.get(k);
        const theirs = reported.get(k);
        const base = (mine ?? theirs)!;
        const drift = driftOf(mine?.amount ?? 0, theirs?.amount ?? 0);
        return Object.freeze({
          provider: base.provider,
          ...(base.tenant_id === undefined ? {} : { tenant_id: base.tenant_id }),
          ledger: mine?.amount ?? 0,
          reported: theirs?.amount ?? 0,
          drift,
          within: drift <= options.tolerance,
        });
      });
      for (const line of lines) {
        if (!line.within) problems.push(`${line.provider}${line.tenant_id ? ` (${line.tenant_id})` : ""}: ledger ${line.ledger}, reported ${line.reported}, drift ${(line.drift * 100).toFixed(4)}% over ${(options.tolerance * 100).toFixed(4)}%`);
      }
      const ok = problems.length === 0;
      const result: CostReconciliation = Object.freeze({
        ok,
        run,
        lines: Object.freeze(lines),
        unattributed,
        unattributed_share: total === 0 ? 0 : (unattributed / total) * 100,
        tasks: Object.freeze(settled.map(attributed)),
      });
      const data = { run, lines: lines.map((line) => ({ ...line })), unattributed, unattributed_share: result.unattributed_share, tasks: settled.map((task) => task.task_id) };
      if (ok) recorder.emit("cost.reconciled", data, trace);
      else {
        deniedBy = `reconciliation run ${run} found a mismatch (${problems.join("; ")})`;
        recorder.emit("cost.reconciliation_mismatch", { ...data, problems }, trace);
        recorder.emit("cost.spend_denied", { run, reason: deniedBy }, trace);
      }
      return result;
    },
    resume(actor, reason, trace) {
      requireTraceIds(trace, "a resumption of spending");
      if (deniedBy === undefined || !isNonEmptyString(actor) || !isNonEmptyString(reason)) return false;
      recorder.emit("cost.spend_resumed", { actor, reason, denied_for: deniedBy }, trace);
      deniedBy = undefined;
      return true;
    },
    denied: () => deniedBy !== undefined,
    available: () => available,
    costs: () => Object.freeze([...tasks.values()].map(attributed)),
  };
}
