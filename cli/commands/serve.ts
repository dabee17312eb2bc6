import { availableParallelism } from "node:os";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { ExitCode } from "../exit-code.js";
import { withExamples } from "./examples.js";
import { defineCommand } from "./command.js";

/** The flags of `spec-kit serve`, as yargs gives them. */
interface ServeFlags {
  host?: unknown;
  port?: unknown;
  tokens?: unknown;
  log?: unknown;
  "sign-key"?: unknown;
  workers?: unknown;
  queue?: unknown;
  "tenant-queue"?: unknown;
  "max-body"?: unknown;
  "max-files"?: unknown;
  "max-file-bytes"?: unknown;
  "max-unpacked"?: unknown;
  "cpu-budget"?: unknown;
  "wall-budget"?: unknown;
  "worker-memory"?: unknown;
  "header-timeout"?: unknown;
  "request-timeout"?: unknown;
  "idle-timeout"?: unknown;
  "drain-timeout"?: unknown;
  "max-streams"?: unknown;
  "log-level"?: unknown;
  "verify-log"?: unknown;
}

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** A byte count: a whole number, optionally with B, KiB, MiB or GiB. */
export function parseSize(flag: string, value: unknown): number {
  const match = typeof value === "string" || typeof value === "number" ? /^\s*(\d{1,12})\s*(b|kib|mib|gib)?\s*$/i.exec(String(value)) : null;
  const bytes = match ? Number(match[1]) * SIZE_UNITS[(match[2] ?? "").toLowerCase()]! : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new CliError(`--${flag} takes a size such as 16MiB, 512KiB or 1048576, not ${JSON.stringify(value)}`);
  return bytes;
}

