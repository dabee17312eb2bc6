import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryLedger } from "../../runtime/index.js";

describe("memory ledger", () => {
  it("holds a precharge against the account until it is settled", () => {
    const ledger = createMemoryLedger({ limit: 100 });
    expect(ledger.precharge("t1", 30)).toEqual({ ok: true });
    expect(ledger.available()).toBe(70);
    expect(ledger.reconcile()).toMatchObject({ held: 30, spent: 0, available: 70, balanced: true });
  });

  it("refunds the unspent part of a precharge on settle", () => {
    const ledger = createMemoryLedger({ limit: 100 });
    ledger.precharge("t1", 30);
    expect(ledger.settle("t1", 12)).toEqual({ ok: true, settlement: { taskId: "t1", precharged: 30, actual: 12, refund: 18, overrun: 0 } });
    expect(ledger.available()).toBe(88);
    expect(ledger.entries().map((e) => [e.kind, e.amount])).toEqual([
      ["precharge", 30],
      ["settle", 12],
      ["refund", 18],
    ]);
  });

  it("charges an overrun when a task spent more than it held", () => {
    const ledger = createMemoryLedger({ limit: 20 });
    ledger.precharge("t1", 10);
    expect(ledger.settle("t1", 25)).toMatchObject({ ok: true, settlement: { refund: 0, overrun: 15 } });
    expect(ledger.available()).toBe(-5);
    expect(ledger.reconcile()).toMatchObject({ spent: 25, available: -5, balanced: true });
  });

  it("refuses a precharge over the available amount, a duplicate task and a bad amount, journalling each", () => {
    const ledger = createMemoryLedger({ limit: 50 });
    ledger.precharge("t1", 40);
    expect(ledger.precharge("t2", 11)).toMatchObject({ ok: false, reason: expect.stringMatching(/exceeds the available 10/) });
    expect(ledger.precharge("t1", 1)).toMatchObject({ ok: false, reason: expect.stringMatching(/already has a precharge/) });
    expect(ledger.precharge("t3", -1).ok).toBe(false);
    expect(ledger.precharge("t3", Number.NaN).ok).toBe(false);
    expect(ledger.available()).toBe(10);
    expect(ledger.entries().filter((e) => e.kind === "refusal")).toHaveLength(4);
    expect(ledger.reconcile().tasks.map((t) => t.taskId)).toEqual(["t1"]);
  });

  it("refuses to settle an unknown or already settled task, or a bad actual", () => {
    const ledger = createMemoryLedger({ limit: 50 });
    expect(ledger.settle("ghost", 1)).toMatchObject({ ok: false });
    ledger.precharge("t1", 5);
    expect(ledger.settle("t1", -2)).toMatchObject({ ok: false });
    expect(ledger.settle("t1", 5).ok).toBe(true);
    expect(ledger.settle("t1", 5)).toMatchObject({ ok: false, reason: expect.stringMatching(/already settled/) });
    expect(ledger.available()).toBe(45);
  });

  it("decomposes cost per task on reconcile", () => {
    const ledger = createMemoryLedger({ limit: 100 });
    ledger.precharge("a", 10);
    ledger.precharge("b", 20);
    ledger.precharge("c", 5);
    ledger.settle("a", 4);
    ledger.settle("b", 25);
    const report = ledger.reconcile();
    expect(report.tasks).toEqual([
      { taskId: "a", status: "settled", precharged: 10, actual: 4, refund: 6, overrun: 0 },
      { taskId: "b", status: "settled", precharged: 20, actual: 25, refund: 0, overrun: 5 },
      { taskId: "c", status: "held", precharged: 5, actual: undefined, refund: 0, overrun: 0 },
    ]);
    expect(report).toMatchObject({ limit: 100, held: 5, spent: 29, refunded: 6, available: 66, balanced: true });
  });

  it("keeps limit = held + spent + available through any sequence of operations", () => {
    const op = fc.record({ task: fc.constantFrom("a", "b", "c", "d"), settle: fc.boolean(), amount: fc.integer({ min: 0, max: 60 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const ledger = createMemoryLedger({ limit: 100 });
        for (const { task, settle, amount } of ops) {
          if (settle) ledger.settle(task, amount);
          else ledger.precharge(task, amount);
        }
        const report = ledger.reconcile();
        expect(report.balanced).toBe(true);
        expect(report.held + report.spent + report.available).toBe(100);
        expect(report.available).toBe(ledger.available());
      }),
    );
  });

  it("refuses a bad limit", () => {
    expect(() => createMemoryLedger({ limit: -1 })).toThrow(RangeError);
    expect(() => createMemoryLedger({ limit: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
