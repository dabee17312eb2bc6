import { describe, expect, it } from "vitest";
import {
  DEFAULT_CANARY_STEPS,
  RolloutDependencyError,
  createEventLog,
  createRollout,
  evaluateTrigger,
  verifyChain,
  type FlowEvent,
  type RollbackPlan,
  type RollbackTrigger,
} from "../../runtime/index.js";

const TRACE = { trace_id: "t-1", session_id: "s-1", task_id: "k-1", capability_id: "c-1", version: "v2" };
const APPROVAL = { approved_by: "operator-a", at: "2030-01-01T00:00:00.000Z" };
const START = Date.parse("2030-01-01T00:00:00.000Z");
const MIN = 60_000;

const trigger: RollbackTrigger = {
  text: "canary error rate > 1% for 10 min",
  clauses: [{ metric: "canary error rate", comparator: ">", threshold: 1, unit: "%" }],
  sustain: { ms: 10 * MIN },
};

function plan(overrides: Partial<RollbackPlan> = {}): RollbackPlan {
  return { phaseId: "P6", trigger, action: "flip the switch", targetVersion: "v1", approvalRequired: true, ...overrides };
}

function setup(overrides: Partial<RollbackPlan> = {}) {
  const clock = { t: START };
  const rollout = createRollout(plan(overrides), { now: () => clock.t, version: "v2", trace: TRACE });
  return { clock, rollout, types: () => rollout.log.records().map((r) => r.payload.type) };
}

const healthy = { "canary error rate": 0.2 };
const breached = { "canary error rate": 4 };

describe("evaluateTrigger", () => {
  const two: RollbackTrigger = {
    text: "error rate > 1% and p99 latency > 200 ms",
    clauses: [
      { metric: "error rate", comparator: ">", threshold: 1, unit: "%" },
      { metric: "p99 latency", comparator: ">", threshold: 200, unit: "ms" },
    ],
  };
  it("is breached only when every clause is measured and holds", () => {
    expect(evaluateTrigger(two, { "error rate": 2, "p99 latency": 300 }).state).toBe("breached");
    expect(evaluateTrigger(two, { "error rate": 2, "p99 latency": 100 }).state).toBe("clear");
  });
  it("is clear as soon as one measured clause fails, unobserved when a needed metric is missing", () => {
    expect(evaluateTrigger(two, { "error rate": 0.5 }).state).toBe("clear");
    const verdict = evaluateTrigger(two, { "error rate": 2 });
    expect(verdict.state).toBe("unobserved");
    expect(verdict.missing).toEqual(["p99 latency"]);
    expect(evaluateTrigger(two, { "error rate": 2, "p99 latency": "300" }).state).toBe("unobserved");
    expect(evaluateTrigger(two, { "error rate": 2, "p99 latency": Number.NaN }).state).toBe("unobserved");
  });
  it("reads own properties only", () => {
    const proto: RollbackTrigger = { text: "x", clauses: [{ metric: "constructor", comparator: ">", threshold: 0, unit: "" }] };
    expect(evaluateTrigger(proto, {}).state).toBe("unobserved");
  });
  it("is unobserved for a trigger without clauses", () => {
    expect(evaluateTrigger({ text: "prose", clauses: [], unreadable: "no comparison" }, {}).state).toBe("unobserved");
  });
});

