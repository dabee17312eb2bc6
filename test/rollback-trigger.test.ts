import { describe, expect, it } from "vitest";
import { compileTrigger, splitSustain } from "../compiler/rollback-trigger.js";
import { clauseValue } from "../runtime/testing.js";
import { evaluateTrigger } from "../runtime/index.js";

describe("splitSustain", () => {
  it.each([
    ["canary error rate > 1% for 10 min", "canary error rate > 1%", { ms: 600_000 }],
    ["success rate < 95% over 1 h", "success rate < 95%", { ms: 3_600_000 }],
    ["drift > 1% for 2 consecutive days", "drift > 1%", { ms: 172_800_000 }],
    ["false positives > 0 for more than 1 day", "false positives > 0", { ms: 86_400_000 }],
    ["flaky test rate > 2% over 20 consecutive runs", "flaky test rate > 2%", { observations: 20 }],
    ["latency > 5 ms for over 2,000 consecutive checks.", "latency > 5 ms", { observations: 2000 }],
    ["errors > 3 during 30 s", "errors > 3", { ms: 30_000 }],
  ])("%s", (text, condition, sustain) => {
    expect(splitSustain(text)).toEqual({ condition, sustain });
  });

  it.each([
    "error rate over 5%",
    "x > 1 over 5 apples",
    "x > 1 for 0 min",
    "x > 1 for 1.5 h",
    "for 10 min",
    "x > 1 for 1,00 min",
    "x > 1 for 99999999999999999999 weeks",
  ])("leaves %j without a sustain", (text) => {
    expect(splitSustain(text)).toEqual({ condition: text });
  });
});

describe("compileTrigger", () => {
  it("compiles a trigger into clauses over observed metrics and its sustain, which the runtime evaluates", () => {
    const trigger = compileTrigger("reconciliation drift > 1% for 2 consecutive days");
    expect(trigger).toEqual({
      text: "reconciliation drift > 1% for 2 consecutive days",
      clauses: [{ metric: "reconciliation drift", comparator: ">", threshold: 1, unit: "%" }],
      sustain: { ms: 172_800_000 },
    });
    expect(evaluateTrigger(trigger, { "reconciliation drift": 1.5 }).state).toBe("breached");
    expect(evaluateTrigger(trigger, { "reconciliation drift": 0.5 }).state).toBe("clear");
  });

  it("reads a trigger of several clauses joined by and, all of which must hold", () => {
    const trigger = compileTrigger("error rate > 1% and p99 latency > 200 ms for 5 min");
    expect(trigger.clauses.map((c) => c.metric)).toEqual(["error rate", "p99 latency"]);
    expect(trigger.sustain).toEqual({ ms: 300_000 });
    expect(evaluateTrigger(trigger, { "error rate": 2, "p99 latency": 300 }).state).toBe("breached");
    expect(evaluateTrigger(trigger, { "error rate": 2, "p99 latency": 100 }).state).toBe("clear");
  });

  it("reads a rate as the acceptance criteria do", () => {
    expect(compileTrigger("errors > 5 per 1,000 requests for 10 min").clauses).toEqual([{ metric: "errors", comparator: ">", threshold: 5, unit: "", rate: { per: 1000, unit: "requests" } }]);
  });

  it.each([
    ["replay makes > 0 live provider calls or corrupts a snapshot", 'an "or" after a comparison'],
    ["latency between 5 and 10 ms", "a range"],
    ["errors > 5k", "a multiplier suffix"],
  ])("names why %j is not machine-readable", (text, why) => {
    expect(compileTrigger(text)).toMatchObject({ clauses: [], unreadable: expect.stringContaining(why) });
  });

  it.each([
    ["errors > 5 for -3 min", "for -3 min"],
    ["errors > 5 for 0 min", "for 0 min"],
    ["error rate above 2% for 1.5 h", "for 1.5 h"],
    ["errors > 5 for 10 min for 5 min", "for 10 min"],
    ["errors > 5 for 10 min and latency > 3 ms", "for 10 min"],
    ["x > 1 over 1,00 consecutive runs", "over 1,00 consecutive runs"],
    ["drift > 1% during 99999999999999999999 weeks", "during 99999999999999999999 weeks"],
  ])("never drops a duration it cannot read: %j has no clauses", (text, phrase) => {
    // Read without it, the trigger would fire at its first breach: not what the phase says.
    expect(compileTrigger(text)).toEqual({ text, clauses: [], unreadable: expect.stringContaining(JSON.stringify(phrase)) });
  });

  it("still reads a comparison worded with over, and a qualifier that is no duration", () => {
    expect(compileTrigger("queue wait over 30 s for 5 min")).toMatchObject({ clauses: [{ metric: "queue wait", comparator: ">", threshold: 30, unit: "s" }], sustain: { ms: 300_000 } });
    expect(compileTrigger("errors > 5 for 3 tenants").clauses).toHaveLength(1);
    expect(compileTrigger("p99 latency > 200 ms over 20 consecutive runs")).toMatchObject({ sustain: { observations: 20 } });
  });

  it("says why a trigger is not machine-readable, and never gives clauses then", () => {
    expect(compileTrigger("gate errors rise")).toMatchObject({ clauses: [], unreadable: expect.stringContaining("no comparison") });
    expect(compileTrigger("")).toMatchObject({ clauses: [], unreadable: "the trigger is empty" });
    expect(compileTrigger(42 as never)).toMatchObject({ clauses: [], unreadable: "the trigger is empty" });
  });

  it("refuses a threshold no observed value can lie beyond", () => {
    expect(compileTrigger(`errors > ${"9".repeat(400)}`)).toMatchObject({ clauses: [] });
  });

  it("gives thresholds the generated batteries can step over, large ones too", () => {
    for (const threshold of [0, 0.1, 1e6, 1e20, -5]) {
      const clause = { metric: "m", comparator: ">" as const, threshold, unit: "" };
      expect(evaluateTrigger({ text: "", clauses: [clause] }, { m: clauseValue(clause, true) }).state).toBe("breached");
    }
  });
});
