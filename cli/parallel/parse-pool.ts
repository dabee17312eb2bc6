import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { MessagePort, Worker } from "node:worker_threads";
import type { DetachedLoad, DetachedLoads, DocumentRequest } from "../../compiler/validate/detached-load.js";
import type { LoadLimits } from "../../compiler/load/source-document.js";

/** What the pool hands a worker. */
export interface ParseJob {
  root: string;
  requests: DocumentRequest[];
  /** Files the host's listing found as plain files (read without resolving links). */
  plainFiles: string[];
  limits: LoadLimits;
  /** Where the answer goes: `{ loads }` in request order, or `{ error }`. */
  port: MessagePort;
  /** Set to 1 (and notified) once the answer is posted. */
  signal: Int32Array;
}

/**
 * Below this many documents a second thread costs more (its start-up, copying the parsed values
 * back) than it saves: on the 2-core benchmark machine it lost at 1,000 and 3,000 phases and
 * gained 5-8% at 10,000.
 */
export const PARALLEL_MIN_DOCUMENTS = 4000;

/** How long to wait for the worker before loading its share in process after all. */
function patienceMs(documents: number): number {
  return 30_000 + 20 * documents;
}

/**
 * Starts loading the second half of `requests` on a worker thread while the caller loads the
 * first half itself; the lookup it returns answers for the worker's half, waiting (blocking,
 * so that the loader stays synchronous) for its single answer the first time it is asked.
 * Results come back by request index, so the outcome does not depend on timing. Returns
 * undefined (load everything in process) for small bundles, on one core, or when running
 * from sources; if the worker fails or times out, its share is loaded in process.
 */
export function startParallelLoad(
  root: string,
  requests: readonly DocumentRequest[],
  limits: LoadLimits,
  plainFiles: ReadonlySet<string>,
): DetachedLoads | undefined {
  if (requests.length < PARALLEL_MIN_DOCUMENTS || availableParallelism() < 2) return undefined;
  const script = new URL("./parse-worker.js", import.meta.url);
  if (!existsSync(fileURLToPath(script))) return undefined;
  // Loaded only here: every other run of the CLI does without it.
  const { MessageChannel, Worker, receiveMessageOnPort } = createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");
  const split = Math.floor(requests.length / 2);
  const theirs = requests.slice(split);
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const job: ParseJob = {
    root,
    requests: theirs,
    plainFiles: theirs.filter((request) => plainFiles.has(request.file)).map((request) => request.file),
    limits,
    port: port2,
    signal,
  };
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: job, transferList: [port2] });
  } catch {
    port1.close();
    return undefined;
  }
  // Failures are answered through the port; an error event after the answer changes nothing.
  worker.on("error", () => undefined);
  worker.unref();

  let answer: readonly DetachedLoad[] | null | undefined;
  const collect = (): readonly DetachedLoad[] | null => {
    const deadline = Date.now() + patienceMs(theirs.length);
    while (Atomics.load(signal, 0) === 0) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(signal, 0, 0, left) === "timed-out") break;
    }
    const message = receiveMessageOnPort(port1)?.message as { loads?: unknown } | undefined;
    port1.close();
    void worker.terminate();
    const loads = message?.loads;
    return Array.isArray(loads) && loads.length === theirs.length ? (loads as DetachedLoad[]) : null;
  };
  return (index) => {
    if (index < split) return undefined;
    if (answer === undefined) answer = collect();
    return answer?.[index - split];
  };
}
