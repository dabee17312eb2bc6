import { createHash, randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { LineIndex } from "../../compiler/load/line-index.js";
import { parseJson } from "../../compiler/load/json-parser.js";
import { parseMessage } from "../../compiler/load/parse-messages.js";
import { MANIFEST_NAMES } from "../../compiler/constants.js";
import { filesFromArchive, filesFromJson, type UploadLimits, type UploadResult } from "./bundle-upload.js";
import type { CompileJob, RenderedAnswer } from "./compile-bundle.js";
import type { CompileWorkerData } from "./compile-worker.js";
import { LOG_QUERY_SCHEMA, SPECIFICATIONS_BODY_SCHEMA, SPECIFICATIONS_QUERY_SCHEMA } from "./http-schemas.js";
import { TenantLogStream } from "./log-stream.js";
import { createMetrics } from "./metrics.js";
import { LOCAL_TENANT, type ServeConfig } from "./serve-config.js";
import type { LogPayload, SpecLog } from "./spec-log.js";
import { bearerToken, type Principal } from "./tokens.js";
import { WorkerPool, type JobOutcome } from "./worker-pool.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who the request acts for, once authenticated. */
    principal?: Principal;
    /** The request's place among those in flight (POST /specifications only). */
    admission?: Admission;
    /** Digest and size of the body as received, once parsed. */
    bodyDigest?: { sha256: string; bytes: number; form: "json" | "archive" };
    /** Set once the request's audit record is on disk, so that it gets exactly one. */
    audited?: boolean;
  }
  interface FastifyContextConfig {
    /** The route needs a bearer token (when the server has tokens). */
    auth?: boolean;
  }
}

/** A request's place among those in flight; given back when both the response and the handler are done. */
class Admission {
  private holds = 1;

  constructor(private readonly release: () => void) {}

  /** Keeps the place while the handler works (a client that hangs up does not free it early). */
  hold(): void {
    this.holds++;
  }

  /** Gives back one hold; the place is freed with the last. */
  drop(): void {
    if (this.holds <= 0) return;
    this.holds--;
    if (this.holds === 0) this.release();
  }
}

