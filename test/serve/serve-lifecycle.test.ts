import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "../../compiler/evidence/ledger.js";
import { hasStackTrace, runCli } from "../cli/spawn-cli.js";
import { eventually, health, ndjson, postJson, rawRequest, SERVE_TEST_TIMEOUT_MS, serveFails, specsFiles, startServe } from "./helpers.js";

const ACME = "acme-0123456789abcdef0123";
const GLOBEX = "globex-0123456789abcdef01";
const INITECH = "initech-0123456789abcdef0";
let dir: string;
let tokens: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "serve-life-"));
  tokens = join(dir, "tokens.json");
  writeFileSync(tokens, JSON.stringify({ [ACME]: { tenant: "acme" }, [GLOBEX]: { tenant: "globex" }, [INITECH]: { tenant: "initech" } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens a POST /specifications whose body is only partly sent: it holds a place in flight until `finish`. */
async function heldUpload(url: string, token: string) {
  const body = JSON.stringify({ files: specsFiles() });
  const exchange = await rawRequest(url, `POST /specifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
  return {
    finish: async (): Promise<string> => {
      exchange.write(body.slice(10));
      return exchange.closed;
    },
  };
}

describe("saturation", { timeout: SERVE_TEST_TIMEOUT_MS }, () => {
  it("429 with Retry-After past --tenant-queue, 503 with Retry-After past --queue; both audited; places come back", async () => {
    const log = join(dir, "saturation.logs");
    const server = await startServe(["--tokens", tokens, "--log", log, "--queue", "2", "--tenant-queue", "1", "--request-timeout", "120000"]);
    try {
      const acmeHeld = await heldUpload(server.url, ACME);
      await eventually(async () => (await health(server.url)).queue.in_flight === 1);

      const tenantFull = await postJson(server.url, { files: specsFiles() }, { token: ACME });
      expect(tenantFull.status).toBe(429);
      expect(Number(tenantFull.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(((await tenantFull.json()) as { error: { code: string } }).error.code).toBe("too-many-requests");

      const globexHeld = await heldUpload(server.url, GLOBEX);
      await eventually(async () => (await health(server.url)).queue.in_flight === 2);
      const serverFull = await postJson(server.url, { files: specsFiles() }, { token: INITECH });
      expect(serverFull.status).toBe(503);
      expect(Number(serverFull.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

      expect(await acmeHeld.finish()).toMatch(/^HTTP\/1\.1 200/);
      expect(await globexHeld.finish()).toMatch(/^HTTP\/1\.1 200/);
      await eventually(async () => (await health(server.url)).queue.in_flight === 0);
      expect((await postJson(server.url, { files: specsFiles() }, { token: INITECH })).status).toBe(200);

      const acme = await ndjson(await fetch(`${server.url}/spec.logs`, { headers: { authorization: `Bearer ${ACME}` } }));
      expect(acme.map((record) => record.payload["status"])).toEqual(expect.arrayContaining([429, 200]));
      const initech = await ndjson(await fetch(`${server.url}/spec.logs`, { headers: { authorization: `Bearer ${INITECH}` } }));
      expect(initech.map((record) => record.payload["status"])).toEqual([503, 200]);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^spec_kit_saturation_refusals_total\{reason="tenant_queue"\} 1$/m);
      expect(metrics).toMatch(/^spec_kit_saturation_refusals_total\{reason="queue"\} 1$/m);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("422 with a serve/cpu-budget diagnostic when a bundle needs more CPU than --cpu-budget, and the server goes on", async () => {
    const server = await startServe(["--tokens", tokens, "--log", join(dir, "budget.logs"), "--cpu-budget", "1", "--workers", "1"]);
    try {
      const response = await postJson(server.url, { files: specsFiles() }, { token: ACME });
      expect(response.status).toBe(422);
      const body = (await response.json()) as { diagnostics: { ruleId: string; file: string; message: string }[]; summary: { errors: number }; log: { seq: number } };
      expect(body.diagnostics).toEqual([expect.objectContaining({ ruleId: "serve/cpu-budget", severity: "error", file: "spec-kit.yaml", line: 1, column: 1, message: expect.stringMatching(/CPU budget of 1 ms/) })]);
      expect(body.log.seq).toBe(0);
      // The worker that was stopped has been replaced: the next bundle is answered the same way, not by an error.
      expect((await postJson(server.url, { files: specsFiles() }, { token: ACME })).status).toBe(422);
      expect((await health(server.url)).status).toBe("ok");
      expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^spec_kit_compile_budget_exceeded_total\{kind="cpu"\} 2$/m);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("defaults without --tokens", { timeout: SERVE_TEST_TIMEOUT_MS }, () => {
  it("refuses to listen on an address other machines can reach", async () => {
    const run = await serveFails(["--host", "0.0.0.0", "--port", "0", "--log", join(dir, "open.logs")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--host 0\.0\.0\.0 is reachable from other machines: give --tokens FILE/);
    expect(existsSync(join(dir, "open.logs"))).toBe(false);
  });

  it("on loopback binds every request to tenant local", async () => {
    const server = await startServe(["--log", join(dir, "local.logs")]);
    try {
      expect(server.stdout()).toMatch(/no tokens: every request acts for tenant "local"/);
      expect((await postJson(server.url, { files: specsFiles() })).status).toBe(200);
      const records = await ndjson(await fetch(`${server.url}/spec.logs`));
      expect(records.map((record) => record.payload["tenant"])).toEqual(["local"]);
      expect((await fetch(`${server.url}/spec.logs?tenant=acme`)).status).toBe(403);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("start-up failures exit 2 with one line", { timeout: SERVE_TEST_TIMEOUT_MS }, () => {
  it.each([
    [["--max-body", "lots"], /--max-body takes a size such as 16MiB/],
    [["--workers", "0"], /--workers takes a whole number from 1 to 256/],
    [["--tokens", "/nonexistent/tokens.json"], /--tokens \/nonexistent\/tokens\.json: cannot read it \(ENOENT\)/],
    [["--log", "/nonexistent/folder/spec.logs"], /cannot (create|open|read) \/nonexistent\/folder\/spec\.logs/],
    [["--sign-key", "/nonexistent/key.pem"], /cannot read an Ed25519 private key/],
    [["--log-level", "loud"], /--log-level takes one of/],
  ])("%j", async (args, message) => {
    const run = await serveFails(["--port", "0", ...(args.includes("--log") ? [] : ["--log", join(dir, "fails.logs")]), ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it("a port in use", async () => {
    const server = await startServe(["--log", join(dir, "first.logs")]);
    try {
      const port = new URL(server.url).port;
      const run = await serveFails(["--port", port, "--log", join(dir, "second.logs")]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
      expect(existsSync(join(dir, "second.logs.lock"))).toBe(false);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("graceful shutdown and crash recovery", { timeout: SERVE_TEST_TIMEOUT_MS }, () => {
  it("SIGTERM stops accepting, lets the in-flight request finish, ends log streams, closes the log and exits 0", async () => {
    const log = join(dir, "graceful.logs");
    const server = await startServe(["--tokens", tokens, "--log", log, "--request-timeout", "120000"]);
    const held = await heldUpload(server.url, ACME);
    await eventually(async () => (await health(server.url)).queue.in_flight === 1);
    const follow = await fetch(`${server.url}/spec.logs?follow=1`, { headers: { authorization: `Bearer ${ACME}` } });
    expect(follow.status).toBe(200);
    const followed = follow.text();

    server.child.kill("SIGTERM");
    await eventually(() => server.stdout().includes("SIGTERM: draining"));
    // New connections are refused once the listener is closed.
    await eventually(async () => {
      try {
        await fetch(`${server.url}/healthz`);
        return false;
      } catch {
        return true;
      }
    });
    // The follow stream ended with what was on disk, rather than being cut.
    expect(await followed).toBe("");
    const answer = await held.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toMatch(/stopped \(log .*graceful\.logs, 1 records\)/);
    expect(existsSync(`${log}.lock`)).toBe(false);
    const check = checkLedger(readFileSync(log, "utf8"));
    expect(check.ok && check.records.map((record) => (record.payload as unknown as { status: number }).status)).toEqual([200]);
  });

  it("after kill -9 the log verifies, a torn last line is saved and cut, the stale lock is taken over, and appending goes on", async () => {
    const log = join(dir, "crash.logs");
    const first = await startServe(["--tokens", tokens, "--log", log]);
    for (let n = 0; n < 3; n++) expect((await postJson(first.url, { files: specsFiles() }, { token: ACME })).status).toBe(200);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    expect(existsSync(`${log}.lock`)).toBe(true);
    expect(runCli(["serve", "--log", log, "--verify-log"]).stdout).toMatch(/3 records, the chain is whole/);

    // What a crash in the middle of a write leaves: part of a line, no newline.
    appendFileSync(log, '{"hash":"9f86d081884c7d65","payload":{"apply":false,"body":{"by');
    const verify = runCli(["serve", "--log", log, "--verify-log"]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/3 records chain correctly, but the last line is torn \(\d+ bytes/);

    const second = await startServe(["--tokens", tokens, "--log", log]);
    try {
      expect(second.stderr()).toMatch(/ended in a torn line \(\d+ bytes.*saved to .*crash\.logs\.torn-3, cut off, and noted as record 3/);
      expect(existsSync(`${log}.torn-3`)).toBe(true);
      const next = (await (await postJson(second.url, { files: specsFiles() }, { token: ACME })).json()) as { log: { seq: number } };
      expect(next.log.seq).toBe(4);
      const acme = await ndjson(await fetch(`${second.url}/spec.logs`, { headers: { authorization: `Bearer ${ACME}` } }));
      expect(acme.map((record) => record.seq)).toEqual([0, 1, 2, 4]);
    } finally {
      expect(await second.stop()).toBe(0);
    }
    const after = runCli(["serve", "--log", log, "--verify-log"]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/5 records, the chain is whole/);
  });

  it("refuses to start on a log whose chain is broken before its last line, leaving it as it is", async () => {
    const log = join(dir, "tampered.logs");
    const server = await startServe(["--log", log]);
    for (let n = 0; n < 2; n++) expect((await postJson(server.url, { files: specsFiles() })).status).toBe(200);
    expect(await server.stop()).toBe(0);
    const lines = readFileSync(log, "utf8").split("\n");
    lines[0] = lines[0]!.replace('"status":200', '"status":201');
    writeFileSync(log, lines.join("\n"));
    const run = await serveFails(["--port", "0", "--log", log]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/tampered\.logs:1: the log is broken \(the record does not match its hash/);
    expect(readFileSync(log, "utf8")).toBe(lines.join("\n"));
    expect(runCli(["serve", "--log", log, "--verify-log"]).code).toBe(1);
  });
});
