import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordHash } from "../../common/hash-chain.js";
import { hasStackTrace, runCli } from "../cli/spawn-cli.js";
import { eventually, health, ndjson, postArchive, postJson, rawRequest, SERVE_TEST_TIMEOUT_MS, specsFiles, startServe, tar, type ServeProcess } from "./helpers.js";

const ACME = "acme-0123456789abcdef0123";
const GLOBEX = "globex-0123456789abcdef01";
let dir: string;
let server: ServeProcess;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "serve-http-"));
  writeFileSync(join(dir, "tokens.json"), JSON.stringify({ [ACME]: { tenant: "acme" }, [GLOBEX]: { tenant: "globex" } }));
  const pair = generateKeyPairSync("ed25519");
  writeFileSync(join(dir, "key.pem"), pair.privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(join(dir, "pub.pem"), pair.publicKey.export({ type: "spki", format: "pem" }));
  server = await startServe([
    "--tokens", join(dir, "tokens.json"),
    "--log", join(dir, "spec.logs"),
    "--sign-key", join(dir, "key.pem"),
    "--workers", "2",
    "--max-body", "1MiB",
    "--max-files", "40",
    "--max-file-bytes", "300KiB",
    "--max-unpacked", "2MiB",
    "--header-timeout", "1000",
    "--request-timeout", "3000",
    "--idle-timeout", "1000",
  ]);
  url = server.url;
}, SERVE_TEST_TIMEOUT_MS);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
}, SERVE_TEST_TIMEOUT_MS);

async function problem(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { status: number; code: string; message: string } };
  expect(body.error.status).toBe(response.status);
  return body.error;
}

