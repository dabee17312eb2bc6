import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  BudgetExceededError,
  createGate,
  createMemoryLedger,
  DEFAULT_TIMEOUT_MS,
  DENIAL_REASONS,
  type CostLedger,
  type TaskContext,
} from "../../runtime/index.js";
import { ALLOW_ALL, BARE_POLICY, FULL_POLICY, fixedNow, spyTask, validEnvelope } from "./gate-fixture.js";

/** A task that waits until its signal aborts and never settles on its own. */
const hang = (seen: { signal?: AbortSignal }) => (context: TaskContext) => {
  seen.signal = context.signal;
  return new Promise<never>(() => undefined);
};

describe("gate timeout", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("aborts the signal and denies with reason timeout when the task outruns budget.timeout_ms", async () => {
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const seen: { signal?: AbortSignal } = {};
    const pending = gate.execute(validEnvelope({ budget: { timeout_ms: 500 } }), hang(seen));
    await vi.advanceTimersByTimeAsync(499);
    expect(seen.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const receipt = await pending;
    expect(seen.signal?.aborted).toBe(true);
    expect(seen.signal?.reason).toBeInstanceOf(BudgetExceededError);
    expect(receipt).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.timeout });
    expect(receipt.result).toBeUndefined();
    expect(receipt.events.map((e) => e.type)).toEqual(["gate.checked", "task.started", "budget.exceeded", "gate.denied"]);
  });

  it("falls back to the policy default, then to DEFAULT_TIMEOUT_MS when the policy lists timeout", async () => {
    const withDefault = createGate({ ...FULL_POLICY, defaults: { timeoutMs: 50 } }, { ...ALLOW_ALL, now: fixedNow });
    const first = withDefault.execute(validEnvelope(), hang({}));
    await vi.advanceTimersByTimeAsync(50);
    expect((await first).reason).toBe(DENIAL_REASONS.timeout);

    const builtIn = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const seen: { signal?: AbortSignal } = {};
    const second = builtIn.execute(validEnvelope(), hang(seen));
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
    expect(seen.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await second).reason).toBe(DENIAL_REASONS.timeout);
  });

  it("lets the envelope's timeout override the policy default", async () => {
    const gate = createGate({ ...FULL_POLICY, defaults: { timeoutMs: 50 } }, { ...ALLOW_ALL, now: fixedNow });
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return "late but allowed";
    };
    const pending = gate.execute(validEnvelope({ budget: { timeout_ms: 200 } }), slow);
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toMatchObject({ decision: "allowed", result: "late but allowed" });
  });

  it("sets no timer when no timeout applies, and clears the timer once the task ends", async () => {
    const setTimer = vi.fn((callback: () => void, ms: number) => setTimeout(callback, ms));
    const clearTimer = vi.fn((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    const bare = createGate(BARE_POLICY, { now: fixedNow, setTimer, clearTimer });
    await bare.execute(validEnvelope(), spyTask(1).task);
    expect(setTimer).not.toHaveBeenCalled();
    await bare.execute(validEnvelope({ budget: { timeout_ms: 1000 } }), spyTask(1).task);
    expect(setTimer).toHaveBeenCalledWith(expect.any(Function), 1000);
    expect(clearTimer).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("swallows the late rejection of a task it already abandoned", async () => {
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const late = (context: TaskContext) =>
      new Promise<never>((_resolve, reject) => context.signal.addEventListener("abort", () => setTimeout(() => reject(new Error("late")), 10)));
    const pending = gate.execute(validEnvelope({ budget: { timeout_ms: 20 } }), late);
    await vi.advanceTimersByTimeAsync(40);
    const receipt = await pending;
    expect(receipt.reason).toBe(DENIAL_REASONS.timeout);
    expect(receipt.events.some((e) => e.type === "task.failed")).toBe(false);
  });
});

describe("gate token and cost budgets", () => {
  const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });

  it("allows spending exactly the token budget", async () => {
    const receipt = await gate.execute(validEnvelope({ budget: { tokens: 10 } }), ({ chargeTokens }) => {
      chargeTokens(4);
      chargeTokens(6);
      return "ok";
    });
    expect(receipt).toMatchObject({ decision: "allowed", result: "ok", usage: { tokens: 10, cost: 0 } });
  });

  it("aborts and denies once a charge passes the token budget; the charge call throws", async () => {
    let signal: AbortSignal | undefined;
    let thrown: unknown;
    const receipt = await gate.execute(validEnvelope({ budget: { tokens: 10 } }), ({ chargeTokens, signal: s }) => {
      signal = s;
      chargeTokens(8);
      try {
        chargeTokens(3);
      } catch (error) {
        thrown = error;
      }
      return "ignored";
    });
    expect(receipt).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.tokenBudgetExceeded, usage: { tokens: 11 } });
    expect(receipt.result).toBeUndefined();
    expect(signal?.aborted).toBe(true);
    expect(thrown).toBeInstanceOf(BudgetExceededError);
    expect(receipt.events.find((e) => e.type === "budget.exceeded")?.data.limit).toBe("tokens");
  });

  it("uses the policy's token default when the envelope sets none", async () => {
    const capped = createGate({ ...FULL_POLICY, defaults: { tokens: 5 } }, { ...ALLOW_ALL, now: fixedNow });
    const receipt = await capped.execute(validEnvelope(), ({ chargeTokens }) => chargeTokens(6));
    expect(receipt.reason).toBe(DENIAL_REASONS.tokenBudgetExceeded);
  });

  it("denies a task that spends past its cost limit", async () => {
    const receipt = await gate.execute(validEnvelope({ budget: { cost: 1 } }), ({ chargeCost }) => {
      chargeCost(0.75);
      chargeCost(0.5);
    });
    expect(receipt.reason).toBe(DENIAL_REASONS.costBudgetExceeded);
  });

  it("rejects a negative charge as a task error", async () => {
    const receipt = await gate.execute(validEnvelope(), ({ chargeTokens }) => chargeTokens(-1));
    expect(receipt.decision).toBe("allowed");
    expect(receipt.error).toMatch(/RangeError/);
  });
});

