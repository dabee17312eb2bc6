import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import type { PolicyBudget, PolicyFailure, PolicyOutcome } from "../../compiler/policy/policy-host.js";
import { WASM_PAGE_BYTES } from "../../runtime/opa-module.js";
import { DEFAULT_ARCHIVE_LIMITS } from "../archive/archive-limits.js";
import type { PolicyJob, PolicyMessage } from "./policy-worker.js";

/**
 * How long the worker may take to start (load Node's worker, the SDK and the archive reader)
 * before its budget starts: generous, as a loaded CI machine starts threads slowly, and not
 * the policy's time.
 */
const STARTUP_PATIENCE_MS = 60_000;

/** The JavaScript heap a worker may use besides its policy's memory: parsed data and results. */
const BASE_HEAP_MB = 128;
/** The most JavaScript heap a worker gets, however large its policy's memory budget. */
const MAX_HEAP_MB = 2048;

/** What one policy evaluation is given. */
export interface PolicyRun {
  /** The policy file's bytes. */
  bytes: Uint8Array;
  /** The configured data object. */
  data?: Record<string, unknown>;
  entrypoints?: readonly string[];
  /** The input document, JSON. */
  input: string;
  budget: PolicyBudget;
}

/**
 * The built worker script: beside this module in the build; when this module runs from its
 * TypeScript sources (the test runner), the build's copy, which `npm test` makes first.
 */
export function policyWorkerScript(): URL | undefined {
  for (const candidate of ["./policy-worker.js", "../../dist/cli/policy/policy-worker.js"]) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/**
 * Loads and evaluates one policy on a worker thread, blocking until it finishes, fails, or
 * runs past its budget: `budget.timeoutMs` from the moment the worker is ready (then it is
 * terminated, whatever the policy was doing, an endless loop included), and
 * `budget.memoryMiB` of WebAssembly memory (the module's imported memory has that maximum,
 * so growing past it fails inside the policy), with the worker's JavaScript heap bounded too.
 * Blocking keeps `check` synchronous, as the parallel loader does. Never throws.
 */
export function runPolicy(run: PolicyRun, script: URL | undefined = policyWorkerScript()): PolicyOutcome {
  const results: { entrypoint: string; resultSet: unknown }[] = [];
  if (!script) return { results, failure: { kind: "stopped", detail: "its worker is missing from this installation of spec-kit (rebuild it)" } };
  const { MessageChannel, Worker, receiveMessageOnPort } = createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const input = new TextEncoder().encode(run.input);
  const job: PolicyJob = {
    bytes: run.bytes,
    input,
    maxMemoryPages: Math.floor((run.budget.memoryMiB * 1024 * 1024) / WASM_PAGE_BYTES),
    archiveLimits: DEFAULT_ARCHIVE_LIMITS,
    port: port2,
    signal,
  };
  if (run.data !== undefined) job.data = run.data;
  if (run.entrypoints !== undefined) job.entrypoints = [...run.entrypoints];
  let worker: Worker;
  try {
    worker = new Worker(script, {
      workerData: job,
      transferList: [port2, input.buffer as ArrayBuffer],
      // Piped, and never read: nothing the policy prints reaches the report.
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.min(MAX_HEAP_MB, BASE_HEAP_MB + 4 * run.budget.memoryMiB), maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
  } catch (error) {
    port1.close();
    return { results, failure: { kind: "stopped", detail: `its worker could not be started (${error instanceof Error ? error.message : String(error)})` } };
  }
  // Failures are answered through the port; an error event (such as running out of heap) changes nothing.
  worker.on("error", () => undefined);
  worker.unref();

  let failure: PolicyFailure | undefined;
  let selected: string[] | undefined;
  let available: string[] | undefined;
  let finished = false;
  let ready = false;
  let received = 0;
  let deadline = Date.now() + STARTUP_PATIENCE_MS;
  const take = (message: PolicyMessage): void => {
    if (message.type === "ready") {
      ready = true;
      deadline = Date.now() + run.budget.timeoutMs;
    } else if (message.type === "loaded") {
      selected = message.selected;
      available = message.available;
    } else if (message.type === "result") {
      results.push({ entrypoint: message.entrypoint, resultSet: message.resultSet });
    } else if (message.type === "failure") {
      failure = message.failure;
      finished = true;
    } else {
      finished = true;
    }
  };
  try {
    while (!finished) {
      const before = received;
      for (let next = receiveMessageOnPort(port1); next !== undefined && !finished; next = receiveMessageOnPort(port1)) {
        received++;
        take(next.message as PolicyMessage);
      }
      if (finished) break;
      const left = deadline - Date.now();
      if (left <= 0) break;
      const posted = Atomics.load(signal, 0);
      // A message counted but not yet receivable: look again shortly rather than spin.
      if (posted > received) Atomics.wait(signal, 0, posted, received > before ? 0 : 1);
      else Atomics.wait(signal, 0, posted, left);
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
  if (!finished) {
    const pending = selected?.find((entrypoint) => !results.some((result) => result.entrypoint === entrypoint));
    const detail = ready
      ? `it did not finish within its budget of ${run.budget.timeoutMs} ms and ${run.budget.memoryMiB} MiB`
      : `its worker did not start within ${STARTUP_PATIENCE_MS / 1000} s`;
    failure = { kind: "stopped", detail };
    if (pending !== undefined) failure.entrypoint = pending;
    if (available) failure.available = available;
  }
  return failure ? { results, failure } : { results };
}