describe("POST /specifications", { timeout: SERVE_TEST_TIMEOUT_MS }, () => {
  it("200: checks a JSON bundle, answers the check JSON and the task graph, and names its log record", async () => {
    const response = await postJson(url, { files: specsFiles() }, { token: ACME });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ diagnostics: [], summary: { errors: 0, warnings: 0, files: 16 }, graph: { graphFormat: 1, bundle: "autoloop" } });
    expect(body["input_digest"]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body["files"]).toBeUndefined();
    expect(body["log"]).toMatchObject({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("200 with ?apply=1: the generated files and the evidence, signed with the server's key, which `evidence verify` accepts", async () => {
    const response = await postJson(url, { files: specsFiles() }, { token: ACME, query: "?apply=1" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { files: Record<string, string>; notes: string[] };
    expect(Object.keys(body.files)).toEqual(expect.arrayContaining(["gates/P1.ts", "tests/P1.test.ts", "graph/task-graph.json", "evidence/manifest.json", "evidence/manifest.dsse.json"]));
    const out = join(dir, "applied");
    for (const [path, content] of Object.entries(body.files)) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), content);
    }
    const verified = runCli(["evidence", "verify", out, "--key", join(dir, "pub.pem")]);
    expect(verified.stderr).toBe("");
    expect(verified.code).toBe(0);
  });

  it("422: a bundle with an error gets the diagnostics with file, line and column, and nothing generated", async () => {
    const files = specsFiles();
    files["phases/P1.yaml"] = files["phases/P1.yaml"]!.replace("completion: 1", "completion: 0.5");
    const response = await postJson(url, { files }, { token: ACME, query: "?apply=1" });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { diagnostics: unknown[]; summary: { errors: number }; files?: unknown };
    expect(body.diagnostics).toContainEqual({ ruleId: "protocol/status-consistency", severity: "error", message: expect.any(String), file: "phases/P1.yaml", line: 69, column: 15 });
    expect(body.summary.errors).toBe(1);
    expect(body.files).toBeUndefined();
  });

  it("200 for the same bundle as a gzip'd tar and as a plain tar", async () => {
    const members = Object.entries(specsFiles()).map(([name, body]) => ({ name, body }));
    const archive = await tar(members);
    const gzipped = await postArchive(url, gzipSync(archive), { token: ACME });
    expect(gzipped.status).toBe(200);
    const plain = await postArchive(url, archive, { token: ACME, type: "application/x-tar" });
    expect(plain.status).toBe(200);
    const json = (await (await postJson(url, { files: specsFiles() }, { token: ACME })).json()) as { input_digest: string };
    expect(((await gzipped.json()) as { input_digest: string }).input_digest).toBe(json.input_digest);
  });

  it.each([
    ["malformed JSON, with its position", '{"files": {"spec-kit.yaml": "x",}}', /not valid JSON: 1:33: unexpected character/],
    ["a duplicate file name", '{"files": {"spec-kit.yaml": "a", "spec-kit.yaml": "b"}}', /duplicate key "spec-kit.yaml"/],
    ["no files", "{}", /must have required property 'files'/],
    ["files that are not an object", '{"files": ["spec-kit.yaml"]}', /must be object/],
    ["content that is not text", '{"files": {"spec-kit.yaml": 1}}', /must be string/],
    ["an unknown member", '{"files": {}, "extra": 1}', /must NOT have additional properties/],
    ["a nesting bomb", `{"files": ${"[".repeat(100_000)}`, /not valid JSON: .*nesting/],
    ["an empty body", "", /./],
  ])("400: %s", async (_label, body, message) => {
    const response = await postJson(url, body, { token: ACME });
    expect(response.status).toBe(400);
    expect((await problem(response)).message).toMatch(message);
  });

  it.each([
    ["../outside.yaml", /has a "\.\." segment/],
    ["phases/../../../etc/passwd", /has a "\.\." segment/],
    ["/etc/passwd", /absolute path/],
    ["C:\\Windows\\system.ini", /drive letter/],
    ["phases/P1.yaml\u0000", /character "\\u0000"/],
    ["phases/aux.yaml", /reserved device name/],
    ["phases/.", /has a "\." segment/],
  ])("400: the hostile file name %j", async (name, message) => {
    const response = await postJson(url, { files: { "spec-kit.yaml": "specKit: 1\nname: x\n", [name]: "x: 1\n" } }, { token: ACME });
    expect(response.status).toBe(400);
    expect((await problem(response)).message).toMatch(message);
  });

  it("takes file names that are object keys of JavaScript itself as plain names", async () => {
    const body = `{"files": {"spec-kit.yaml": "specKit: 1\\nname: demo\\n", "__proto__": "a: 1", "constructor": "b: 2", "phases/hasOwnProperty.yaml": "c: 3"}}`;
    const response = await postJson(url, body, { token: ACME });
    expect([200, 422]).toContain(response.status);
    const answer = (await response.json()) as { summary: { files: number } };
    expect(answer.summary.files).toBeGreaterThanOrEqual(1);
    expect((await health(url)).status).toBe("ok");
  });

  it.each([
    ["a symbolic link", { name: "phases/P1.yaml", type: "symlink" as const, linkname: "/etc/passwd" }, /symbolic link/],
    ["a hard link", { name: "phases/P1.yaml", type: "link" as const, linkname: "spec-kit.yaml" }, /hard link/],
    ["a device", { name: "phases/tty", type: "character-device" as const }, /character-device/],
    ["a climbing member", { name: "../../escape.yaml", body: "x" }, /"\.\." segment/],
    ["an absolute member", { name: "//etc/cron.d/x", body: "x" }, /absolute/],
    ["a duplicate member", { name: "spec-kit.yaml", body: "again" }, /appears more than once/],
  ])("400: an archive holding %s", async (_label, member, message) => {
    const bytes = gzipSync(await tar([{ name: "spec-kit.yaml", body: "specKit: 1\nname: x\n" }, member]));
    const response = await postArchive(url, bytes, { token: ACME });
    expect(response.status).toBe(400);
    expect((await problem(response)).message).toMatch(message);
  });

  it("400: a body that is neither gzip nor tar, and a malformed query", async () => {
    expect((await postArchive(url, Buffer.from("plain words, not an archive"), { token: ACME })).status).toBe(400);
    const badFlag = await postJson(url, { files: {} }, { token: ACME, query: "?apply=yes" });
    expect(badFlag.status).toBe(400);
    expect((await problem(badFlag)).message).toMatch(/querystring/);
    expect((await postJson(url, { files: {} }, { token: ACME, query: "?color=red" })).status).toBe(400);
  });

  it("413: a body over --max-body, too many files, a file too large, a decompression bomb", async () => {
    const huge = await postJson(url, { files: { "spec-kit.yaml": "x".repeat(1_100_000) } }, { token: ACME });
    expect(huge.status).toBe(413);
    expect((await problem(huge)).message).toMatch(/over the size limit/);

    const many = Object.fromEntries(Array.from({ length: 41 }, (_, n) => [`phases/P${n}.yaml`, "a: 1\n"]));
    const tooMany = await postJson(url, { files: many }, { token: ACME });
    expect(tooMany.status).toBe(413);
    expect((await problem(tooMany)).message).toMatch(/41 files, over the limit of 40/);

    const big = await postJson(url, { files: { "spec-kit.yaml": "x".repeat(310 * 1024) } }, { token: ACME });
    expect(big.status).toBe(413);

    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const bombed = await postArchive(url, bomb, { token: ACME });
    expect(bombed.status).toBe(413);
    expect((await problem(bombed)).message).toMatch(/unpacks to more than/);
  });

  it("415: a media type that is neither JSON nor an archive", async () => {
    const response = await fetch(`${url}/specifications`, { method: "POST", headers: { "content-type": "text/plain", authorization: `Bearer ${ACME}` }, body: "specKit: 1" });
    expect(response.status).toBe(415);
  });

  it("401: no token, an unknown token, another scheme; the challenge says Bearer; the body is not read", async () => {
    const none = await postJson(url, { files: specsFiles() });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="spec-kit"');
    const wrong = await postJson(url, { files: {} }, { token: `${ACME}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    const basic = await postJson(url, { files: {} }, { headers: { authorization: `Basic ${Buffer.from(`acme:${ACME}`).toString("base64")}` } });
    expect(basic.status).toBe(401);
    // Refused before its body: a 5 MiB upload without a token is answered without being read whole.
    const unread = await postJson(url, "x".repeat(5 * 1024 * 1024));
    expect(unread.status).toBe(401);
    const logs = await fetch(`${url}/spec.logs`);
    expect(logs.status).toBe(401);
  });

  it("403: a valid token reaching for another tenant", async () => {
    const post = await postJson(url, { files: specsFiles() }, { token: ACME, query: "?tenant=globex" });
    expect(post.status).toBe(403);
    const read = await fetch(`${url}/spec.logs?tenant=globex`, { headers: { authorization: `Bearer ${ACME}` } });
    expect(read.status).toBe(403);
    const own = await fetch(`${url}/spec.logs?tenant=acme`, { headers: { authorization: `Bearer ${ACME}` } });
    expect(own.status).toBe(200);
  });
});

describe("GET /spec.logs", { timeout: SERVE_TEST_TIMEOUT_MS }, () => {
  const read = (token: string, query = "") => fetch(`${url}/spec.logs${query}`, { headers: { authorization: `Bearer ${token}` } });

  it("gives each tenant its own records only, each line with seq, prev and hash that match its content", async () => {
    expect((await postJson(url, { files: specsFiles() }, { token: GLOBEX })).status).toBe(200);
    const acmeResponse = await read(ACME);
    expect(acmeResponse.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const acme = await ndjson(acmeResponse);
    const globex = await ndjson(await read(GLOBEX));
    expect(acme.length).toBeGreaterThan(10);
    expect(globex.length).toBeGreaterThanOrEqual(1);
    expect(acme.every((record) => record.payload["tenant"] === "acme")).toBe(true);
    expect(globex.every((record) => record.payload["tenant"] === "globex")).toBe(true);
    const seqs = new Set(acme.map((record) => record.seq));
    expect(globex.some((record) => seqs.has(record.seq))).toBe(false);
    for (const record of [...acme, ...globex]) expect(record.hash).toBe(recordHash(record.seq, record.prev, record.payload));
    expect(acme.map((record) => record.seq)).toEqual([...acme.map((record) => record.seq)].sort((a, b) => a - b));
  });

  it("records every authenticated request with its verdict and digests: passes, failures, refusals and denials", async () => {
    const acme = await ndjson(await read(ACME));
    const statuses = new Set(acme.map((record) => record.payload["status"]));
    for (const status of [200, 422, 400, 413, 415, 403]) expect(statuses, `status ${status}`).toContain(status);
    const passed = acme.find((record) => record.payload["status"] === 200 && record.payload["apply"] === true)!;
    expect(passed.payload).toMatchObject({
      kind: "specification",
      verdict: "pass",
      input_digest: expect.stringMatching(/^sha256:/),
      report_sha256: expect.stringMatching(/^sha256:/),
      body: { sha256: expect.stringMatching(/^sha256:/), form: "json" },
      artifacts: { "gates/P1.ts": expect.stringMatching(/^sha256:[0-9a-f]{64}$/), "evidence/manifest.dsse.json": expect.stringMatching(/^sha256:/) },
    });
    expect(acme.find((record) => record.payload["status"] === 422)!.payload).toMatchObject({ verdict: "fail", summary: { errors: 1 } });
    expect(acme.find((record) => record.payload["status"] === 413)!.payload).toMatchObject({ verdict: "refused" });
    expect(acme.some((record) => record.payload["kind"] === "access-denied" && record.payload["asked_tenant"] === "globex")).toBe(true);
  });

  it("resumes from ?since=SEQ (that record and the ones after it)", async () => {
    const all = await ndjson(await read(ACME));
    const middle = all[Math.floor(all.length / 2)]!.seq;
    const resumed = await ndjson(await read(ACME, `?since=${middle}`));
    expect(resumed.map((record) => record.seq)).toEqual(all.filter((record) => record.seq >= middle).map((record) => record.seq));
    expect(await ndjson(await read(ACME, "?since=999999999"))).toEqual([]);
    expect((await read(ACME, "?since=-1")).status).toBe(400);
    expect((await read(ACME, "?since=abc")).status).toBe(400);
  });

  it("with ?follow=1 keeps the connection open and sends the tenant's new records as they are written", async () => {
    const next = (await health(url)).log.records;
    const controller = new AbortController();
    const response = await fetch(`${url}/spec.logs?follow=1&since=${next}`, { headers: { authorization: `Bearer ${ACME}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect((await postJson(url, { files: specsFiles() }, { token: GLOBEX })).status).toBe(200);
    const mine = (await (await postJson(url, { files: specsFiles() }, { token: ACME })).json()) as { log: { seq: number; hash: string } };
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString("utf8");
    }
    const first = JSON.parse(text.split("\n")[0]!) as { seq: number; hash: string; payload: { tenant: string } };
    expect(first).toMatchObject({ seq: mine.log.seq, hash: mine.log.hash, payload: { tenant: "acme" } });
    controller.abort();
    await eventually(async () => {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      return /^spec_kit_log_streams_open 0$/m.test(metrics);
    });
  });
});

describe("operations", { timeout: SERVE_TEST_TIMEOUT_MS }, () => {
  it("/healthz and /metrics answer without a token; metrics count requests by route and status, never by tenant", async () => {
    const healthz = await health(url);
    expect(healthz).toMatchObject({ status: "ok", queue: { in_flight: 0 } });
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^spec_kit_http_requests_total\{method="POST",route="\/specifications",status="200"\} \d+$/m);
    expect(text).toMatch(/^spec_kit_http_requests_total\{method="POST",route="\/specifications",status="401"\} \d+$/m);
    expect(text).toMatch(/^spec_kit_http_request_duration_seconds_bucket\{le="0\.5",method="POST",route="\/specifications"\} \d+$/m);
    expect(text).toMatch(/^spec_kit_log_records_total \d+$/m);
    expect(text).toMatch(/^spec_kit_process_cpu_seconds_total /m);
    expect(text).not.toMatch(/acme|globex/);
  });

  it("writes one JSON line per request to stderr, bound to the tenant, never with the token", () => {
    const lines = server.stderr().split("\n").filter((line) => line.startsWith("{"));
    const requests = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry["msg"] === "request");
    expect(requests.length).toBeGreaterThan(20);
    expect(requests).toContainEqual(expect.objectContaining({ method: "POST", url: "/specifications", status: 200, tenant: "acme", reqId: expect.any(String) }));
    expect(requests).toContainEqual(expect.objectContaining({ status: 401, tenant: null }));
    expect(server.stderr()).not.toContain(ACME);
    expect(server.stderr()).not.toContain(GLOBEX);
    expect(hasStackTrace(server.stderr())).toBe(false);
  });

  it("answers an unknown route 404 as JSON", async () => {
    const response = await fetch(`${url}/nowhere`);
    expect(response.status).toBe(404);
    expect((await problem(response)).code).toBe("not-found");
  });
});

