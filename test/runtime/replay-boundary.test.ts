import { describe, expect, it } from "vitest";
import { ReplayDivergenceError, SnapshotIntegrityError, createCallRecorder, createReplayBoundary, explainDivergence } from "../../runtime/index.js";
import { fixedNow } from "./gate-fixture.js";

const TRACE = { trace_id: "tr-p", session_id: "se-p", task_id: "ta-p", capability_id: "replay", version: "v1" };

async function recorded() {
  let live = 0;
  const recorder = createCallRecorder((request: { prompt: string; route: { provider: string } }) => {
    live += 1;
    return { answer: `${request.prompt}!`, tokens: request.prompt.length };
  });
  await recorder.call({ prompt: "a", route: { provider: "p1" } });
  await recorder.call({ prompt: "b", route: { provider: "p1" } });
  return { snapshot: recorder.snapshot(), live: () => live };
}

describe("explainDivergence", () => {
  it("names each differing field by path: changed, missing, unexpected", () => {
    expect(explainDivergence({ a: 1, b: { c: [1, 2] }, d: "x" }, { a: 1, b: { c: [1, 3, 4] }, e: true })).toEqual([
      { path: "$.b.c[1]", change: "changed", expected: 2, observed: 3 },
      { path: "$.b.c[2]", change: "unexpected", observed: 4 },
      { path: "$.d", change: "missing", expected: "x" },
      { path: "$.e", change: "unexpected", observed: true },
    ]);
    expect(explainDivergence({ "odd key": 1 }, { "odd key": 2 })).toEqual([{ path: '$["odd key"]', change: "changed", expected: 1, observed: 2 }]);
    expect(explainDivergence({ b: 1, a: 2 }, { a: 2, b: 1 })).toEqual([]);
    expect(explainDivergence(undefined, { a: 1 })).toEqual([{ path: "$", change: "unexpected", observed: { a: 1 } }]);
  });
});

describe("replay boundary", () => {
  it("answers every recorded call from the snapshot without calling anything live", async () => {
    const { snapshot, live } = await recorded();
    expect(live()).toBe(2);
    const boundary = createReplayBoundary(snapshot, { now: fixedNow, trace: TRACE });
    expect(await boundary.call({ route: { provider: "p1" }, prompt: "a" })).toEqual({ answer: "a!", tokens: 1 });
    expect(await boundary.call({ prompt: "b", route: { provider: "p1" } })).toEqual({ answer: "b!", tokens: 1 });
    expect(boundary.finish()).toEqual({ ok: true, steps: 2 });
    expect(live()).toBe(2);
    expect(boundary.log.records().map((r) => r.payload.type)).toEqual(["replay.started", "replay.finished"]);
  });

  it("explains the first divergence field by field with both digests, and refuses every later call", async () => {
    const { snapshot } = await recorded();
    const boundary = createReplayBoundary(snapshot, { now: fixedNow, trace: TRACE });
    await boundary.call({ prompt: "a", route: { provider: "p1" } });
    const error = await boundary.call({ prompt: "b", route: { provider: "p2" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayDivergenceError);
    const { divergence } = error as ReplayDivergenceError;
    expect(divergence).toMatchObject({ step: 1, kind: "request", expected_digest: snapshot.calls[1]!.request_digest, fields: [{ path: "$.route.provider", change: "changed", expected: "p1", observed: "p2" }] });
    expect(divergence.observed_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(divergence.observed_digest).not.toBe(divergence.expected_digest);
    await expect(boundary.call({ prompt: "b", route: { provider: "p1" } })).rejects.toBeInstanceOf(ReplayDivergenceError);
    expect(boundary.finish()).toMatchObject({ ok: false, divergence: { step: 1 } });
    const diverged = boundary.log.records().find((r) => r.payload.type === "replay.diverged")!;
    expect(diverged.payload).toMatchObject({ ...TRACE, data: { step: 1, kind: "request" } });
    expect(boundary.log.verify()).toMatchObject({ ok: true });
  });

  it("a call past the end and a recorded call never made are divergences", async () => {
    const { snapshot } = await recorded();
    const extra = createReplayBoundary(snapshot, { now: fixedNow, trace: TRACE });
    await extra.call({ prompt: "a", route: { provider: "p1" } });
    await extra.call({ prompt: "b", route: { provider: "p1" } });
    await expect(extra.call({ prompt: "c", route: { provider: "p1" } })).rejects.toMatchObject({ divergence: { step: 2, kind: "extra call", expected_digest: undefined } });
    const short = createReplayBoundary(snapshot, { now: fixedNow, trace: TRACE });
    await short.call({ prompt: "a", route: { provider: "p1" } });
    expect(short.finish()).toMatchObject({ ok: false, divergence: { step: 1, kind: "missing call", observed_digest: undefined } });
  });

  it("refuses a snapshot changed after recording", async () => {
    const { snapshot } = await recorded();
    const calls = snapshot.calls.map((c) => ({ ...c }));
    calls[0] = { ...calls[0]!, response: { answer: "forged", tokens: 1 } };
    expect(() => createReplayBoundary({ ...snapshot, calls }, { now: fixedNow, trace: TRACE })).toThrow(SnapshotIntegrityError);
    expect(() => createReplayBoundary({ ...snapshot, calls: snapshot.calls.slice(1) }, { now: fixedNow, trace: TRACE })).toThrow(SnapshotIntegrityError);
    expect(() => createReplayBoundary({ ...snapshot, calls: [...snapshot.calls, ...snapshot.calls.slice(0, 1)].map((c, i) => ({ ...c, step: i })) }, { now: fixedNow, trace: TRACE })).toThrow(SnapshotIntegrityError);
    expect(() => createReplayBoundary({ calls: "x" } as never, { now: fixedNow, trace: TRACE })).toThrow(SnapshotIntegrityError);
  });

  it("a response handed out is a copy: changing it does not change the snapshot", async () => {
    const { snapshot } = await recorded();
    const boundary = createReplayBoundary<unknown, { answer: string }>(snapshot, { now: fixedNow, trace: TRACE });
    const answer = await boundary.call({ prompt: "a", route: { provider: "p1" } });
    answer.answer = "mutated";
    expect(() => createReplayBoundary(snapshot, { now: fixedNow, trace: TRACE })).not.toThrow();
  });
});
