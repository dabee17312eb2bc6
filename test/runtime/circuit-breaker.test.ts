import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CircuitOpenError, createCircuitBreaker, type BreakerEvent } from "../../runtime/index.js";

const fail = () => Promise.reject(new Error("dependency down"));
const succeed = () => Promise.resolve("ok");

function breaker(overrides: { halfOpenTrials?: number } = {}) {
  const events: BreakerEvent[] = [];
  const instance = createCircuitBreaker({
    failureThreshold: 3,
    windowMs: 1000,
    coolDownMs: 5000,
    now: () => Date.now(),
    sink: (event) => void events.push(event),
    ...overrides,
  });
  return { instance, events };
}

async function failTimes(instance: ReturnType<typeof breaker>["instance"], n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await expect(instance.call(fail)).rejects.toThrow("dependency down");
}

describe("circuit breaker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1));
  });
  afterEach(() => void vi.useRealTimers());

  it("passes results and errors through while closed", async () => {
    const { instance } = breaker();
    await expect(instance.call(succeed)).resolves.toBe("ok");
    await failTimes(instance, 2);
    expect(instance.state()).toBe("closed");
    expect(instance.snapshot().recentFailures).toBe(2);
  });

  it("opens after the threshold of failures within the window and then rejects fast", async () => {
    const { instance, events } = breaker();
    await failTimes(instance, 3);
    expect(instance.state()).toBe("open");
    expect(events).toEqual([expect.objectContaining({ from: "closed", to: "open", cause: "failure threshold", at: "2026-01-01T00:00:00.000Z" })]);
    const fn = vi.fn(succeed);
    await expect(instance.call(fn)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fn).not.toHaveBeenCalled();
  });

  it("forgets failures that fall out of the window", async () => {
    const { instance } = breaker();
    await failTimes(instance, 2);
    vi.advanceTimersByTime(1000);
    await failTimes(instance, 2);
    expect(instance.state()).toBe("closed");
    await failTimes(instance, 1);
    expect(instance.state()).toBe("open");
  });

  it("goes half-open after the cool-down; a successful trial closes it", async () => {
    const { instance, events } = breaker();
    await failTimes(instance, 3);
    vi.advanceTimersByTime(4999);
    expect(instance.state()).toBe("open");
    vi.advanceTimersByTime(1);
    expect(instance.state()).toBe("half_open");
    await expect(instance.call(succeed)).resolves.toBe("ok");
    expect(instance.state()).toBe("closed");
    expect(events.map((e) => `${e.from}->${e.to}`)).toEqual(["closed->open", "open->half_open", "half_open->closed"]);
    expect(instance.transitions()).toEqual(events);
  });

  it("reopens when a trial fails, restarting the cool-down", async () => {
    const { instance, events } = breaker();
    await failTimes(instance, 3);
    vi.advanceTimersByTime(5000);
    await failTimes(instance, 1);
    expect(instance.state()).toBe("open");
    expect(events.at(-1)).toMatchObject({ from: "half_open", to: "open", cause: "trial failed" });
    vi.advanceTimersByTime(4999);
    expect(instance.state()).toBe("open");
  });

  it("admits only K trials at once while half-open and closes after all K succeed", async () => {
    const { instance } = breaker({ halfOpenTrials: 2 });
    await failTimes(instance, 3);
    vi.advanceTimersByTime(5000);
    const release: (() => void)[] = [];
    const slow = () => new Promise<string>((resolve) => release.push(() => resolve("trial")));
    const first = instance.call(slow);
    const second = instance.call(slow);
    await expect(instance.call(succeed)).rejects.toThrow(/no trial left/);
    expect(instance.snapshot().trialsInFlight).toBe(2);
    release[0]!();
    await first;
    expect(instance.state()).toBe("half_open");
    release[1]!();
    await second;
    expect(instance.state()).toBe("closed");
  });

  it("ignores a late failure from a call started before the circuit changed state", async () => {
    const { instance } = breaker({ halfOpenTrials: 1 });
    let rejectSlow: (error: Error) => void = () => undefined;
    const slow = instance.call(() => new Promise<never>((_resolve, reject) => (rejectSlow = reject)));
    await failTimes(instance, 3);
    vi.advanceTimersByTime(5000);
    await instance.call(succeed);
    expect(instance.state()).toBe("closed");
    rejectSlow(new Error("late"));
    await expect(slow).rejects.toThrow("late");
    expect(instance.state()).toBe("closed");
    expect(instance.snapshot().recentFailures).toBe(0);
  });

  it("takes the degrade path through the fallback while open", async () => {
    const { instance } = breaker();
    await failTimes(instance, 3);
    const fallback = vi.fn((rejection: CircuitOpenError) => `degraded: ${rejection.code}`);
    await expect(instance.call(succeed, fallback)).resolves.toBe("degraded: circuit_open");
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it("survives a throwing sink and refuses bad settings", async () => {
    const instance = createCircuitBreaker({
      failureThreshold: 1,
      windowMs: 10,
      coolDownMs: 10,
      now: () => Date.now(),
      sink: () => {
        throw new Error("sink down");
      },
    });
    await expect(instance.call(fail)).rejects.toThrow("dependency down");
    expect(instance.state()).toBe("open");
    expect(() => createCircuitBreaker({ failureThreshold: 0, windowMs: 1, coolDownMs: 1, now: Date.now })).toThrow(RangeError);
    expect(() => createCircuitBreaker({ failureThreshold: 1, windowMs: -1, coolDownMs: 1, now: Date.now })).toThrow(RangeError);
  });
});