describe("slow clients", { timeout: SERVE_TEST_TIMEOUT_MS }, () => {
  it("closes a connection that dribbles its headers a byte at a time past --header-timeout", async () => {
    const head = `POST /specifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ACME}\r\nContent-Type: application/json\r\nX-Padding: ${"a".repeat(3000)}\r\n\r\n`;
    const exchange = await rawRequest(url, "");
    let sent = 0;
    const dribble = setInterval(() => {
      if (sent < head.length) exchange.write(head[sent++]!);
    }, 50);
    const answer = await exchange.closed;
    clearInterval(dribble);
    expect(sent).toBeLessThan(head.length);
    expect(answer === "" || answer.startsWith("HTTP/1.1 408")).toBe(true);
    expect((await health(url)).status).toBe("ok");
  });

  it("closes a connection that never sends a byte", async () => {
    const exchange = await rawRequest(url, "");
    const answer = await exchange.closed;
    expect(answer === "" || answer.startsWith("HTTP/1.1 408")).toBe(true);
  });

  it("closes a request whose body stalls past --request-timeout, and gives its place back", async () => {
    const exchange = await rawRequest(url, `POST /specifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ACME}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"files":`);
    await eventually(async () => (await health(url)).queue.in_flight === 1);
    const answer = await exchange.closed;
    expect(answer === "" || /^HTTP\/1\.1 (408|400)/.test(answer)).toBe(true);
    await eventually(async () => (await health(url)).queue.in_flight === 0);
  });
});
