import type { TokenTable } from "./tokens.js";

/** Everything `spec-kit serve` runs with, checked and defaulted by the command. */
export interface ServeConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Bearer tokens; without them every request acts for {@link LOCAL_TENANT} (loopback only). */
  tokens?: TokenTable;
  /** The `spec.logs` file. */
  logFile: string;
  /** The Ed25519 signing key for `?apply=1` evidence (PKCS#8 PEM text), when given. */
  signKeyPem?: string;
  workers: number;
  /** POST /specifications requests in flight (uploading, queued or running) before 503. */
  queue: number;
  /** The same, per tenant, before 429. */
  tenantQueue: number;
  /** Largest request body, in bytes (413 beyond). */
  maxBody: number;
  maxFiles: number;
  maxFileBytes: number;
  maxUnpackedBytes: number;
  /** CPU milliseconds one compile may use (422 beyond). */
  cpuBudgetMs: number;
  /** Wall-clock milliseconds one compile may run (503 beyond). */
  wallBudgetMs: number;
  workerMemoryMb: number;
  /** Time to receive a request's headers (408 and close beyond). */
  headerTimeoutMs: number;
  /** Time to receive a whole request, body included (408 and close beyond). */
  requestTimeoutMs: number;
  /** Idle time of a kept-alive connection between requests, and of a stalled response. */
  idleTimeoutMs: number;
  /** Time SIGTERM waits for in-flight requests before cutting them off. */
  drainTimeoutMs: number;
  /** Open GET /spec.logs responses at once (503 beyond). */
  maxStreams: number;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
}

/** The tenant of every request when the server runs without `--tokens`. */
export const LOCAL_TENANT = "local";

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || /^::ffff:127\./.test(bare);
}
