/**
 * The entry point of a compile worker thread (see worker-pool.ts): compiles one submitted
 * bundle at a time and reports the CPU time its own thread spent on it.
 */
import { createPrivateKey } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { ed25519Signer, keyIdOf } from "../evidence/keys.js";
import { compileBundle, renderAnswer, type CompileJob, type CompileSettings } from "./compile-bundle.js";
import { ownThreadStatDir, readCpuMs } from "./thread-cpu.js";
import type { JobMessage, WorkerMessage } from "./worker-pool.js";

/** What the server hands every worker. */
export interface CompileWorkerData {
  /** The signing key (PKCS#8 PEM), already checked by the server, when it has one. */
  signKeyPem?: string;
}

const port = parentPort;
if (!port) throw new Error("compile-worker.js runs only as a worker thread");
const data = (workerData ?? {}) as CompileWorkerData;
const settings: CompileSettings = { env: process.env };
if (data.signKeyPem !== undefined) {
  const key = createPrivateKey({ key: data.signKeyPem, format: "pem" });
  settings.signer = ed25519Signer(key);
  settings.keyid = keyIdOf(key);
}

const statDir = ownThreadStatDir();
// The thread's CPU time where Linux tells it, else the clock: never a mix of the two.
const cpuNow = statDir === undefined ? (): number => performance.now() : (): number => readCpuMs(statDir) ?? 0;

port.on("message", async (message: JobMessage) => {
  const start = cpuNow();
  let reply: WorkerMessage;
  try {
    const value = renderAnswer(await compileBundle(message.job as CompileJob, settings));
    reply = { type: "done", id: message.id, ok: true, value, cpuMs: cpuNow() - start };
  } catch (error) {
    reply = { type: "done", id: message.id, ok: false, error: error instanceof Error ? error.message : String(error), cpuMs: cpuNow() - start };
  }
  port.postMessage(reply);
});

// Load the emitters now, so that the first `?apply=1` does not pay for it inside its CPU budget.
await import("../../compiler/emit/index.js");
port.postMessage({ type: "ready", ...(statDir === undefined ? {} : { statDir }) } satisfies WorkerMessage);
