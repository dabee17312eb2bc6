import { Worker } from "node:worker_threads";
import { readCpuMs } from "./thread-cpu.js";

/** What a pool worker posts: once `ready` (with its thread's stat folder, if any), then one `done` per job. */
export type WorkerMessage =
  | { type: "ready"; statDir?: string }
  | { type: "done"; id: number; ok: true; value: unknown; cpuMs: number }
  | { type: "done"; id: number; ok: false; error: string; cpuMs: number };

/** What the pool posts to a worker: one job. */
export interface JobMessage {
  id: number;
  job: unknown;
}

/** Why a job gave no value. */
export type JobFailure =
  /** It used more CPU time than the budget: the job's own doing. */
  | "cpu"
  /** It ran longer than the wall-clock limit without exceeding its CPU budget: the machine is too busy. */
  | "wall"
  /** Its worker ran out of heap. */
  | "memory"
  /** The job threw, or its worker died. */
  | "crash"
  /** The pool was closed before the job ran. */
  | "closed";

/** The outcome of one job. */
export type JobOutcome<R> = { ok: true; value: R; cpuMs: number; runMs: number } | { ok: false; failure: JobFailure; message: string; cpuMs?: number };

/** How a pool runs its jobs. */
export interface WorkerPoolOptions {
  /** The worker's module (it must post {@link WorkerMessage}s). */
  script: URL;
  /** Worker threads, at least 1. */
  size: number;
  /** CPU milliseconds one job may use; the job is stopped (its worker terminated) beyond it. */
  cpuBudgetMs: number;
  /** Wall-clock milliseconds one job may run, whatever its CPU; a backstop against a starved machine. */
  wallBudgetMs: number;
  /** Heap limit of each worker (`maxOldGenerationSizeMb`). */
  memoryMb: number;
  /** Handed to every worker as `workerData`. */
  workerData?: unknown;
  /** How often running jobs' CPU is sampled, in ms (default 50). */
  sampleMs?: number;
}

interface Queued {
  id: number;
  job: unknown;
  transfer: readonly ArrayBuffer[];
  resolve(outcome: JobOutcome<unknown>): void;
}

interface Slot {
  worker: Worker;
  /** `starting` until the worker posts ready; `retiring` once it is being terminated. */
  state: "starting" | "ready" | "retiring";
  statDir?: string;
  running?: Queued & { startedAt: number; startCpu?: number };
  /** Settles once the worker has posted ready or exited. */
  settled: Promise<void>;
  settle(): void;
}

const MAX_START_FAILURES = 3;
/** How long close() waits for a starting worker to finish loading before it terminates it anyway. */
const START_GRACE_MS = 5000;

/**
 * A fixed set of worker threads running jobs one at a time each, in arrival order, so that a
 * heavy bundle occupies one worker and the others go on serving. Each job has a CPU budget,
 * sampled from the worker thread's own CPU time while it runs and checked again against the
 * time the worker reports when it finishes (so the verdict does not depend on when a sample
 * fell); a job over budget is answered `cpu` and its worker replaced. A wall-clock limit backs
 * this up (`wall`), and each worker has a heap limit (`memory`). A worker that dies is replaced;
 * one that cannot start three times in a row marks the pool broken.
 */
export class WorkerPool<J, R> {
  private readonly slots: Slot[] = [];
  private readonly queue: Queued[] = [];
  private nextId = 1;
  private closing = false;
  private startFailures = 0;
  private brokenReason: string | undefined;
  private sampler: NodeJS.Timeout | undefined;

  constructor(private readonly options: WorkerPoolOptions) {
    for (let i = 0; i < Math.max(1, options.size); i++) this.slots.push(this.spawn());
  }

  /** Jobs waiting for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Workers running a job. */
  get busy(): number {
    return this.slots.filter((slot) => slot.running).length;
  }

  /** Workers in the pool. */
  get size(): number {
    return this.slots.length;
  }

  /** Why the pool cannot run jobs (its workers fail to start), or undefined while it can. */
  get broken(): string | undefined {
    return this.brokenReason;
  }

