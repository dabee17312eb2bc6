import { describe, expect, it } from "vitest";
import { defineStateMachine, StateMachineDefinitionError, type TraceIds } from "../../runtime/index.js";

const trace: TraceIds = { trace_id: "tr", session_id: "se", task_id: "ta", capability_id: "cap", version: "v1" };
let tick = 0;
const now = () => Date.UTC(2026, 0, 1) + tick++ * 1000;

const review = defineStateMachine({
  initial: "planning",
  states: ["planning", "drafting", "review", "done"],
  transitions: [
    { from: "planning", signal: "plan", to: "drafting" },
    { from: "drafting", signal: "submit", to: "review" },
    { from: "review", signal: "approve", to: "done" },
    { from: "review", signal: "reject", to: "planning" },
    { from: "review", signal: "revise", to: "drafting" },
  ],
});

describe("state machine", () => {
  it("follows declared transitions and records each with its trace ids and time", () => {
    tick = 0;
    const run = review.start({ now });
    for (const signal of ["plan", "submit", "approve"] as const) expect(run.send(signal, trace).ok).toBe(true);
    expect(run.state).toBe("done");
    expect(run.history().map((r) => [r.seq, r.from, r.signal, r.to])).toEqual([
      [0, "planning", "plan", "drafting"],
      [1, "drafting", "submit", "review"],
      [2, "review", "approve", "done"],
    ]);
    expect(run.history()[0]).toMatchObject({ trace, at: "2026-01-01T00:00:00.000Z" });
  });

  it("rejects an undeclared transition, leaves the state and history alone, and never throws", () => {
    const run = review.start({ now });
    const result = run.send("approve", trace);
    expect(result).toMatchObject({ ok: false, reason: "illegal transition", from: "planning", signal: "approve" });
    expect(run.send("no-such-signal", trace).ok).toBe(false);
    expect(run.state).toBe("planning");
    expect(run.history()).toEqual([]);
  });

  it("runs reject and revise loops back to earlier states", () => {
    const run = review.start({ now });
    const path = ["plan", "submit", "revise", "submit", "reject", "plan", "submit", "approve"] as const;
    const states = path.map((signal) => {
      const result = run.send(signal, trace);
      if (!result.ok) throw new Error(result.detail);
      return result.record.to;
    });
    expect(states).toEqual(["drafting", "review", "drafting", "review", "planning", "drafting", "review", "done"]);
    expect(run.history()).toHaveLength(path.length);
  });

  it("refuses a transition whose trace ids are incomplete", () => {
    const run = review.start({ now });
    const result = run.send("plan", { ...trace, task_id: " " });
    expect(result).toMatchObject({ ok: false, reason: "trace id missing" });
    expect(run.state).toBe("planning");
  });

  it("keeps history append-only: the returned copies are frozen and earlier copies do not change", () => {
    const run = review.start({ now });
    run.send("plan", trace);
    const before = run.history();
    run.send("submit", trace);
    expect(before).toHaveLength(1);
    expect(() => (before as unknown[]).push({})).toThrow(TypeError);
    expect(Object.isFrozen(run.history()[1])).toBe(true);
  });

  it("lists the signals legal in the current state", () => {
    const run = review.start({ now });
    run.send("plan", trace);
    run.send("submit", trace);
    expect(run.allowed()).toEqual(["approve", "reject", "revise"]);
  });

  it("describes itself, naming terminal states and the reject/revise loops", () => {
    const description = review.describe();
    expect(description.initial).toBe("planning");
    expect(description.signals).toEqual(["plan", "submit", "approve", "reject", "revise"]);
    expect(description.terminal).toEqual(["done"]);
    expect(description.unreachable).toEqual([]);
    expect(description.loops.map((t) => `${t.from} --${t.signal}--> ${t.to}`)).toEqual(["review --reject--> planning", "review --revise--> drafting"]);
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });

  it("replays a recorded history and names the first illegal step", () => {
    const run = review.start({ now });
    for (const signal of ["plan", "submit", "reject"]) run.send(signal, trace);
    expect(review.replay(run.history())).toEqual({ ok: true, state: "planning" });
    const forged = [...run.history().slice(0, 2), { from: "review", signal: "approve", to: "planning" }];
    expect(review.replay(forged)).toMatchObject({ ok: false, index: 2 });
    expect(review.replay([{ from: "drafting", signal: "submit", to: "review" }])).toMatchObject({ ok: false, index: 0 });
  });

  it("refuses malformed definitions", () => {
    expect(() => defineStateMachine({ initial: "a", states: ["b"], transitions: [] } as never)).toThrow(StateMachineDefinitionError);
    expect(() => defineStateMachine({ initial: "a", states: ["a", "a"], transitions: [] })).toThrow(/more than once/);
    expect(() =>
      defineStateMachine({ initial: "a", states: ["a", "b"], transitions: [{ from: "a", signal: "go", to: "c" as "b" }] }),
    ).toThrow(/unknown state c/);
    expect(() =>
      defineStateMachine({
        initial: "a",
        states: ["a", "b"],
        transitions: [
          { from: "a", signal: "go", to: "b" },
          { from: "a", signal: "go", to: "a" },
        ],
      }),
    ).toThrow(/declared twice/);
  });

  it("reports states the initial state cannot reach", () => {
    const machine = defineStateMachine({ initial: "a", states: ["a", "b", "orphan"], transitions: [{ from: "a", signal: "go", to: "b" }] });
    expect(machine.describe().unreachable).toEqual(["orphan"]);
    expect(machine.describe().loops).toEqual([]);
  });

  it("counts a self-transition as a loop but not a forward edge that skips a step", () => {
    const machine = defineStateMachine({
      initial: "a",
      states: ["a", "b", "c"],
      transitions: [
        { from: "a", signal: "next", to: "b" },
        { from: "a", signal: "skip", to: "c" },
        { from: "b", signal: "next", to: "c" },
        { from: "c", signal: "retry", to: "c" },
      ],
    });
    expect(machine.describe().loops).toEqual([{ from: "c", signal: "retry", to: "c" }]);
  });
});
