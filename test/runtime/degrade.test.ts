import { describe, expect, it } from "vitest";
import { createDegradeLadder, type DegradeProfile } from "../../runtime/index.js";

const TRACE = { trace_id: "tr-d", session_id: "se-d", task_id: "ta-d", capability_id: "search", version: "v1" };

function ladder(options: { recoveryBudgetMs?: number } = {}) {
  const clock = { t: 0 };
  const health = { primary: true, cache: true };
  const calls: string[] = [];
  const profile = (id: "primary" | "cache"): DegradeProfile<string, string> => ({
    id,
    run: (request) => {
      calls.push(id);
      if (!health[id]) throw new Error(`${id} down`);
      return `${id}:${request}`;
    },
  });
  const instance = createDegradeLadder({
    profiles: [profile("primary"), profile("cache")],
    breaker: { failureThreshold: 2, windowMs: 10_000, coolDownMs: 5_000 },
    now: () => clock.t,
    trace: TRACE,
    ...options,
  });
  return { instance, clock, health, calls, types: () => instance.log.records().map((r) => r.payload.type) };
}

describe("degrade ladder", () => {
  it("serves from the primary while it is healthy", async () => {
    const { instance } = ladder();
    expect(await instance.call("q")).toEqual({ ok: true, value: "primary:q", profile: "primary", degraded: false });
  });

  it("falls down to the declared fallback when the primary fails, then skips it once its breaker opens", async () => {
    const { instance, health, calls, types } = ladder();
    health.primary = false;
    expect(await instance.call("a")).toMatchObject({ ok: true, profile: "cache", degraded: true });
    expect(await instance.call("b")).toMatchObject({ ok: true, profile: "cache" });
    expect(instance.snapshot().breakers).toEqual({ primary: "open", cache: "closed" });
    calls.length = 0;
    expect(await instance.call("c")).toMatchObject({ ok: true, profile: "cache" });
    expect(calls).toEqual(["cache"]);
    expect(types()).toEqual(["degrade.switched", "degrade.breaker"]);
  });

  it("recovers to the primary after the cool-down once a trial succeeds", async () => {
    const { instance, health, clock, types } = ladder();
    health.primary = false;
    await instance.call("a");
    await instance.call("b");
    health.primary = true;
    clock.t += 5_000;
    expect(await instance.call("c")).toMatchObject({ ok: true, profile: "primary", degraded: false });
    expect(instance.snapshot().breakers.primary).toBe("closed");
    expect(types()).toContain("degrade.recovered");
  });

  it("asks for a manual takeover when no declared profile can serve, and never serves from anything else", async () => {
    const { instance, health, types } = ladder();
    health.primary = false;
    health.cache = false;
    const result = await instance.call("a");
    expect(result).toMatchObject({ ok: false, reason: "all profiles failed" });
    expect(!result.ok && result.detail).toContain("cache down");
    expect(instance.snapshot().takeoverRequested).toBe(true);
    expect(types()).toEqual(["degrade.exhausted", "degrade.takeover_requested"]);
  });

  it("asks for a takeover when serving from a fallback outlasts the recovery budget", async () => {
    const { instance, health, clock } = ladder({ recoveryBudgetMs: 60_000 });
    health.primary = false;
    await instance.call("a");
    expect(instance.snapshot().takeoverRequested).toBe(false);
    clock.t += 60_000;
    await instance.call("b");
    expect(instance.snapshot().takeoverRequested).toBe(true);
  });

  it("the manual takeover switch stops automatic serving until it is released", async () => {
    const { instance, calls, types } = ladder();
    expect(instance.takeOver("", "x")).toBe(false);
    expect(instance.takeOver("oncall", "data corruption suspected")).toBe(true);
    expect(instance.takeOver("oncall", "again")).toBe(false);
    expect(await instance.call("a")).toEqual({ ok: false, reason: "manual takeover", detail: "oncall took over: data corruption suspected" });
    expect(calls).toEqual([]);
    expect(instance.release("oncall")).toBe(true);
    expect(instance.release("oncall")).toBe(false);
    expect(await instance.call("b")).toMatchObject({ ok: true, profile: "primary" });
    expect(types()).toEqual(["degrade.takeover", "degrade.released", "degrade.recovered"]);
    expect(instance.log.verify()).toMatchObject({ ok: true });
  });

  it("a takeover switched on while a request is in flight stops it falling down to a fallback", async () => {
    let fail!: (error: Error) => void;
    const ran: string[] = [];
    const instance = createDegradeLadder<string, string>({
      profiles: [
        { id: "primary", run: () => new Promise<string>((_resolve, reject) => { ran.push("primary"); fail = reject; }) },
        { id: "cache", run: (request) => { ran.push("cache"); return `cache:${request}`; } },
      ],
      breaker: { failureThreshold: 2, windowMs: 10_000, coolDownMs: 5_000 },
      now: () => 0,
      trace: TRACE,
    });
    const pending = instance.call("q");
    await Promise.resolve();
    expect(instance.takeOver("oncall", "stop everything")).toBe(true);
    fail(new Error("primary down"));
    expect(await pending).toEqual({ ok: false, reason: "manual takeover", detail: "oncall took over: stop everything" });
    expect(ran).toEqual(["primary"]);
  });

  it("refuses an empty ladder, a profile declared twice and malformed settings", () => {
    const base = { breaker: { failureThreshold: 1, windowMs: 1, coolDownMs: 1 }, now: () => 0, trace: TRACE };
    const p = { id: "a", run: () => "x" };
    expect(() => createDegradeLadder({ ...base, profiles: [] })).toThrow(RangeError);
    expect(() => createDegradeLadder({ ...base, profiles: [p, p] })).toThrow("twice");
    expect(() => createDegradeLadder({ ...base, profiles: [p], recoveryBudgetMs: -1 })).toThrow(RangeError);
    expect(() => createDegradeLadder({ ...base, profiles: [p], breaker: { failureThreshold: 0, windowMs: 1, coolDownMs: 1 } })).toThrow(RangeError);
  });
});