  /** Runs `job` on the next free worker; never rejects. `transfer` lists buffers moved (not copied) to the worker. */
  run(job: J, transfer: readonly ArrayBuffer[] = []): Promise<JobOutcome<R>> {
    if (this.closing) return Promise.resolve({ ok: false, failure: "closed", message: "the server is shutting down" });
    if (this.brokenReason) return Promise.resolve({ ok: false, failure: "crash", message: this.brokenReason });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, transfer, resolve: resolve as Queued["resolve"] });
      this.dispatch();
    });
  }

  /** Terminates every worker; queued jobs are answered `closed`, running ones `crash`. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.sampler) clearInterval(this.sampler);
    for (const queued of this.queue.splice(0)) queued.resolve({ ok: false, failure: "closed", message: "the server is shutting down" });
    await Promise.all(
      this.slots.map(async (slot) => {
        const running = slot.running;
        slot.running = undefined;
        // Terminating a worker while it still loads its modules (an fs request in flight) can
        // abort the whole process on Node 20: let it finish starting first, within a grace period.
        if (slot.state === "starting") await settledWithin(slot.settled, START_GRACE_MS);
        await slot.worker.terminate();
        running?.resolve({ ok: false, failure: "crash", message: "the server shut down while the job ran" });
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.script, {
      workerData: this.options.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
    });
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const slot: Slot = { worker, state: "starting", settled, settle };
    worker.on("message", (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on("error", (error: Error & { code?: string }) => {
      const outOfMemory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      // The worker is gone or going: no job may be handed to it before its exit replaces it.
      if (slot.state === "ready") slot.state = "retiring";
      this.finish(slot, outOfMemory ? { ok: false, failure: "memory", message: `the job ran out of memory (${this.options.memoryMb} MB per worker)` } : { ok: false, failure: "crash", message: `the worker failed: ${error.message}` });
    });
    worker.on("exit", () => {
      slot.settle();
      this.onExit(slot);
    });
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === "ready") {
      slot.settle();
      if (slot.state === "starting") slot.state = "ready";
      if (message.statDir !== undefined) slot.statDir = message.statDir;
      this.startFailures = 0;
      this.dispatch();
      return;
    }
    const running = slot.running;
    if (!running || running.id !== message.id) return;
    if (message.cpuMs > this.options.cpuBudgetMs) {
      this.stop(slot, { ok: false, failure: "cpu", message: this.cpuMessage(message.cpuMs), cpuMs: message.cpuMs });
      return;
    }
    const runMs = performance.now() - running.startedAt;
    this.finish(slot, message.ok ? { ok: true, value: message.value, cpuMs: message.cpuMs, runMs } : { ok: false, failure: "crash", message: message.error, cpuMs: message.cpuMs });
    this.dispatch();
  }

  private cpuMessage(cpuMs: number): string {
    return `the bundle needed more than the CPU budget of ${this.options.cpuBudgetMs} ms (stopped after ${Math.round(cpuMs)} ms)`;
  }

  private onExit(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (slot.state === "starting") this.startFailures++;
    this.finish(slot, { ok: false, failure: "crash", message: "the worker exited while running the job" });
    if (this.closing || index === -1) return;
    if (this.startFailures >= MAX_START_FAILURES) {
      this.brokenReason = "the compile workers cannot start";
      this.slots.splice(index, 1);
      for (const queued of this.queue.splice(0)) queued.resolve({ ok: false, failure: "crash", message: this.brokenReason });
      return;
    }
    this.slots[index] = this.spawn();
  }

  /** Answers the slot's running job (once) and frees the slot. */
  private finish(slot: Slot, outcome: JobOutcome<unknown>): void {
    const running = slot.running;
    if (!running) return;
    slot.running = undefined;
    running.resolve(outcome);
    this.updateSampler();
  }

  /** Answers the slot's job and terminates its worker; `exit` then replaces it. */
  private stop(slot: Slot, outcome: JobOutcome<unknown>): void {
    slot.state = "retiring";
    this.finish(slot, outcome);
    void slot.worker.terminate();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.state !== "ready" || slot.running) continue;
      const next = this.queue.shift()!;
      const startCpu = slot.statDir === undefined ? undefined : readCpuMs(slot.statDir);
      slot.running = { ...next, startedAt: performance.now(), ...(startCpu === undefined ? {} : { startCpu }) };
      const message: JobMessage = { id: next.id, job: next.job };
      slot.worker.postMessage(message, [...next.transfer]);
    }
    this.updateSampler();
  }

  private updateSampler(): void {
    const anyRunning = this.slots.some((slot) => slot.running);
    if (anyRunning && !this.sampler) {
      this.sampler = setInterval(() => this.sample(), this.options.sampleMs ?? 50);
      this.sampler.unref();
    } else if (!anyRunning && this.sampler) {
      clearInterval(this.sampler);
      this.sampler = undefined;
    }
  }

  private sample(): void {
    const now = performance.now();
    for (const slot of this.slots) {
      const running = slot.running;
      if (!running) continue;
      const wall = now - running.startedAt;
      const current = slot.statDir === undefined ? undefined : readCpuMs(slot.statDir);
      const cpu = current !== undefined && running.startCpu !== undefined ? current - running.startCpu : wall;
      if (cpu > this.options.cpuBudgetMs) this.stop(slot, { ok: false, failure: "cpu", message: this.cpuMessage(cpu), cpuMs: cpu });
      else if (wall > this.options.wallBudgetMs) {
        this.stop(slot, { ok: false, failure: "wall", message: `the job ran longer than ${this.options.wallBudgetMs} ms on the clock while the machine was busy`, cpuMs: cpu });
      }
    }
  }
}

/** Resolves when `promise` does or after `ms`, whichever comes first. */
function settledWithin(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
