import { describe, expect, it } from "vitest";
import { compareReplay, createEventLog, createGate, type AuditEvent, type TaskContext } from "../../runtime/index.js";
import { ALLOW_ALL, FULL_POLICY, fixedNow, validEnvelope } from "./gate-fixture.js";

async function recordRun(task: (context: TaskContext) => unknown) {
  const log = createEventLog<AuditEvent>();
  const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, sink: (event) => void log.append(event) });
  await gate.execute(validEnvelope({ budget: { tokens: 5 } }), task);
  return log;
}

describe("gate events in a hash-chained log", () => {
  it("chain, verify, and replay identically under the same clock and inputs", async () => {
    const first = await recordRun(({ chargeTokens }) => chargeTokens(3));
    const second = await recordRun(({ chargeTokens }) => chargeTokens(3));
    expect(first.verify()).toEqual({ ok: true, length: 3 });
    expect(first.head()).toBe(second.head());
    expect(compareReplay(first.records().map((r) => r.payload), second.records().map((r) => r.payload))).toEqual({ ok: true, length: 3 });
  });

  it("explain a drifted run by its first differing event", async () => {
    const baseline = await recordRun(({ chargeTokens }) => chargeTokens(3));
    const drifted = await recordRun(({ chargeTokens }) => chargeTokens(6));
    const report = compareReplay(baseline.records().map((r) => r.payload), drifted.records().map((r) => r.payload));
    expect(report).toMatchObject({
      ok: false,
      kind: "divergence",
      index: 2,
      expected: { payload: { type: "task.completed" } },
      actual: { payload: { type: "budget.exceeded" } },
    });
  });
});