/** A whole number between `min` and `max`. */
function parseCount(flag: string, value: unknown, min: number, max = 1_000_000_000): number {
  const number = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max) throw new CliError(`--${flag} takes a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return number;
}

function parseText(flag: string, value: unknown): string {
  if (typeof value !== "string" || value === "") throw new CliError(`--${flag} takes one value`);
  return value;
}

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** Checks the flags, loads tokens and key, opens the log and serves until SIGTERM or SIGINT. */
async function runServe(args: ServeFlags, io: CliIo): Promise<number> {
  const [{ readTokensFile }, { isLoopback, LOCAL_TENANT }, { scanLog, SpecLog, SpecLogError }] = await Promise.all([
    import("../serve/tokens.js"),
    import("../serve/serve-config.js"),
    import("../serve/spec-log.js"),
  ]);
  const logFile = parseText("log", args.log);
  if (args["verify-log"] === true) {
    let scan;
    try {
      scan = scanLog(logFile);
    } catch (error) {
      if (error instanceof SpecLogError) throw new CliError(error.message);
      throw error;
    }
    if (scan.broken) {
      io.stderr.write(`${logFile}:${scan.broken.line}: the log is broken: the record ${scan.broken.reason}\n`);
      return ExitCode.failure;
    }
    if (scan.tornTail) {
      io.stderr.write(`${logFile}: ${scan.offsets.length} records chain correctly, but the last line is torn (${scan.tornTail.length} bytes after the last newline: a write a crash interrupted); "spec-kit serve" saves and removes it when it starts\n`);
      return ExitCode.failure;
    }
    io.stdout.write(`${logFile}: ${scan.offsets.length} records, the chain is whole${scan.offsets.length > 0 ? ` (head ${scan.head.hash})` : ""}\n`);
    return ExitCode.ok;
  }

  const host = parseText("host", args.host);
  const port = parseCount("port", args.port, 0, 65535);
  const tokens = args.tokens === undefined ? undefined : readTokensFile(parseText("tokens", args.tokens));
  if (!tokens && !isLoopback(host)) {
    throw new CliError(`--host ${host} is reachable from other machines: give --tokens FILE (without tokens the server listens on a loopback address only)`);
  }
  const cpuBudgetMs = parseCount("cpu-budget", args["cpu-budget"], 1);
  const logLevel = String(args["log-level"]);
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new CliError(`--log-level takes one of ${LOG_LEVELS.join(", ")}`);

  const { sourceDateTime } = await import("../evidence/source-date.js");
  sourceDateTime(io.env);
  let signKeyPem: string | undefined;
  if (args["sign-key"] !== undefined) {
    const { readPrivateKey } = await import("../evidence/keys.js");
    signKeyPem = readPrivateKey(parseText("sign-key", args["sign-key"])).export({ type: "pkcs8", format: "pem" }).toString();
  }
  const queue = parseCount("queue", args.queue, 1);
  const config = {
    host,
    port,
    ...(tokens ? { tokens } : {}),
    logFile,
    ...(signKeyPem === undefined ? {} : { signKeyPem }),
    workers: parseCount("workers", args.workers, 1, 256),
    queue,
    tenantQueue: args["tenant-queue"] === undefined ? queue : parseCount("tenant-queue", args["tenant-queue"], 1),
    maxBody: parseSize("max-body", args["max-body"]),
    maxFiles: parseCount("max-files", args["max-files"], 1),
    maxFileBytes: parseSize("max-file-bytes", args["max-file-bytes"]),
    maxUnpackedBytes: parseSize("max-unpacked", args["max-unpacked"]),
    cpuBudgetMs,
    wallBudgetMs: args["wall-budget"] === undefined ? Math.max(cpuBudgetMs * 6, 10_000) : parseCount("wall-budget", args["wall-budget"], 1),
    workerMemoryMb: parseCount("worker-memory", args["worker-memory"], 32),
    headerTimeoutMs: parseCount("header-timeout", args["header-timeout"], 100),
    requestTimeoutMs: parseCount("request-timeout", args["request-timeout"], 100),
    idleTimeoutMs: parseCount("idle-timeout", args["idle-timeout"], 100),
    drainTimeoutMs: parseCount("drain-timeout", args["drain-timeout"], 0),
    maxStreams: parseCount("max-streams", args["max-streams"], 1),
    logLevel: logLevel as (typeof LOG_LEVELS)[number],
  };

  let opened;
  try {
    opened = await SpecLog.open(logFile);
  } catch (error) {
    if (error instanceof SpecLogError) throw new CliError(error.message);
    throw error;
  }
  const { log, recovery } = opened;
  const { startServer } = await import("../serve/server.js");
  let server;
  try {
    server = await startServer(config, log, process.stderr);
  } catch (error) {
    await log.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot listen on ${host}:${port} (${code ?? (error as Error).message})`);
  }
  if (recovery) {
    io.stderr.write(`spec-kit serve: ${logFile} ended in a torn line (${recovery.bytes} bytes, a write a crash interrupted): saved to ${recovery.savedAs}, cut off, and noted as record ${recovery.seq}\n`);
  }
  const who = tokens ? `${tokens.size} ${tokens.size === 1 ? "token" : "tokens"}` : `no tokens: every request acts for tenant "${LOCAL_TENANT}"`;
  io.stdout.write(`spec-kit serve: listening on ${server.url} (log ${logFile}, ${log.length} records; ${who})\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const done = (name: NodeJS.Signals): void => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve(name);
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
  // A second signal while draining stops at once.
  const hurry = (): never => {
    io.stderr.write("spec-kit serve: second signal: exiting without draining\n");
    process.exit(ExitCode.failure);
  };
  process.once("SIGINT", hurry);
  process.once("SIGTERM", hurry);
  io.stdout.write(`spec-kit serve: ${signal}: draining in-flight requests, then closing the log\n`);
  const drained = await server.close();
  process.off("SIGINT", hurry);
  process.off("SIGTERM", hurry);
  io.stdout.write(drained ? `spec-kit serve: stopped (log ${logFile}, ${log.length} records)\n` : `spec-kit serve: stopped after the drain timeout; some requests were cut off (log ${logFile}, ${log.length} records)\n`);
  return drained ? ExitCode.ok : ExitCode.failure;
}

/** `spec-kit serve`: the Spec Kit Interpreter service (POST /specifications, GET /spec.logs). */
export const serveCommand = defineCommand({
  command: "serve",
  describe: "run the Interpreter service: POST /specifications checks (and applies) bundles, GET /spec.logs streams the audit log",
  builder: (argv) =>
    withExamples(
      argv
        .option("host", { type: "string", default: "127.0.0.1", describe: "address to listen on; an address other machines can reach needs --tokens" })
        .option("port", { type: "number", default: 8080, describe: "port to listen on (0 picks a free one; the chosen URL is printed)" })
        .option("tokens", { type: "string", requiresArg: true, describe: 'bearer tokens: a JSON file {"<token>": {"tenant": "acme"}}; without it every request acts for tenant "local"' })
        .option("log", { type: "string", default: "spec.logs", requiresArg: true, describe: "the hash-chained audit log (NDJSON), created if missing" })
        .option("sign-key", { type: "string", requiresArg: true, describe: "sign the evidence of ?apply=1 with this Ed25519 private key (PKCS#8 PEM)" })
        .option("workers", { type: "number", default: availableParallelism(), defaultDescription: "the number of CPUs", describe: "compile worker threads" })
        .option("queue", { type: "number", default: 128, describe: "bundles in flight (uploading, waiting or compiling) before 503 with Retry-After" })
        .option("tenant-queue", { type: "number", describe: "bundles in flight for one tenant before 429 with Retry-After (default: --queue)" })
        .option("max-body", { type: "string", default: "16MiB", describe: "largest request body (413 beyond)" })
        .option("max-files", { type: "number", default: 10000, describe: "most files in one bundle (413 beyond)" })
        .option("max-file-bytes", { type: "string", default: "5MiB", describe: "largest file in a bundle (413 beyond)" })
        .option("max-unpacked", { type: "string", default: "64MiB", describe: "largest bundle after decompression, all files together (413 beyond)" })
        .option("cpu-budget", { type: "number", default: 10000, describe: "CPU milliseconds one bundle may take (422 with a serve/cpu-budget diagnostic beyond)" })
        .option("wall-budget", { type: "number", describe: "wall-clock milliseconds one compile may run (503 beyond; default 6 x --cpu-budget, at least 10000)" })
        .option("worker-memory", { type: "number", default: 512, describe: "heap limit of each worker in MB (422 with serve/memory-budget beyond)" })
        .option("header-timeout", { type: "number", default: 10000, describe: "ms to receive a request's headers (408 and close beyond)" })
        .option("request-timeout", { type: "number", default: 60000, describe: "ms to receive a whole request, body included (408 and close beyond)" })
        .option("idle-timeout", { type: "number", default: 5000, describe: "ms a kept-alive connection may idle, and a response may stall unread" })
        .option("drain-timeout", { type: "number", default: 30000, describe: "ms SIGTERM waits for in-flight requests before cutting them off (then exit 1)" })
        .option("max-streams", { type: "number", default: 256, describe: "open GET /spec.logs responses (503 beyond)" })
        .option("log-level", { type: "string", default: "info", describe: `request log level on stderr (JSON lines): ${LOG_LEVELS.join(", ")}` })
        .option("verify-log", { type: "boolean", describe: "only check the log's hash chain and whether its last line is whole, then exit (0 whole, 1 not)" }),
      [
        ["$0 serve --port 8080", "serve on 127.0.0.1:8080, every request as tenant local"],
        ["$0 serve --host 0.0.0.0 --tokens tokens.json --sign-key keys/spec-kit.key.pem", "serve the network with bearer tokens and signed evidence"],
        ["$0 serve --log spec.logs --verify-log", "check an audit log's chain and exit"],
        ["tar czf bundle.tgz -C specs .", "pack the bundle in specs/ as a gzip'd tar"],
        ["curl -H 'Content-Type: application/gzip' --data-binary @bundle.tgz localhost:8080/specifications", "check the packed bundle"],
      ],
    ),
  run: (args, io) => runServe(args, io),
});
