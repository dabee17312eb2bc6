import { describe, expect, it } from "vitest";
import { DENIAL_REASONS, UNATTRIBUTED, createCostAccount, createGate } from "../../runtime/index.js";
import { ALLOW_ALL, FULL_POLICY, fixedNow, validEnvelope } from "./gate-fixture.js";

const RUN = { trace_id: "recon-1", session_id: "ops", task_id: "reconcile", capability_id: "ledger", version: "v1" };

function account(limit = 100, tolerance = 0.01) {
  return createCostAccount({ limit, tolerance, now: fixedNow });
}

describe("cost account", () => {
  it("precharges, settles and attributes a task's cost to tenant, capability and provider", () => {
    const a = account();
    const envelope = validEnvelope({ task_id: "t1" });
    expect(a.precharge("t1", 10, { envelope })).toEqual({ ok: true });
    expect(a.available()).toBe(90);
    const settled = a.settle("t1", 7, { envelope, byProvider: { "model-a": 5, "model-b": 1.5 } });
    expect(settled).toMatchObject({ ok: true, settlement: { precharged: 10, actual: 7, refund: 3, overrun: 0 } });
    expect(a.available()).toBe(93);
    expect(a.costs()).toEqual([
      { task_id: "t1", tenant_id: "acme", capability_id: "cap-1", trace_id: "tr-1", status: "settled", precharged: 10, actual: 7, by_provider: { "model-a": 5, "model-b": 1.5, [UNATTRIBUTED]: 0.5 } },
    ]);
    const types = a.log.records().map((r) => r.payload.type);
    expect(types).toEqual(["cost.precharged", "cost.settled"]);
    expect(a.log.records()[1]!.payload).toMatchObject({ trace_id: "tr-1", task_id: "t1", data: { task_id: "t1", refund: 3 } });
    expect(a.log.verify()).toMatchObject({ ok: true });
  });

  it("refuses a precharge with nothing to attribute to, over the limit, twice for a task, or not a number", () => {
    const a = account(10);
    expect(a.precharge("t1", 1)).toMatchObject({ ok: false, reason: expect.stringContaining("envelope") });
    expect(a.precharge("t1", 11, { envelope: validEnvelope() })).toMatchObject({ ok: false, reason: expect.stringContaining("exceeds") });
    expect(a.precharge("t1", Number.NaN, { envelope: validEnvelope() })).toMatchObject({ ok: false });
    expect(a.precharge("t1", 5, { envelope: validEnvelope() })).toEqual({ ok: true });
    expect(a.precharge("t1", 1, { envelope: validEnvelope() })).toMatchObject({ ok: false, reason: expect.stringContaining("already") });
    expect(a.log.records().filter((r) => r.payload.type === "cost.precharge_refused")).toHaveLength(3);
  });

  it("refuses a settlement without a precharge, twice, or whose providers were charged more than the actual", () => {
    const a = account();
    const envelope = validEnvelope();
    expect(a.settle("t1", 1)).toMatchObject({ ok: false });
    a.precharge("t1", 5, { envelope });
    expect(a.settle("t1", 2, { envelope, byProvider: { p: 3 } })).toMatchObject({ ok: false, reason: expect.stringContaining("more than") });
    expect(a.settle("t1", 2, { envelope, byProvider: { [UNATTRIBUTED]: 2 } })).toMatchObject({ ok: false });
    expect(a.settle("t1", 2, { envelope, byProvider: { p: 2 } })).toMatchObject({ ok: true });
    expect(a.settle("t1", 2)).toMatchObject({ ok: false, reason: expect.stringContaining("already settled") });
  });

  it("reconciles within the tolerance, per provider, over the tasks settled since the last run", () => {
    const a = account(100, 0.01);
    for (const [id, provider, cost] of [["t1", "p", 4], ["t2", "q", 6]] as const) {
      const envelope = validEnvelope({ task_id: id });
      a.precharge(id, 10, { envelope });
      a.settle(id, cost, { envelope, byProvider: { [provider]: cost } });
    }
    const first = a.reconcile([{ provider: "p", amount: 4.02 }, { provider: "q", amount: 6 }], RUN);
    expect(first.ok).toBe(true);
    expect(first.run).toBe(1);
    expect(first.lines.map((l) => [l.provider, l.ledger, l.reported, l.within])).toEqual([["p", 4, 4.02, true], ["q", 6, 6, true]]);
    expect(first.tasks.map((t) => t.task_id)).toEqual(["t1", "t2"]);
    const second = a.reconcile([], RUN);
    expect(second).toMatchObject({ ok: true, run: 2, lines: [], tasks: [] });
    expect(a.denied()).toBe(false);
  });

  it("a mismatch is an event and denies every further spend, through the gate too, until resumed", async () => {
    const a = account(100, 0.001);
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, ledger: a });
    const first = await gate.execute(validEnvelope({ task_id: "t1", budget: { cost: 5 } }), (context) => {
      context.chargeCost(3, "model-a");
      return "ok";
    });
    expect(first.decision).toBe("allowed");
    expect(first.usage).toEqual({ tokens: 0, cost: 3, byProvider: { "model-a": 3 } });
    expect(a.costs()[0]).toMatchObject({ task_id: "t1", by_provider: { "model-a": 3 } });

    const result = a.reconcile([{ provider: "model-a", amount: 3.5 }], RUN);
    expect(result.ok).toBe(false);
    expect(a.denied()).toBe(true);
    const types = a.log.records().map((r) => r.payload.type);
    expect(types.slice(-2)).toEqual(["cost.reconciliation_mismatch", "cost.spend_denied"]);
    expect(a.log.records().at(-2)!.payload).toMatchObject({ trace_id: "recon-1", data: { run: 1, problems: [expect.stringContaining("model-a")] } });

    const task = () => "never";
    const denied = await gate.execute(validEnvelope({ task_id: "t2", budget: { cost: 1 } }), task);
    expect(denied).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.prechargeRefused });
    expect(denied.detail).toContain("spending is denied");

    expect(a.resume("", "checked", RUN)).toBe(false);
    expect(a.resume("auditor", "provider invoice corrected", RUN)).toBe(true);
    expect(a.denied()).toBe(false);
    const again = await gate.execute(validEnvelope({ task_id: "t3", budget: { cost: 1 } }), () => "ok");
    expect(again.decision).toBe("allowed");
    expect(a.log.verify()).toMatchObject({ ok: true });
  });

  it("a provider the ledger charged that did not report, or one that reported what the ledger never charged, is a mismatch", () => {
    const silent = account();
    const envelope = validEnvelope();
    silent.precharge("t1", 5, { envelope });
    silent.settle("t1", 2, { envelope, byProvider: { p: 2 } });
    expect(silent.reconcile([], RUN).ok).toBe(false);
    const phantom = account();
    expect(phantom.reconcile([{ provider: "q", amount: 1 }], RUN).ok).toBe(false);
    const malformed = account();
    expect(malformed.reconcile([{ provider: "", amount: 1 }], RUN).ok).toBe(false);
  });

  it("reconciles per tenant when the providers report per tenant, and reports the unattributed share", () => {
    const a = account(100, 0);
    for (const [id, tenant, cost] of [["t1", "acme", 2], ["t2", "globex", 3]] as const) {
      const envelope = validEnvelope({ task_id: id, tenant_id: tenant, lease: { id: "l", tenant_id: tenant, expires_at: "2026-03-01T13:00:00Z" } });
      a.precharge(id, 5, { envelope });
      a.settle(id, cost + 1, { envelope, byProvider: { p: cost } });
    }
    const ok = a.reconcile([{ provider: "p", tenant_id: "acme", amount: 2 }, { provider: "p", tenant_id: "globex", amount: 3 }], RUN);
    expect(ok.ok).toBe(true);
    expect(ok.lines.map((l) => l.tenant_id)).toEqual(["acme", "globex"]);
    expect(ok.unattributed).toBe(2);
    expect(ok.unattributed_share).toBeCloseTo((2 / 7) * 100);
  });

  it("without the five trace ids nothing is held, reconciled or resumed without its event", () => {
    const a = account();
    const { session_id: _dropped, ...partial } = validEnvelope({ task_id: "t1" });
    expect(a.precharge("t1", 10, { envelope: partial as ReturnType<typeof validEnvelope> })).toMatchObject({ ok: false, reason: expect.stringContaining("session_id") });
    expect(a.available()).toBe(100);
    expect(a.costs()).toEqual([]);
    const envelope = validEnvelope({ task_id: "t1" });
    a.precharge("t1", 10, { envelope });
    a.settle("t1", 4, { envelope, byProvider: { p: 4 } });
    const { trace_id: _gone, ...noTrace } = RUN;
    expect(() => a.reconcile([{ provider: "p", amount: 4 }], noTrace as typeof RUN)).toThrow(/trace_id/);
    // The settled task was not used up by the refused run: the next run still reconciles it.
    expect(a.reconcile([{ provider: "p", amount: 4 }], RUN)).toMatchObject({ ok: true, run: 1, tasks: [{ task_id: "t1" }] });
    expect(a.log.records().map((r) => r.payload.type)).toEqual(["cost.precharged", "cost.settled", "cost.reconciled"]);
  });

  it("refuses a malformed limit or tolerance", () => {
    expect(() => createCostAccount({ limit: -1, tolerance: 0, now: fixedNow })).toThrow(RangeError);
    expect(() => createCostAccount({ limit: 1, tolerance: 1, now: fixedNow })).toThrow(RangeError);
    expect(() => createCostAccount({ limit: 1, tolerance: Number.NaN, now: fixedNow })).toThrow(RangeError);
  });
});
