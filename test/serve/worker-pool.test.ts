import { afterEach, describe, expect, it } from "vitest";
import { WorkerPool, type WorkerPoolOptions } from "../../cli/serve/worker-pool.js";

type Job = { kind: "echo"; value: unknown } | { kind: "spin" | "throw" | "oom" | "exit" };

const SCRIPT = new URL("../fixtures/serve/test-worker.mjs", import.meta.url);
const pools: WorkerPool<Job, unknown>[] = [];

function pool(options: Partial<WorkerPoolOptions> = {}): WorkerPool<Job, unknown> {
  const created = new WorkerPool<Job, unknown>({ script: SCRIPT, size: 2, cpuBudgetMs: 400, wallBudgetMs: 120_000, memoryMb: 64, sampleMs: 20, ...options });
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close()));
});

describe("WorkerPool", () => {
  it("runs jobs on worker threads and gives back their values", async () => {
    const workers = pool();
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((value) => workers.run({ kind: "echo", value })));
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.value : outcome.failure))).toEqual([1, 2, 3, 4, 5]);
  });

  it("stops a job over its CPU budget while another worker goes on serving, then replaces the stopped worker", async () => {
    const workers = pool();
    const heavy = workers.run({ kind: "spin" });
    let heavyDone = false;
    void heavy.then(() => (heavyDone = true));
    // The light job is answered by the other worker while the heavy one still spins.
    const light = await workers.run({ kind: "echo", value: "light" });
    expect(light).toMatchObject({ ok: true, value: "light" });
    expect(heavyDone).toBe(false);

    const stopped = await heavy;
    expect(stopped).toMatchObject({ ok: false, failure: "cpu" });
    expect(!stopped.ok && stopped.message).toMatch(/CPU budget of 400 ms/);
    const after = await Promise.all([workers.run({ kind: "echo", value: 1 }), workers.run({ kind: "echo", value: 2 })]);
    expect(after.every((outcome) => outcome.ok)).toBe(true);
    expect(workers.size).toBe(2);
  });

  it("answers a job whose worker runs out of heap as memory, and keeps serving", async () => {
    const workers = pool({ size: 1, memoryMb: 32, cpuBudgetMs: 60_000 });
    expect(await workers.run({ kind: "oom" })).toMatchObject({ ok: false, failure: "memory" });
    expect(await workers.run({ kind: "echo", value: "after" })).toMatchObject({ ok: true, value: "after" });
  });

  it("answers a job that fails or kills its worker as a crash, and keeps serving", async () => {
    const workers = pool({ size: 1 });
    expect(await workers.run({ kind: "throw" })).toMatchObject({ ok: false, failure: "crash", message: "the job failed" });
    expect(await workers.run({ kind: "exit" })).toMatchObject({ ok: false, failure: "crash" });
    expect(await workers.run({ kind: "echo", value: "after" })).toMatchObject({ ok: true, value: "after" });
  });

  it("stops a job at the wall-clock limit when its CPU is not what keeps it (the budget is then the clock's)", async () => {
    const workers = pool({ size: 1, cpuBudgetMs: 60_000, wallBudgetMs: 300 });
    expect(await workers.run({ kind: "spin" })).toMatchObject({ ok: false, failure: "wall" });
  });

  it("queues jobs beyond its workers and answers them in turn; close answers what waits as closed", async () => {
    const workers = pool({ size: 1, cpuBudgetMs: 60_000 });
    await workers.run({ kind: "echo", value: "warm" });
    const spinning = workers.run({ kind: "spin" });
    const waiting = workers.run({ kind: "echo", value: "never" });
    expect(workers.busy).toBe(1);
    expect(workers.waiting).toBe(1);
    await workers.close();
    expect(await waiting).toMatchObject({ ok: false, failure: "closed" });
    expect(await spinning).toMatchObject({ ok: false, failure: "crash" });
    expect(await workers.run({ kind: "echo", value: 1 })).toMatchObject({ ok: false, failure: "closed" });
  });

  it("marks itself broken when its workers cannot start", async () => {
    const workers = pool({ script: new URL("../fixtures/serve/missing-worker.mjs", import.meta.url), size: 1 });
    const outcome = await workers.run({ kind: "echo", value: 1 });
    expect(outcome).toMatchObject({ ok: false, failure: "crash" });
    expect(workers.broken).toMatch(/cannot start/);
  });
});
