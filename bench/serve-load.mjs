#!/usr/bin/env node
// Load and faults of `spec-kit serve`, on loopback only and bounded in time (part of
// `npm run bench`; never a test).
//
// 1. Load: 50 concurrent autocannon clients POST the specs/ bundle (JSON form) for 30 s to a
//    server with bearer tokens. Prints requests/s, p50/p99 latency and errors (which must be
//    zero), then reads the log back: one record per request sent, every response's record
//    present, the whole chain verified by `spec-kit serve --verify-log`.
// 2. Crash: the same load on the same log, the server killed with SIGKILL in the middle of it,
//    the log checked as the crash left it (chain, last line whole or torn), the server
//    restarted on it (time to listen, including the chain check), and appending goes on.
//
// Writes bench/serve-results.json and prints a Markdown table for the README. Exits 1 when a
// correctness condition fails (errors under load, a record missing, a broken chain), never
// because of a time. `--duration S` shortens the load (default 30), `--connections N` (50).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, closeSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");
const out = join(root, "bench", "out", "serve");
const flag = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const DURATION_S = flag("--duration", 30);
const CONNECTIONS = flag("--connections", 50);
/** The whole script is bounded: past this it kills its children and fails. */
const WATCHDOG_MS = (DURATION_S * 2 + 240) * 1000;
const BENCH_TOKEN = "bench-token-0123456789abcdef";
const WARM_TOKEN = "warmup-token-0123456789abcdef";
const failures = [];
const children = new Set();

const watchdog = setTimeout(() => {
  console.error("bench: serve-load ran past its time bound; stopping");
  for (const child of children) child.kill("SIGKILL");
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

function check(condition, message) {
  if (!condition) {
    failures.push(message);
    console.error(`  FAILED: ${message}`);
  }
  return condition;
}

function specsBody() {
  const base = join(root, "specs");
  const files = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(base, path).split("\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(base);
  return JSON.stringify({ files });
}

/** Starts the server on `log`; resolves with its URL, the process and the ms it took to listen. */
async function startServer(log, stderrFile) {
  const errFd = openSync(stderrFile, "a");
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "serve", "--host", "127.0.0.1", "--port", "0", "--log", log, "--tokens", join(out, "tokens.json"), "--log-level", "info"], {
    cwd: out,
    stdio: ["ignore", "pipe", errFd],
  });
  closeSync(errFd);
  children.add(child);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  exited.then(() => children.delete(child));
  let stdout = "";
  const url = await new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
      const match = /listening on (\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    exited.then((code) => reject(new Error(`spec-kit serve exited (${code}) before listening: ${stdout}`)));
  });
  return { url, child, exited, listenMs: performance.now() - started, stdout: () => stdout };
}