describe("gate and ledger", () => {
  it("denies without calling the task when the precharge is refused", async () => {
    const ledger = createMemoryLedger({ limit: 5 });
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, ledger });
    const spy = spyTask(0);
    const receipt = await gate.execute(validEnvelope({ budget: { cost: 6 } }), spy.task);
    expect(receipt).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.prechargeRefused });
    expect(receipt.detail).toMatch(/exceeds the available 5/);
    expect(spy.calls()).toBe(0);
    expect(ledger.available()).toBe(5);
  });

  it("precharges the cost limit, then settles the actual cost and refunds the rest", async () => {
    const ledger = createMemoryLedger({ limit: 100 });
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, ledger });
    const receipt = await gate.execute(validEnvelope({ budget: { cost: 10 } }), ({ chargeCost }) => {
      expect(ledger.available()).toBe(90);
      chargeCost(3);
      return "ok";
    });
    expect(receipt.decision).toBe("allowed");
    expect(ledger.available()).toBe(97);
    const settled = receipt.events.find((e) => e.type === "ledger.settled");
    expect(settled?.data).toMatchObject({ taskId: "ta-1", precharged: 10, actual: 3, refund: 7, overrun: 0 });
    expect(receipt.events.map((e) => e.type)).toEqual(["gate.checked", "ledger.precharged", "task.started", "ledger.settled", "task.completed"]);
  });

  it("refuses a second execution of the same task id while the ledger holds the first", async () => {
    const ledger = createMemoryLedger({ limit: 100 });
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, ledger });
    await gate.execute(validEnvelope({ budget: { cost: 1 } }), spyTask(0).task);
    const again = await gate.execute(validEnvelope({ budget: { cost: 1 } }), spyTask(0).task);
    expect(again.reason).toBe(DENIAL_REASONS.prechargeRefused);
  });

  it("settles what a task spent before it failed", async () => {
    const ledger = createMemoryLedger({ limit: 100 });
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, ledger });
    await gate.execute(validEnvelope({ budget: { cost: 10 } }), ({ chargeCost }) => {
      chargeCost(4);
      throw new Error("boom");
    });
    expect(ledger.reconcile().tasks).toEqual([expect.objectContaining({ taskId: "ta-1", status: "settled", actual: 4, refund: 6 })]);
  });

  it("treats a throwing ledger as a refusal, and a failed settle as an event, never a rejection", async () => {
    const broken: CostLedger = {
      precharge: () => {
        throw new Error("ledger down");
      },
      settle: () => ({ ok: true, settlement: { taskId: "", precharged: 0, actual: 0, refund: 0, overrun: 0 } }),
    };
    const spy = spyTask(0);
    const refused = await createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, ledger: broken }).execute(validEnvelope(), spy.task);
    expect(refused.reason).toBe(DENIAL_REASONS.prechargeRefused);
    expect(spy.calls()).toBe(0);

    const flaky: CostLedger = { precharge: async () => ({ ok: true }), settle: async () => Promise.reject(new Error("lost")) };
    const receipt = await createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, ledger: flaky }).execute(validEnvelope(), spy.task);
    expect(receipt.decision).toBe("allowed");
    expect(receipt.events.map((e) => e.type)).toContain("ledger.settle_failed");
  });
});
