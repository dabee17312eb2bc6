import type { ClearTimer, SetTimer } from "./clock.js";
import { DENIAL_REASONS, type Denial, type DenialReason } from "./denial-reasons.js";
import type { AuditRecorder } from "./audit-events.js";
import type { ResolvedLimits } from "./envelope-checks.js";
import type { TaskEnvelope } from "./task-envelope.js";
import { describeError } from "./describe-error.js";

export { describeError };

/** What a task receives from the gate. */
export interface TaskContext {
  /**
   * Aborts when the task outruns its time, token or cost budget (its reason is a
   * {@link BudgetExceededError}) or a checkpoint finds its lease revoked or expired (a
   * {@link LeaseRevokedError}) or its capability no longer trusted (a {@link CapabilityRevokedError}).
   */
  readonly signal: AbortSignal;
  /**
   * A checkpoint between two steps of the task: asks the lease revocation source and the
   * capability trust source again (when the gate has them) and re-checks the lease's expiry. Resolves when the task may go on; otherwise
   * aborts `signal` and rejects with its reason. A long task calls it before each step, so that
   * revoking its lease stops the next step.
   */
  checkpoint(): Promise<void>;
  /** Reports tokens used; throws the abort reason once the budget is exceeded. */
  chargeTokens(count: number): void;
  /**
   * Reports cost incurred, and the provider it was incurred at when the task knows it (the ledger
   * attributes it there); throws the abort reason once the cost limit is exceeded.
   */
  chargeCost(amount: number, provider?: string): void;
  /** The envelope the gate admitted, frozen. */
  readonly envelope: Readonly<TaskEnvelope>;
}

/** The unit of work a gate guards. */
export type Task<T> = (context: TaskContext) => Promise<T> | T;

/** The abort reason a budget overrun puts on the task's signal. */
export class BudgetExceededError extends Error {
  override readonly name = "BudgetExceededError";
  constructor(
    readonly reason: DenialReason,
    message: string,
  ) {
    super(message);
  }
}

/** The abort reason a checkpoint puts on the task's signal when the lease was revoked or expired during the run. */
export class LeaseRevokedError extends Error {
  override readonly name: string = "LeaseRevokedError";
  constructor(
    readonly reason: DenialReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The abort reason a checkpoint puts on the task's signal when the capability registry no longer
 * holds the task's capability verified, trusted and active (a revocation during the run).
 */
export class CapabilityRevokedError extends LeaseRevokedError {
  override readonly name = "CapabilityRevokedError";
}

/** What a task used. */
export interface Usage {
  tokens: number;
  cost: number;
  /** The part of `cost` charged with a provider named, by provider; absent when none was. */
  byProvider?: Record<string, number>;
}

/** How a budgeted run ended. */
export type RunOutcome<T> =
  | { kind: "completed"; value: T; usage: Usage }
  | { kind: "failed"; error: string; usage: Usage }
  | { kind: "aborted"; reason: DenialReason; detail: string; usage: Usage };

/** Everything a budgeted run needs besides the task. */
export interface RunSetup {
  envelope: Readonly<TaskEnvelope>;
  limits: ResolvedLimits;
  recorder: AuditRecorder;
  setTimer: SetTimer;
  clearTimer: ClearTimer;
  /** Re-checks the lease at a checkpoint, under the task's signal: a denial stops the task. */
  recheckLease: (signal: AbortSignal) => Promise<Denial | undefined>;
}

/**
 * Runs `task` under its limits. The run ends at the first of: the task settles, the timer fires,
 * a charge passes a limit. An aborted run does not wait for the task; the task's late result or
 * rejection is swallowed.
 */
export async function runWithinBudget<T>(task: Task<T>, setup: RunSetup): Promise<RunOutcome<T>> {
  const { limits, recorder } = setup;
  const controller = new AbortController();
  const usage: Usage = { tokens: 0, cost: 0 };
  // A map, so that a provider named `__proto__` is a provider like any other.
  const providerCosts = new Map<string, number>();
  const copyUsage = (used: Usage): Usage =>
    providerCosts.size === 0 ? { tokens: used.tokens, cost: used.cost } : { tokens: used.tokens, cost: used.cost, byProvider: Object.fromEntries(providerCosts) };
  const abort = (reason: DenialReason, limit: "timeout" | "tokens" | "cost", message: string): void => {
    if (controller.signal.aborted) return;
    recorder.emit("budget.exceeded", { limit, message });
    controller.abort(new BudgetExceededError(reason, message));
  };
  const stopForLease = (denial: Denial): void => {
    if (controller.signal.aborted) return;
    const type = denial.reason === DENIAL_REASONS.leaseExpired ? "lease.expired" : denial.reason === DENIAL_REASONS.capabilityUntrusted ? "capability.revoked" : "lease.revoked";
    recorder.emit(type, { reason: denial.reason, detail: denial.detail });
    const Stop = denial.reason === DENIAL_REASONS.capabilityUntrusted ? CapabilityRevokedError : LeaseRevokedError;
    controller.abort(new Stop(denial.reason, denial.detail));
  };

  const context: TaskContext = {
    signal: controller.signal,
    envelope: setup.envelope,
    async checkpoint() {
      controller.signal.throwIfAborted();
      const denial = await setup.recheckLease(controller.signal);
      if (denial !== undefined) stopForLease(denial);
      controller.signal.throwIfAborted();
    },
    chargeTokens(count) {
      controller.signal.throwIfAborted();
      usage.tokens += nonNegative(count, "chargeTokens");
      if (limits.tokens !== undefined && usage.tokens > limits.tokens) {
        abort(DENIAL_REASONS.tokenBudgetExceeded, "tokens", `used ${usage.tokens} tokens of ${limits.tokens}`);
        controller.signal.throwIfAborted();
      }
    },
    chargeCost(amount, provider) {
      controller.signal.throwIfAborted();
      const charged = nonNegative(amount, "chargeCost");
      if (provider !== undefined && !(typeof provider === "string" && provider.trim() !== "")) throw new TypeError("chargeCost takes a non-empty provider name");
      usage.cost += charged;
      if (provider !== undefined) providerCosts.set(provider, (providerCosts.get(provider) ?? 0) + charged);
      if (limits.cost !== undefined && usage.cost > limits.cost) {
        abort(DENIAL_REASONS.costBudgetExceeded, "cost", `spent ${usage.cost} of ${limits.cost}`);
        controller.signal.throwIfAborted();
      }
    },
  };

  const aborted = new Promise<"aborted">((resolve) => controller.signal.addEventListener("abort", () => resolve("aborted"), { once: true }));
  const timer =
    limits.timeoutMs === undefined
      ? undefined
      : setup.setTimer(() => abort(DENIAL_REASONS.timeout, "timeout", `ran past ${limits.timeoutMs} ms`), limits.timeoutMs);

  recorder.emit("task.started");
  const settled = Promise.resolve()
    .then(() => task(context))
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  try {
    const first = await Promise.race([settled, aborted]);
    if (first === "aborted") {
      const exceeded = controller.signal.reason as BudgetExceededError | LeaseRevokedError;
      return { kind: "aborted", reason: exceeded.reason, detail: exceeded.message, usage: copyUsage(usage) };
    }
    return first.ok ? { kind: "completed", value: first.value, usage: copyUsage(usage) } : { kind: "failed", error: describeError(first.error), usage: copyUsage(usage) };
  } finally {
    if (timer !== undefined) setup.clearTimer(timer);
  }
}

function nonNegative(value: number, name: string): number {
  if (!(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} takes a non-negative finite number`);
  }
  return value;
}
