import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { pack, type Header } from "tar-stream";
import { BIN, REPO_ROOT } from "../cli/spawn-cli.js";

/** The project's own bundle, as the JSON form of POST /specifications takes it; and any folder as such a map. */
export { readTree, specsFiles } from "../helpers/tree-files.js";

/** A tar member for {@link tar}. */
export type Member = Partial<Header> & { name: string; body?: string | Buffer };

/** Packs members into a tar archive (uncompressed). */
export async function tar(members: readonly Member[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of packer) chunks.push(chunk as Buffer);
  })();
  for (const { body, ...header } of members) {
    await new Promise<void>((resolve, reject) =>
      packer.entry(header, body ?? (header.type === "file" || header.type === undefined ? "" : undefined), (error) => (error ? reject(error) : resolve())),
    );
  }
  packer.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A running `spec-kit serve` child process. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit status (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** How long a server may take to print its URL on a loaded machine. */
const START_TIMEOUT_MS = 60_000;

/** Starts `node dist/cli/main.js serve --port 0 ...args` and waits for its "listening on URL" line. */
export async function startServe(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ServeProcess> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first`);
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  delete env["NODE_OPTIONS"];
  const child = spawn(process.execPath, [BIN, "serve", "--host", "127.0.0.1", "--port", "0", ...args], { cwd: options.cwd ?? REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`spec-kit serve did not start:\n${out}\n${err}`)), START_TIMEOUT_MS);
    const look = (): void => {
      const match = /listening on (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`spec-kit serve exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
  return {
    url,
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `spec-kit serve ...args` expecting it to fail to start: its status and output. */
export async function serveFails(args: readonly string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, "serve", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
  const code = await new Promise<number | string>((resolve) => child.once("exit", (status, signal) => resolve(status ?? signal ?? "unknown")));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A POST /specifications with a JSON bundle. */
export function postJson(url: string, body: unknown, options: { token?: string; query?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${url}/specifications${options.query ?? ""}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A POST /specifications with an archive. */
export function postArchive(url: string, bytes: Uint8Array, options: { token?: string; type?: string } = {}): Promise<Response> {
  return fetch(`${url}/specifications`, {
    method: "POST",
    headers: { "content-type": options.type ?? "application/gzip", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: bytes,
  });
}

/** The NDJSON lines of a response, parsed. */
export async function ndjson(response: Response): Promise<{ seq: number; prev: string; hash: string; payload: Record<string, unknown> }[]> {
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { seq: number; prev: string; hash: string; payload: Record<string, unknown> });
}

/** True once `file` exists and is not empty. */
export function nonEmpty(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

/** Timeout for a test that starts servers: generous, as CI runs many test files at once on 2 cores. */
export const SERVE_TEST_TIMEOUT_MS = 180_000;

/** A request written by hand on a raw socket: what the server answered, and whether it closed the connection. */
export interface RawExchange {
  /** Writes more bytes of the request. */
  write(bytes: string | Buffer): void;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server (or the network) closes the connection, with everything received. */
  closed: Promise<string>;
  destroy(): void;
}

/** Opens a connection to `url`'s host and port and writes `head` (more may follow through `write`). */
export async function rawRequest(url: string, head: string): Promise<RawExchange> {
  const { connect } = await import("node:net");
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let data = "";
  socket.setEncoding("utf8").on("data", (chunk: string) => (data += chunk));
  const closed = new Promise<string>((resolve) => socket.once("close", () => resolve(data)));
  socket.on("error", () => undefined);
  if (head !== "") socket.write(head);
  return { write: (bytes) => void socket.write(bytes), received: () => data, closed, destroy: () => socket.destroy() };
}

/** Polls `probe` until it returns true (at most `attempts` times, 100 ms apart); for states reached asynchronously, not for timing. */
export async function eventually(probe: () => boolean | Promise<boolean>, attempts = 600): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the expected state was not reached");
}

/** The server's /healthz answer. */
export async function health(url: string): Promise<{ status: string; log: { records: number }; queue: { in_flight: number; waiting: number } }> {
  return (await (await fetch(`${url}/healthz`)).json()) as { status: string; log: { records: number }; queue: { in_flight: number; waiting: number } };
}
