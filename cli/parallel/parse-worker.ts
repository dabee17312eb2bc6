// A worker thread that reads, parses and schema-checks a share of a large bundle's documents
// for the CLI's host (see ./parse-pool.ts). Only built-in modules are imported statically,
// so that any failure to load the compiler is caught and reported to the waiting thread.
import { workerData } from "node:worker_threads";
import type { DetachedLoad } from "../../compiler/validate/detached-load.js";
import type { ParseJob } from "./parse-pool.js";

const job = workerData as ParseJob;
try {
  const [{ createNodeHost }, { detachLoad }, { takeBack }] = await Promise.all([
    import("../node-host.js"),
    import("../../compiler/validate/detached-load.js"),
    import("./parse-pool.js"),
  ]);
  const host = createNodeHost(job.root, { plainFiles: job.plainFiles, parallel: false });
  for (let chunk = takeBack(job.shared); chunk >= 0; chunk = takeBack(job.shared)) {
    const loads: DetachedLoad[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const request of job.requests.slice(chunk * job.chunkSize, (chunk + 1) * job.chunkSize)) {
      const load = detachLoad(request, host.readFile(request.file, job.limits.maxBytes), job.limits);
      if ("marks" in load && load.marks) transfer.push(load.marks.buffer as ArrayBuffer);
      loads.push(load);
    }
    job.port.postMessage({ chunk, loads }, transfer);
    Atomics.add(job.shared, 1, 1);
    Atomics.notify(job.shared, 1);
  }
  job.port.postMessage({ done: true });
} catch (error) {
  job.port.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  Atomics.add(job.shared, 1, 1);
  Atomics.notify(job.shared, 1);
  job.port.close();
}
