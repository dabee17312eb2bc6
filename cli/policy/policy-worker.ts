// A worker thread that loads one policy and evaluates its entrypoints for ./run-policy.ts,
// which waits for it under a time limit and terminates it when the limit passes. Only
// built-in modules are imported statically, so that a failure to load anything else is
// reported to the waiting thread as a message rather than lost.
import { workerData, type MessagePort } from "node:worker_threads";
import type { ArchiveLimits } from "../archive/archive-limits.js";
import type { PolicyFailure } from "../../compiler/policy/policy-host.js";

/** What the runner hands the worker. */
export interface PolicyJob {
  /** The policy file: an OPA bundle (tar or tar.gz) or a WebAssembly module. */
  bytes: Uint8Array;
  /** The configured data file's object, merged over the bundle's data.json. */
  data?: Record<string, unknown>;
  /** The entrypoints asked for; absent means every deny, warn and violation rule. */
  entrypoints?: string[];
  /** The input document as UTF-8 JSON. */
  input: Uint8Array;
  /** The policy's memory limit in 64 KiB pages. */
  maxMemoryPages: number;
  archiveLimits: ArchiveLimits;
  /** Where messages go, in order: ready, loaded, one result per entrypoint, then done (or a failure). */
  port: MessagePort;
  /** Incremented (and notified) after each message is posted. */
  signal: Int32Array;
}

/** A message from the worker. */
export type PolicyMessage =
  | { type: "ready" }
  | { type: "loaded"; available: string[]; selected: string[] }
  | { type: "result"; entrypoint: string; resultSet: unknown }
  | { type: "failure"; failure: PolicyFailure }
  | { type: "done" };

const job = workerData as PolicyJob;

function post(message: PolicyMessage): void {
  job.port.postMessage(message);
  Atomics.add(job.signal, 0, 1);
  Atomics.notify(job.signal, 0);
}

// A policy's print() and the SDK's warnings would otherwise reach the user's terminal.
for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) console[method] = () => undefined;

try {
  const [{ readPolicyFile }, { loadOpaPolicy, thrownText }, { selectEntrypoints }] = await Promise.all([
    import("./policy-file.js"),
    import("../../runtime/opa-policy.js"),
    import("../../compiler/policy/entrypoints.js"),
  ]);
  post({ type: "ready" });
  const failed = (failure: PolicyFailure): void => post({ type: "failure", failure });
  const file = await readPolicyFile(job.bytes, job.archiveLimits, job.data);
  if (!file.ok) {
    failed(file.failure);
  } else {
    const loaded = await loadOpaPolicy(file.wasm, job.maxMemoryPages);
    if (!loaded.ok) {
      failed({ kind: "refused", detail: file.fromBundle ? `holds a /policy.wasm that ${loaded.problem}` : loaded.problem });
    } else {
      const { policy } = loaded;
      const available = [...policy.entrypoints];
      const selection = selectEntrypoints(available, job.entrypoints);
      if (!selection.ok) {
        const failure: PolicyFailure = { kind: selection.kind, detail: "", available };
        if (selection.kind !== "no-rules") failure.entrypoint = selection.entrypoint;
        failed(failure);
      } else {
        post({ type: "loaded", available, selected: selection.selected });
        let ok = true;
        if (file.data !== undefined) {
          try {
            policy.setData(file.data);
          } catch (error) {
            ok = false;
            failed({ kind: "failed", detail: thrownText(error) });
          }
        }
        const input = job.input.buffer.slice(job.input.byteOffset, job.input.byteOffset + job.input.byteLength);
        for (const entrypoint of ok ? selection.selected : []) {
          let resultSet: unknown;
          try {
            resultSet = policy.evaluate(input, entrypoint);
          } catch (error) {
            failed({ kind: "failed", detail: thrownText(error), entrypoint });
            ok = false;
            break;
          }
          post({ type: "result", entrypoint, resultSet });
        }
        if (ok) post({ type: "done" });
      }
    }
  }
} catch (error) {
  post({ type: "failure", failure: { kind: "failed", detail: `the policy runner failed: ${error instanceof Error ? error.message : String(error)}` } });
}