/** An HTTP error answered as `{"error": {"status", "code", "message"}}`. */
class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port`. */
  url: string;
  /** Stops accepting, ends log streams, drains in-flight requests (cut off after the drain timeout), closes the workers and the log. Resolves true when everything drained in time. */
  close(): Promise<boolean>;
}

const ARCHIVE_TYPES = ["application/gzip", "application/x-gzip", "application/x-tar", "application/tar", "application/tar+gzip", "application/octet-stream"];

/**
 * Builds and starts the Interpreter service on `config`, appending to the already opened
 * `log`. The routes: `POST /specifications`, `GET /spec.logs`, `GET /healthz`, `GET /metrics`.
 */
export async function startServer(config: ServeConfig, log: SpecLog, stderr: NodeJS.WritableStream): Promise<RunningServer> {
  const pool = new WorkerPool<CompileJob, RenderedAnswer>({
    script: new URL("./compile-worker.js", import.meta.url),
    size: config.workers,
    cpuBudgetMs: config.cpuBudgetMs,
    wallBudgetMs: config.wallBudgetMs,
    memoryMb: config.workerMemoryMb,
    workerData: (config.signKeyPem === undefined ? {} : { signKeyPem: config.signKeyPem }) satisfies CompileWorkerData,
  });
  const metrics = createMetrics(() => ({ queued: pool.waiting, busyWorkers: pool.busy }));
  const limits: UploadLimits = { maxFiles: config.maxFiles, maxFileBytes: config.maxFileBytes, maxUnpackedBytes: config.maxUnpackedBytes };
  const inFlight = { total: 0, byTenant: new Map<string, number>() };
  const streams = new Set<TenantLogStream>();
  let averageJobMs = 250;
  let closing = false;

  const app: FastifyInstance = Fastify({
    logger: config.logLevel === "silent" ? false : { level: config.logLevel, stream: stderr, base: { service: "spec-kit" } },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBody,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.idleTimeoutMs,
    connectionTimeout: 0,
    http: { headersTimeout: config.headerTimeoutMs, connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.headerTimeoutMs / 4))) },
    genReqId: () => randomUUID(),
    exposeHeadRoutes: false,
    requestIdHeader: false,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
  });

  /** Seconds a refused client should wait: about the time the jobs waiting now take to start, from the recent time a job runs. */
  const retryAfter = (): string => String(Math.min(60, Math.max(1, Math.ceil((averageJobMs * (pool.waiting + 1)) / Math.max(1, pool.size) / 1000))));

  async function record(payload: LogPayload, request?: FastifyRequest): Promise<{ seq: number; hash: string }> {
    if (request) request.audited = true;
    try {
      const appended = await log.append(payload);
      metrics.logRecords.inc();
      return { seq: appended.seq, hash: appended.hash };
    } catch (error) {
      app.log.error({ err: error }, "spec.logs append failed");
      throw new HttpProblem(503, "log-unavailable", "the audit log cannot be written; the request was not recorded and is refused");
    }
  }

  /** The audit record of a POST /specifications answered without a compile (refused, or over a limit). */
  function refusalRecord(request: FastifyRequest, status: number, reason: string): LogPayload {
    return {
      tenant: request.principal!.tenant,
      kind: "specification",
      request_id: request.id,
      recorded_at: new Date().toISOString(),
      status,
      verdict: "refused",
      reason,
      ...(request.bodyDigest ? { body: { sha256: request.bodyDigest.sha256, bytes: request.bodyDigest.bytes, form: request.bodyDigest.form } } : {}),
    };
  }

  function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
    for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
    return reply.code(problem.statusCode).send({ error: { status: problem.statusCode, code: problem.code, message: problem.message } });
  }

  // Authentication, tenancy and admission, before any body is read.
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (!request.routeOptions.config.auth) return;
    if (!config.tokens) {
      request.principal = { tenant: LOCAL_TENANT };
    } else {
      const header = request.headers.authorization;
      const token = bearerToken(header);
      const principal = token === undefined ? undefined : config.tokens.authenticate(token);
      if (!principal) {
        const challenge = header === undefined ? 'Bearer realm="spec-kit"' : 'Bearer realm="spec-kit", error="invalid_token"';
        throw new HttpProblem(401, "unauthorized", header === undefined ? "a bearer token is required (Authorization: Bearer <token>)" : "the bearer token is not valid", { "www-authenticate": challenge });
      }
      request.principal = principal;
    }
    const asked = (request.query as { tenant?: unknown }).tenant;
    if (asked !== undefined && asked !== request.principal.tenant) {
      const route = `${request.method} ${request.routeOptions.url ?? ""}`;
      await record({ tenant: request.principal.tenant, kind: "access-denied", request_id: request.id, recorded_at: new Date().toISOString(), route, status: 403, asked_tenant: String(asked) }, request);
      throw new HttpProblem(403, "forbidden", "the token's tenant may not act for another tenant");
    }
    if (request.routeOptions.url !== "/specifications") return;
    const tenant = request.principal.tenant;
    const mine = inFlight.byTenant.get(tenant) ?? 0;
    if (inFlight.total >= config.queue) {
      metrics.saturated.inc({ reason: "queue" });
      await record(refusalRecord(request, 503, "the server is saturated"), request);
      throw new HttpProblem(503, "saturated", `the server has ${inFlight.total} bundles in flight; retry later`, { "retry-after": retryAfter() });
    }
    if (mine >= config.tenantQueue) {
      metrics.saturated.inc({ reason: "tenant_queue" });
      await record(refusalRecord(request, 429, "the tenant has too many bundles in flight"), request);
      throw new HttpProblem(429, "too-many-requests", `tenant ${tenant} has ${mine} bundles in flight, the most allowed; retry later`, { "retry-after": retryAfter() });
    }
    inFlight.total++;
    inFlight.byTenant.set(tenant, mine + 1);
    metrics.inFlight.set(inFlight.total);
    const admission = new Admission(() => {
      inFlight.total--;
      const left = (inFlight.byTenant.get(tenant) ?? 1) - 1;
      if (left === 0) inFlight.byTenant.delete(tenant);
      else inFlight.byTenant.set(tenant, left);
      metrics.inFlight.set(inFlight.total);
    });
    request.admission = admission;
    reply.raw.once("close", () => admission.drop());
  });

  // A response the client stops reading may not hold its connection (and its place) for ever.
  app.addHook("onSend", async (request, _reply, payload) => {
    if (!(payload instanceof TenantLogStream)) request.raw.socket?.setTimeout(config.idleTimeoutMs);
    return payload;
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, tenant: request.principal?.tenant ?? null, ms: Math.round(reply.elapsedTime * 10) / 10, remote: request.ip },
      "request",
    );
  });

  // The strict JSON parser of bundle files: duplicate keys are refused, as in the loader.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body as string;
    request.bodyDigest = { sha256: `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`, bytes: Buffer.byteLength(text, "utf8"), form: "json" };
    const parsed = parseJson(text, { maxDepth: 16, lines: new LineIndex(text) });
    if (parsed.ok) return done(null, parsed.value);
    const at = new LineIndex(text).position(parsed.error.start);
    done(new HttpProblem(400, "malformed-json", `the body is not valid JSON: ${at.line}:${at.column}: ${parseMessage(parsed.error.id, parsed.error.data)}`), undefined);
  });
  app.addContentTypeParser(ARCHIVE_TYPES, { parseAs: "buffer" }, (request, body, done) => {
    const bytes = body as Buffer;
    request.bodyDigest = { sha256: `sha256:${createHash("sha256").update(bytes).digest("hex")}`, bytes: bytes.length, form: "archive" };
    done(null, bytes);
  });

  app.setErrorHandler(async (error: FastifyError | HttpProblem, request, reply) => {
    const problem = toProblem(error);
    if (problem.statusCode >= 500 && !(error instanceof HttpProblem)) request.log.error({ err: error }, "internal error");
    // Refusals of an admitted bundle are audited too (401s have no tenant to bind them to).
    if (request.admission && request.principal && !request.audited) {
      try {
        await record(refusalRecord(request, problem.statusCode, problem.message), request);
      } catch (logError) {
        return sendProblem(reply, logError as HttpProblem);
      }
    }
    return sendProblem(reply, problem);
  });

  app.setNotFoundHandler(async (request, reply) => sendProblem(reply, new HttpProblem(404, "not-found", `no route ${request.method} ${request.url.split("?")[0]}`)));

  app.post(
    "/specifications",
    { config: { auth: true }, schema: { body: { content: { "application/json": { schema: SPECIFICATIONS_BODY_SCHEMA } } }, querystring: SPECIFICATIONS_QUERY_SCHEMA } },
    async (request, reply) => {
      const admission = request.admission!;
      admission.hold();
      try {
        const apply = isTrue((request.query as { apply?: string }).apply);
        const body = request.body;
        const upload: UploadResult = Buffer.isBuffer(body) ? await filesFromArchive(body, limits) : filesFromJson((body as { files: Record<string, unknown> }).files, limits);
        if (!upload.ok) throw new HttpProblem(upload.status, upload.status === 413 ? "too-large" : "bad-bundle", upload.message);

        const outcome: JobOutcome<RenderedAnswer> = await pool.run({ files: upload.files, apply });
        if (outcome.ok) averageJobMs = averageJobMs * 0.8 + outcome.runMs * 0.2;
        if (outcome.cpuMs !== undefined) metrics.compileCpu.observe(outcome.cpuMs / 1000);
        const base = { tenant: request.principal!.tenant, kind: "specification", request_id: request.id, recorded_at: new Date().toISOString(), apply, body: request.bodyDigest, files: upload.files.length };

        if (!outcome.ok) {
          if (outcome.failure === "cpu" || outcome.failure === "memory") {
            metrics.budgetExceeded.inc({ kind: outcome.failure });
            const manifest = MANIFEST_NAMES.find((name) => upload.files.some((file) => file.path === name)) ?? MANIFEST_NAMES[0];
            const report = {
              diagnostics: [{ ruleId: `serve/${outcome.failure}-budget`, severity: "error", message: outcome.message, file: manifest, line: 1, column: 1 }],
              summary: { errors: 1, warnings: 0, files: upload.files.length },
            };
            const logged = await record({ ...base, status: 422, verdict: "fail", reason: outcome.message, summary: report.summary }, request);
            return reply.code(422).send({ ...report, graph: null, log: logged });
          }
          if (outcome.failure === "wall") metrics.budgetExceeded.inc({ kind: "wall" });
          const status = outcome.failure === "crash" ? 500 : 503;
          await record({ ...base, status, verdict: "refused", reason: outcome.message }, request);
          const headers: Record<string, string> = status === 503 ? { "retry-after": retryAfter() } : {};
          throw new HttpProblem(status, status === 500 ? "internal-error" : "unavailable", status === 500 ? "the bundle could not be compiled (an internal error; it is logged)" : outcome.message, headers);
        }

        const answer = outcome.value;
        const status = answer.summary.errors > 0 ? 422 : 200;
        const logged = await record({
          ...base,
          status,
          verdict: status === 200 ? "pass" : "fail",
          input_digest: answer.inputDigest,
          summary: answer.summary,
          report_sha256: answer.digests.report,
          ...(answer.digests.graph ? { graph_sha256: answer.digests.graph } : {}),
          ...(answer.digests.artifacts ? { artifacts: answer.digests.artifacts } : {}),
        }, request);
        return reply.code(status).type("application/json; charset=utf-8").send(`${answer.jsonOpen},"log":${JSON.stringify(logged)}}`);
      } finally {
        admission.drop();
      }
    },
  );

  app.get("/spec.logs", { config: { auth: true }, schema: { querystring: LOG_QUERY_SCHEMA } }, async (request, reply) => {
    const query = request.query as { since?: string; follow?: string };
    if (streams.size >= config.maxStreams) throw new HttpProblem(503, "saturated", `${streams.size} log streams are open, the most allowed; retry later`, { "retry-after": "5" });
    const follow = isTrue(query.follow);
    const stream = new TenantLogStream(log, request.principal!.tenant, query.since === undefined ? 0 : Number(query.since), follow && !closing, () => {
      if (!reply.raw.headersSent) reply.raw.flushHeaders();
    });
    streams.add(stream);
    metrics.logStreams.set(streams.size);
    stream.once("close", () => {
      streams.delete(stream);
      metrics.logStreams.set(streams.size);
    });
    return reply.header("content-type", "application/x-ndjson; charset=utf-8").header("cache-control", "no-store").send(stream);
  });

  app.get("/healthz", async (_request, reply) => {
    const problem = log.failure?.message ?? pool.broken ?? (closing ? "shutting down" : undefined);
    return reply.code(problem ? 503 : 200).send({
      status: problem ? "unavailable" : "ok",
      ...(problem ? { problem } : {}),
      log: { records: log.length },
      workers: { size: pool.size, busy: pool.busy },
      queue: { in_flight: inFlight.total, waiting: pool.waiting },
    });
  });

  app.get("/metrics", async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.header("content-type", metrics.registry.contentType).send(text);
  });

  // Log streams that follow end (after what is on disk) before the server waits for in-flight requests.
  app.addHook("preClose", async () => {
    closing = true;
    for (const stream of streams) stream.finish();
  });
  app.addHook("onClose", async () => {
    await pool.close();
  });

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await pool.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;

  return {
    url: `http://${host}:${port}`,
    async close() {
      let timer: NodeJS.Timeout | undefined;
      const drained = app.close().then(() => true);
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          app.log.warn({ drainTimeoutMs: config.drainTimeoutMs }, "drain timeout: closing the remaining connections");
          app.server.closeAllConnections();
          for (const stream of streams) stream.destroy();
          resolve(false);
        }, config.drainTimeoutMs);
        timer.unref();
      });
      const inTime = await Promise.race([drained, timedOut]);
      clearTimeout(timer);
      if (!inTime) await drained;
      await log.close();
      return inTime;
    },
  };
}

function isTrue(flag: string | undefined): boolean {
  return flag === "1" || flag === "true";
}

/** Maps an error thrown anywhere in a request to the problem answered. */
function toProblem(error: FastifyError | HttpProblem): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error.validation) return new HttpProblem(400, "bad-request", `the request ${error.validationContext ?? "input"} is not valid: ${error.message.replace(/^(body|querystring)\s*/, "")}`);
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HttpProblem(413, "too-large", "the request body is over the size limit");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new HttpProblem(415, "unsupported-media-type", `send the bundle as application/json or as a tar or gzip'd tar (${ARCHIVE_TYPES.join(", ")})`);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new HttpProblem(400, "bad-request", error.message);
    default:
      break;
  }
  const status = typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  return new HttpProblem(status, status >= 500 ? "internal-error" : "bad-request", status >= 500 ? "internal error (it is logged)" : error.message);
}