async function load(url, token, seconds, body) {
  return autocannon({
    url: `${url}/specifications`,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 60,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
}

async function tenantRecords(url, token) {
  const text = await (await fetch(`${url}/spec.logs`, { headers: { authorization: `Bearer ${token}` } })).text();
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

async function health(url) {
  return (await fetch(`${url}/healthz`)).json();
}

async function settle(url) {
  for (let i = 0; i < 600; i++) {
    if ((await health(url)).queue.in_flight === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the server did not settle");
}

function verifyLog(log) {
  // Run from the repository root with a relative path, so the figures name no machine's folders.
  const run = spawnSync(process.execPath, [cli, "serve", "--log", relative(root, log), "--verify-log"], { cwd: root, encoding: "utf8" });
  return { code: run.status, text: (run.stdout + run.stderr).trim() };
}

/** The log file as a crash left it: complete records, and whether bytes follow the last newline. */
function inspectLog(log) {
  const text = readFileSync(log, "utf8");
  const lastNewline = text.lastIndexOf("\n");
  const lines = text.slice(0, lastNewline + 1).split("\n").filter(Boolean);
  const last = lines.at(-1);
  let lastWhole = false;
  try {
    const record = JSON.parse(last);
    lastWhole = typeof record.hash === "string" && typeof record.seq === "number";
  } catch {
    lastWhole = false;
  }
  return { records: lines.length, tornBytes: Buffer.byteLength(text.slice(lastNewline + 1)), lastWhole };
}

const ms = (value) => Math.round(value * 10) / 10;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "tokens.json"), JSON.stringify({ [BENCH_TOKEN]: { tenant: "bench" }, [WARM_TOKEN]: { tenant: "warmup" } }));
const body = specsBody();
const log = join(out, "spec.logs");
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memory_gib: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  load_before: loadavg().map((x) => x.toFixed(2)).join(" "),
};
console.log(`spec-kit serve under load: ${CONNECTIONS} connections, ${DURATION_S} s, specs/ bundle (${Buffer.byteLength(body)} bytes of JSON), loopback`);
console.log(`  machine: ${machine.cores} cores, load average before ${machine.load_before}`);

// 1. Load.
const first = await startServer(log, join(out, "server-1.stderr"));
await load(first.url, WARM_TOKEN, 3, body);
await settle(first.url);
const result = await load(first.url, BENCH_TOKEN, DURATION_S, body);
await settle(first.url);
const records = await tenantRecords(first.url, BENCH_TOKEN);
const statuses = {};
for (const record of records) statuses[record.payload.status] = (statuses[record.payload.status] ?? 0) + 1;
const metrics = await (await fetch(`${first.url}/metrics`)).text();
first.child.kill("SIGTERM");
const firstExit = await first.exited;
const afterLoad = verifyLog(log);
const loadFigures = {
  requests_sent: result.requests.sent,
  responses: result.requests.total,
  requests_per_s: ms(result.requests.average),
  latency_p50_ms: result.latency.p50,
  latency_p99_ms: result.latency.p99,
  latency_max_ms: result.latency.max,
  errors: result.errors,
  timeouts: result.timeouts,
  non_2xx: result.non2xx,
  records: records.length,
  record_statuses: statuses,
  log_verified: afterLoad.text,
  shutdown_exit: firstExit,
  start_listen_ms_empty_log: ms(first.listenMs),
  compile_cpu_ms_mean: (() => {
    const sum = Number(/^spec_kit_compile_cpu_seconds_sum (\S+)$/m.exec(metrics)?.[1]);
    const count = Number(/^spec_kit_compile_cpu_seconds_count (\S+)$/m.exec(metrics)?.[1]);
    return ms((sum / count) * 1000);
  })(),
};
console.log(`  ${loadFigures.requests_per_s} requests/s, p50 ${loadFigures.latency_p50_ms} ms, p99 ${loadFigures.latency_p99_ms} ms, ${loadFigures.errors} errors, ${loadFigures.timeouts} timeouts, ${loadFigures.non_2xx} non-2xx`);
console.log(`  log: ${records.length} records of tenant bench for ${result.requests.sent} requests sent (${result.requests.total} answered before the clients stopped); ${afterLoad.text}`);
check(result.errors === 0 && result.timeouts === 0 && result.non2xx === 0, "no errors, timeouts or non-2xx responses under load");
check(records.length === result.requests.sent, `one record per request sent (${records.length} records, ${result.requests.sent} sent)`);
check(records.every((record) => record.payload.status === 200 && record.payload.verdict === "pass"), "every record says 200 pass");
check(afterLoad.code === 0, "the log verifies after the load");
check(firstExit === 0, "SIGTERM after the load exits 0");

// 2. kill -9 in the middle of the load.
const before = inspectLog(log).records;
const second = await startServer(log, join(out, "server-2.stderr"));
const killAfterMs = Math.max(2000, (DURATION_S * 1000) / 3);
const crashLoad = load(second.url, BENCH_TOKEN, Math.max(3, Math.round(DURATION_S / 2)), body);
await new Promise((resolve) => setTimeout(resolve, killAfterMs));
second.child.kill("SIGKILL");
const killedBy = await second.exited;
const crashResult = await crashLoad;
const crashed = inspectLog(log);
const atCrash = verifyLog(log);
const third = await startServer(log, join(out, "server-3.stderr"));
const restartNotes = readFileSync(join(out, "server-3.stderr"), "utf8").split("\n").filter((line) => line.startsWith("spec-kit serve:"));
const afterRestart = [];
for (let i = 0; i < 20; i++) {
  const response = await fetch(`${third.url}/specifications`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${BENCH_TOKEN}` }, body });
  afterRestart.push({ status: response.status, seq: (await response.json()).log?.seq });
}
third.child.kill("SIGTERM");
const thirdExit = await third.exited;
const final = verifyLog(log);
const finalLog = inspectLog(log);
const crashFigures = {
  killed_by: killedBy,
  kill_after_ms: killAfterMs,
  records_before: before,
  records_appended_before_kill: crashed.records - before,
  responses_before_kill: crashResult.requests.total,
  last_record_whole: crashed.lastWhole,
  torn_bytes: crashed.tornBytes,
  verify_at_crash: atCrash.text,
  restart_listen_ms: ms(third.listenMs),
  restart_records_checked: crashed.records,
  restart_notes: restartNotes,
  after_restart_statuses: [...new Set(afterRestart.map((r) => r.status))],
  after_restart_first_seq: afterRestart[0]?.seq,
  final_records: finalLog.records,
  final_verify: final.text,
  shutdown_exit: thirdExit,
};
console.log(`  kill -9 after ${killAfterMs} ms of load: ${crashFigures.records_appended_before_kill} records appended before the kill, last record whole: ${crashed.lastWhole}, torn bytes: ${crashed.tornBytes}; ${atCrash.text}`);
console.log(`  restart: listening after ${crashFigures.restart_listen_ms} ms (chain of ${crashed.records} records checked); 20 more requests: ${crashFigures.after_restart_statuses.join(",")}; first seq ${crashFigures.after_restart_first_seq}; ${final.text}`);
check(killedBy === "SIGKILL", "the server was killed by SIGKILL");
check(crashed.lastWhole || crashed.tornBytes > 0, "the log ends in a whole record, or in a torn tail the restart recovers");
check(crashed.tornBytes > 0 || atCrash.code === 0, "the log verifies as the crash left it");
check(afterRestart.every((r) => r.status === 200), "the restarted server answers 200");
check(afterRestart[0]?.seq === crashed.records + (crashed.tornBytes > 0 ? 1 : 0), "appending goes on where the chain ended");
check(final.code === 0 && finalLog.records === crashed.records + (crashed.tornBytes > 0 ? 1 : 0) + 20, "the final log verifies with every record");
check(thirdExit === 0, "SIGTERM after the restart exits 0");

machine.load_after = loadavg().map((x) => x.toFixed(2)).join(" ");
const results = { date: new Date().toISOString().slice(0, 10), machine, connections: CONNECTIONS, duration_s: DURATION_S, load: loadFigures, crash: crashFigures, failures };
writeFileSync(join(root, "bench", "serve-results.json"), `${JSON.stringify(results, null, 2)}\n`);

console.log(`
| measurement | figure |
|---|---:|
| requests/s, ${CONNECTIONS} clients posting specs/ for ${DURATION_S} s | ${loadFigures.requests_per_s} |
| latency p50 / p99 | ${loadFigures.latency_p50_ms} ms / ${loadFigures.latency_p99_ms} ms |
| errors, timeouts, non-2xx | ${loadFigures.errors}, ${loadFigures.timeouts}, ${loadFigures.non_2xx} |
| log records / requests sent | ${loadFigures.records} / ${loadFigures.requests_sent}, chain intact: ${afterLoad.code === 0 ? "yes" : "no"} |
| kill -9 mid-load: records before the kill, last record whole | ${crashFigures.records_appended_before_kill}, ${crashed.lastWhole ? "yes" : "no"}${crashed.tornBytes > 0 ? ` (torn tail of ${crashed.tornBytes} bytes, recovered)` : ""} |
| start to listening: empty log / after the crash (chain of ${crashed.records} records checked) | ${loadFigures.start_listen_ms_empty_log} ms / ${crashFigures.restart_listen_ms} ms |
| compile CPU per request (worker thread), mean | ${loadFigures.compile_cpu_ms_mean} ms |
| after restart: 20 requests, final log | ${crashFigures.after_restart_statuses.join(",")}, ${finalLog.records} records, chain intact: ${final.code === 0 ? "yes" : "no"} |

machine: ${machine.cores} cores, load average ${machine.load_before} before, ${machine.load_after} after; wrote bench/serve-results.json`);
if (failures.length > 0) {
  console.error(`bench: serve-load: ${failures.length} check(s) failed`);
  process.exitCode = 1;
}
