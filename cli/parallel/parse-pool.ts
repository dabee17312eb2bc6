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
  /** Requests per chunk: chunk `c` holds requests `c * chunkSize` up to the next chunk's. */
  chunkSize: number;
  /**
   * Shared state: slot 0 holds the chunks not yet taken, the next from the front in its low
   * 16 bits, the end of the untaken range in its high 16 bits (see `takeFront`, `takeBack`);
   * slot 1 counts the messages the worker posted (notified on each).
   */
  shared: Int32Array;
  /** Where answers go: `{ chunk, loads }` per chunk taken, then `{ done: true }`, or `{ error }`. */
  port: MessagePort;
}

/** Takes the next chunk from the front of the untaken range (the main thread does); -1 when none is left. */
export function takeFront(shared: Int32Array): number {
  for (;;) {
    const state = Atomics.load(shared, 0);
    const front = state & 0xffff;
    const back = state >>> 16;
    if (front >= back) return -1;
    if (Atomics.compareExchange(shared, 0, state, (back << 16) | (front + 1)) === state) return front;
  }
}

/** Takes the last chunk of the untaken range (the worker does); -1 when none is left. */
export function takeBack(shared: Int32Array): number {
  for (;;) {
    const state = Atomics.load(shared, 0);
    const front = state & 0xffff;
    const back = state >>> 16;
    if (front >= back) return -1;
    if (Atomics.compareExchange(shared, 0, state, ((back - 1) << 16) | front) === state) return back - 1;
  }
}

/**
 * Below this many documents a second thread costs more (its start-up, copying the parsed values
 * back) than it saves: on the 2-core benchmark machine it lost at 1,000 and 3,000 phases and
 * gained 5-8% at 10,000.
 */
export const PARALLEL_MIN_DOCUMENTS = 4000;

/** Requests per chunk: small enough that neither thread waits long for the other's last one. */
const CHUNK_SIZE = 200;

/** How long to wait for the worker's chunk before loading it in process after all. */
function patienceMs(documents: number): number {
  return 30_000 + 20 * documents;
}

/**
 * Loads a large bundle's documents on two threads: the caller loads chunks of requests from
 * the front, in order, while a worker thread takes chunks from the back, so that neither
 * waits for the other until they meet (whichever thread is slower, or starts later, simply
 * takes fewer chunks). The lookup it returns answers for the worker's chunks, waiting
 * (blocking, so that the loader stays synchronous) when the caller reaches one the worker has
 * not finished; for every other request it answers undefined, and the caller loads that one
 * itself. Results are by request index, so the outcome does not depend on timing. Returns
 * undefined (load everything in process) for small bundles, on one core, or when running
 * from sources; if the worker fails or times out, its chunks are loaded in process.
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
  const chunks = Math.ceil(requests.length / CHUNK_SIZE);
  if (chunks > 0xffff) return undefined;
  const shared = new Int32Array(new SharedArrayBuffer(8));
  shared[0] = chunks << 16;
  const { port1, port2 } = new MessageChannel();
  const job: ParseJob = {
    root,
    requests: [...requests],
    plainFiles: requests.filter((request) => plainFiles.has(request.file)).map((request) => request.file),
    limits,
    chunkSize: CHUNK_SIZE,
    shared,
    port: port2,
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

  /** The next chunk the caller needs, and whether the caller took it. */
  let nextChunk = 0;
  let ownChunk = -1;
  const answers = new Map<number, readonly DetachedLoad[]>();
  /** Set once the worker said it is done or failed, or did not answer in time. */
  let finished = false;
  let seen = 0;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    port1.close();
    void worker.terminate();
  };
  const drain = (): void => {
    for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1)) {
      const answer = message.message as { chunk?: unknown; loads?: unknown; done?: unknown; error?: unknown };
      if (typeof answer.chunk === "number" && Array.isArray(answer.loads)) answers.set(answer.chunk, answer.loads as DetachedLoad[]);
      else finish();
    }
  };
  /** The worker's answer for a chunk it took, or undefined (load it in process) once it cannot come. */
  const awaitChunk = (chunk: number): readonly DetachedLoad[] | undefined => {
    const deadline = Date.now() + patienceMs(CHUNK_SIZE * (chunks - chunk));
    for (;;) {
      if (!finished) drain();
      const answer = answers.get(chunk);
      if (answer || finished) return answer;
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(shared, 1, seen, left) === "timed-out") {
        finish();
        return undefined;
      }
      seen = Atomics.load(shared, 1);
    }
  };
  const lookup = (index: number): DetachedLoad | undefined => {
    const chunk = Math.floor(index / CHUNK_SIZE);
    if (chunk === ownChunk) return undefined;
    if (chunk === nextChunk) {
      nextChunk++;
      if (takeFront(shared) === chunk) {
        ownChunk = chunk;
        return undefined;
      }
    }
    const loads = awaitChunk(chunk);
    if (loads && index === Math.min(requests.length, (chunk + 1) * CHUNK_SIZE) - 1) answers.delete(chunk);
    return loads?.[index - chunk * CHUNK_SIZE];
  };
  return (index) => {
    const load = lookup(index);
    if (index === requests.length - 1) finish();
    return load;
  };
}