describe("rollout controller", () => {
  it("starts in shadow: the target version serves, the new one runs beside it", () => {
    const { rollout, types } = setup();
    expect(rollout.stage()).toBe("shadow");
    expect(rollout.share()).toBe(0);
    expect(rollout.route("req-1")).toEqual({ serve: "v1", shadow: "v2" });
    expect(types()).toEqual(["rollout.started"]);
  });

  it("moves shadow -> canary steps -> full, one step per promotion, each after a clear observation", () => {
    const { rollout } = setup();
    const path: string[] = [];
    for (;;) {
      rollout.observe(healthy);
      const move = rollout.promote(APPROVAL);
      if (!move.ok) break;
      path.push(move.to);
    }
    expect(path).toEqual([...DEFAULT_CANARY_STEPS.map((s) => `canary ${s}%`), "full"]);
    expect(rollout.stage()).toBe("full");
    expect(rollout.route("any")).toEqual({ serve: "v2" });
  });

  it("never skips a stage: without a clear observation in the current step, promotion is refused", () => {
    const { rollout } = setup();
    expect(rollout.promote(APPROVAL)).toMatchObject({ ok: false, reason: "not observed" });
    rollout.observe(healthy);
    expect(rollout.promote(APPROVAL)).toMatchObject({ ok: true, to: "canary 10%" });
    // The observation made in shadow does not carry over to the canary step.
    expect(rollout.promote(APPROVAL)).toMatchObject({ ok: false, reason: "not observed" });
    rollout.observe({});
    expect(rollout.promote(APPROVAL)).toMatchObject({ ok: false, reason: "not observed" });
    expect(rollout.stage()).toBe("canary");
    expect(rollout.share()).toBe(10);
  });

  it("refuses a promotion without a valid approval where the plan requires one", () => {
    const { rollout } = setup();
    rollout.observe(healthy);
    expect(rollout.promote()).toMatchObject({ ok: false, reason: "approval missing" });
    expect(rollout.promote({ approved_by: "", at: APPROVAL.at })).toMatchObject({ ok: false, reason: "approval invalid" });
    expect(rollout.promote({ approved_by: "a", at: "2031-01-01T00:00:00Z" })).toMatchObject({ ok: false, reason: "approval invalid" });
    const move = rollout.promote(APPROVAL);
    expect(move).toMatchObject({ ok: true });
    expect(move.ok && move.event.data.approved_by).toBe("operator-a");
  });

  it("promotes without approval where the plan does not require one", () => {
    const { rollout } = setup({ approvalRequired: false });
    rollout.observe(healthy);
    expect(rollout.promote()).toMatchObject({ ok: true, to: "canary 10%" });
  });

  it("rolls back by itself once the trigger has held for its sustain time, and serves the target version", () => {
    const { rollout, clock, types } = setup();
    rollout.observe(healthy);
    rollout.promote(APPROVAL);
    expect(rollout.observe(breached)).toMatchObject({ rolledBack: false, verdict: { state: "breached" } });
    clock.t += 5 * MIN;
    expect(rollout.observe(breached).rolledBack).toBe(false);
    clock.t += 5 * MIN;
    const last = rollout.observe(breached);
    expect(last.rolledBack).toBe(true);
    expect(rollout.stage()).toBe("rolled_back");
    expect(rollout.route("req-1")).toEqual({ serve: "v1" });
    const event = rollout.log.records().at(-1)!.payload;
    expect(event).toMatchObject({ type: "rollout.rolled_back", ...TRACE, data: { cause: "trigger", from: "canary 10%", to: "rolled_back", target_version: "v1", action: "flip the switch" } });
    expect(types().filter((t) => t === "rollout.observed")).toHaveLength(4);
    expect(rollout.promote(APPROVAL)).toMatchObject({ ok: false, reason: "finished" });
  });

  it("a clear observation resets the sustain clock; a missing metric does not", () => {
    const { rollout, clock } = setup();
    rollout.observe(breached);
    clock.t += 9 * MIN;
    rollout.observe(healthy);
    clock.t += 2 * MIN;
    expect(rollout.observe(breached).rolledBack).toBe(false);
    clock.t += 9 * MIN;
    rollout.observe({});
    clock.t += 1 * MIN;
    expect(rollout.observe(breached).rolledBack).toBe(true);
  });

  it("fires on the first breach without a sustain, and counts observations for an observation sustain", () => {
    const immediate = setup({ trigger: { ...trigger, sustain: undefined } as RollbackTrigger });
    expect(immediate.rollout.observe(breached).rolledBack).toBe(true);
    const counted = setup({ trigger: { ...trigger, sustain: { observations: 3 } } });
    expect(counted.rollout.observe(breached).rolledBack).toBe(false);
    expect(counted.rollout.observe(breached).rolledBack).toBe(false);
    expect(counted.rollout.observe(breached).rolledBack).toBe(true);
  });

  it("a breached observation blocks promotion even before it fires", () => {
    const { rollout } = setup();
    rollout.observe(breached);
    expect(rollout.promote(APPROVAL)).toMatchObject({ ok: false, reason: "breached" });
  });

  it("the manual switch rolls back at every stage, once", () => {
    for (const steps of [0, 1, 2, 3, 4]) {
      const { rollout } = setup();
      for (let i = 0; i < steps; i += 1) {
        rollout.observe(healthy);
        expect(rollout.promote(APPROVAL).ok).toBe(true);
      }
      expect(rollout.rollback("", "op")).toMatchObject({ ok: false, reason: "actor missing" });
      const move = rollout.rollback("bad canary", "operator-b");
      expect(move).toMatchObject({ ok: true, to: "rolled_back" });
      expect(move.ok && move.event.data).toMatchObject({ cause: "manual", actor: "operator-b", reason: "bad canary" });
      expect(rollout.route("x").serve).toBe("v1");
      expect(rollout.rollback("again", "operator-b")).toMatchObject({ ok: false, reason: "finished" });
    }
  });

  it("rolls back from full enforcement too when the trigger holds", () => {
    const { rollout } = setup({ trigger: { ...trigger, sustain: undefined } as RollbackTrigger });
    for (let i = 0; i < 4; i += 1) {
      rollout.observe(healthy);
      rollout.promote(APPROVAL);
    }
    expect(rollout.stage()).toBe("full");
    expect(rollout.observe(breached).rolledBack).toBe(true);
  });

  it("splits canary traffic by a stable hash of the key, close to the step's share", () => {
    const { rollout } = setup({ approvalRequired: false });
    rollout.observe(healthy);
    rollout.promote();
    const keys = Array.from({ length: 4000 }, (_, i) => `req-${i}`);
    const onNew = keys.filter((key) => rollout.route(key).serve === "v2").length / keys.length;
    expect(onNew).toBeGreaterThan(0.08);
    expect(onNew).toBeLessThan(0.12);
    expect(keys.map((k) => rollout.route(k).serve)).toEqual(keys.map((k) => rollout.route(k).serve));
  });

  it("writes every move into one hash chain that verifies, and a tampered record is found", () => {
    const log = createEventLog<FlowEvent>();
    const rollout = createRollout(plan({ approvalRequired: false }), { now: () => START, version: "v2", trace: TRACE, log });
    rollout.observe(healthy);
    rollout.promote();
    rollout.rollback("stop", "op");
    expect(log.verify()).toEqual({ ok: true, length: 4 });
    const copy = log.records().map((r) => ({ ...r }));
    copy[2] = { ...copy[2]!, payload: { ...copy[2]!.payload, data: { ...copy[2]!.payload.data, to: "full" } } };
    expect(verifyChain(copy)).toMatchObject({ ok: false, index: 2, reason: "hash mismatch" });
  });

  it("an unreadable trigger needs an injected condition; a condition that fails blocks promotion", () => {
    const unreadable = plan({ trigger: { text: "replay makes > 0 live calls or corrupts a snapshot", clauses: [], unreadable: "disjunction" } });
    expect(() => createRollout(unreadable, { now: () => START, version: "v2", trace: TRACE } as never)).toThrow(RolloutDependencyError);
    expect(() => createRollout(unreadable, { now: () => START, version: "v2", trace: TRACE } as never)).toThrow("deps.condition");
    let answer: unknown = false;
    const rollout = createRollout(unreadable, { now: () => START, version: "v2", trace: TRACE, condition: () => answer as boolean });
    rollout.observe({});
    expect(rollout.promote(APPROVAL)).toMatchObject({ ok: true });
    answer = "yes";
    rollout.observe({});
    expect(rollout.promote(APPROVAL)).toMatchObject({ ok: false, reason: "not observed" });
    const failing = createRollout(unreadable, {
      now: () => START,
      version: "v2",
      trace: TRACE,
      condition: () => {
        throw new Error("metrics store down");
      },
    });
    expect(failing.observe({}).verdict).toMatchObject({ state: "unobserved", message: expect.stringContaining("metrics store down") });
    answer = true;
    expect(rollout.observe({}).rolledBack).toBe(true);
  });

  it("refuses malformed dependencies", () => {
    const deps = { now: () => START, version: "v2", trace: TRACE };
    expect(() => createRollout(plan(), { ...deps, version: "v1" })).toThrow("its own rollback target");
    expect(() => createRollout(plan(), { ...deps, version: "" })).toThrow(TypeError);
    expect(() => createRollout(plan(), { ...deps, trace: { ...TRACE, task_id: "" } })).toThrow("task_id");
    expect(() => createRollout(plan(), { ...deps, canarySteps: [] })).toThrow(RangeError);
    expect(() => createRollout(plan(), { ...deps, canarySteps: [30, 10] })).toThrow("increase");
    expect(() => createRollout(plan(), { ...deps, canarySteps: [0, 100] })).toThrow(RangeError);
    expect(() => createRollout(plan({ trigger: { ...trigger, sustain: { ms: -1 } } }), deps)).toThrow("sustain");
  });
});
