#!/usr/bin/env node
// `npm run bench`: generates seeded bundles (13, 1,000 and 10,000 phases, clean, and at 1,000
// and 10,000 a diagnostics-heavy twin with one `invariant/untraced` warning in every phase),
// runs each measured command as its own process several times, and prints medians, peak RSS
// and every target of the project as a ratio against a floor measured in the same run (read +
// parse of the same bytes, `node -e 0`, `ts.createSourceFile`), each marked met or NOT MET, as
// Markdown tables for the README. Also measured: watch latency of a content edit and of a
// dependency edit, the language server's keystroke-to-diagnostics latency at 1,000 phases (when
// the build has an `lsp` command; skipped with the reason otherwise), the code checks on rxjs
// (bench/code-compare.mjs) and whether `apply specs` leaves a fresh clone's `git status` clean.
// It never fails on timing; it fails only when a generated bundle does not check as designed
// (a generator bug would measure error paths). It writes the figures to bench/results.json.
// `--quick` stops at 1,000 phases, measures the code target without the peers, skips the fresh
// clone and writes nothing; `--only start-up,check,apply,watch,lsp,code,clone` runs only those
// sections (and writes nothing), e.g. `--only lsp` after the language server lands; `--runs N` sets the runs per measurement (default 5; 3 at 10,000
// phases); `--npm-ci` makes the fresh clone run a real `npm ci` instead of linking this
// checkout's node_modules and building.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateBundle } from "./generate-bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "bench", "out");
const cli = join(root, "dist", "cli", "main.js");
const ajvCli = join(root, "node_modules", "ajv-cli", "dist", "index.js");
const probe = join(root, "bench", "rss-probe.cjs");
const quick = process.argv.includes("--quick");
const runsFlag = process.argv.indexOf("--runs");
const baseRuns = runsFlag > 0 ? Math.max(1, Number(process.argv[runsFlag + 1]) || 5) : 5;
const sizes = quick ? [13, 1000] : [13, 1000, 10000];
const npmCi = process.argv.includes("--npm-ci");
const onlyFlag = process.argv.indexOf("--only");
const only = onlyFlag > 0 ? String(process.argv[onlyFlag + 1] ?? "").split(",") : undefined;
/** Whether a section runs: start-up, check, apply, watch, lsp, code, clone (all unless `--only a,b`). */
const wants = (section) => only === undefined || only.includes(section);
/** The watch latency target: an edit's diagnostics on stdout within this many ms. */
const WATCH_TARGET_MS = 50;
/** The language server target: a keystroke's diagnostics published within this many ms (1,000 phases). */
const LSP_TARGET_MS = 100;
/** Phases of the language server's bundle. */
const LSP_PHASES = 1000;

/** The environment of every measured process: no colour, the RSS probe preloaded. */
function measuredEnv(rssFile) {
  const env = { ...process.env, NODE_OPTIONS: `--require ${probe}`, SPEC_KIT_BENCH_RSS_FILE: rssFile, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  return env;
}

/** Runs a command `runs` times; returns the median wall time (ms) and the largest peak RSS (MiB). */
function measure(label, args, options = {}) {
  return measureTogether([{ label, args, ...options }], options.runs ?? baseRuns)[0];
}

/**
 * Runs several commands `runs` times each, in turns (A B A B ...), so that a change of the
 * machine's load during the measurement affects all of them alike: on a shared machine the
 * ratio of two commands measured in turns is far steadier than of two measured one after the
 * other. Returns per command the median wall time and CPU time (user + system, all threads)
 * in ms and the largest peak RSS in MiB.
 */
function measureTogether(specs, runs = baseRuns) {
  const states = specs.map((spec, index) => ({ spec, times: [], rssFile: join(tmpdir(), `spec-kit-bench-rss-${process.pid}-${index}`), status: undefined, failed: false }));
  for (const state of states) rmSync(state.rssFile, { force: true });
  for (let i = 0; i < runs; i++) {
    for (const state of states) {
      if (state.failed) continue;
      const { args, expect = [0], cwd = root } = state.spec;
      const start = performance.now();
      const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"], env: measuredEnv(state.rssFile), maxBuffer: 64 * 1024 * 1024 });
      state.times.push(performance.now() - start);
      state.status = result.status;
      if (!expect.includes(result.status)) {
        console.error(`bench: ${state.spec.label} exited ${result.status}: ${String(result.stderr).slice(0, 400)}`);
        state.failed = true;
      }
    }
  }
  return states.map((state) => {
    const samples = existsSync(state.rssFile) ? readFileSync(state.rssFile, "utf8").trim().split("\n").map((line) => line.split(" ").map(Number)) : [];
    rmSync(state.rssFile, { force: true });
    const rss = samples.length ? Math.max(...samples.map(([bytes]) => bytes)) : NaN;
    const cpu = samples.length ? median(samples.map(([, ms]) => ms)) : NaN;
    const times = [...state.times].sort((a, b) => a - b);
    const row = { label: state.spec.label, median_ms: round(median(times)), min_ms: round(times[0]), cpu_ms: round(cpu), runs: times.length, peak_rss_mib: round(rss / 1048576), status: state.status };
    console.log(`  ${row.label.padEnd(46)} ${String(row.median_ms).padStart(9)} ms  ${String(row.cpu_ms).padStart(8)} ms CPU  ${String(row.peak_rss_mib).padStart(7)} MiB  (${row.runs} runs)`);
    return row;
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(x) {
  return Math.round(x * 10) / 10;
}

/** A derived figure, checked against its target when it has one (an informational one has none). */
function ratio(name, value, target) {
  if (!Number.isFinite(value)) {
    console.log(`  ${name.padEnd(46)} ${"n/a".padStart(9)}    ${target === undefined ? "(no target)" : `target <= ${target}  NOT MET (not measured)`}`);
    return { name, value: null, target: target ?? null, met: target === undefined ? null : false };
  }
  const met = target === undefined ? undefined : value <= target;
  const verdict = target === undefined ? "(no target)" : `target <= ${target}  ${met ? "met" : "NOT MET"}`;
  console.log(`  ${name.padEnd(46)} ${value.toFixed(2).padStart(9)}    ${verdict}`);
  return { name, value: Number(value.toFixed(2)), target: target ?? null, met: met ?? null };
}

/** A target that is not a ratio (a yes/no outcome, or one not measured in this build). */
function outcome(name, value, target, met) {
  console.log(`  ${name.padEnd(46)} ${String(value).padStart(9)}    target ${target}  ${met === null ? "skipped" : met ? "met" : "NOT MET"}`);
  return { name, value, target, met };
}

/** Fails the benchmark when a generated bundle has any diagnostic: the generator must make clean bundles. */
function assertClean(dir, n) {
  const result = spawnSync(process.execPath, [cli, "check", dir, "--format", "json"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    console.error(`bench: check of the ${n}-phase bundle printed no JSON (exit ${result.status}): ${result.stderr.slice(0, 400)}`);
    process.exit(1);
  }
  if (report.diagnostics.length > 0) {
    const rules = [...new Set(report.diagnostics.map((d) => d.ruleId))].join(", ");
    console.error(`bench: the generated ${n}-phase bundle is not clean: ${report.diagnostics.length} diagnostics (${rules})`);
    process.exit(1);
  }
}

/** Fails the benchmark unless every phase of the diagnostics-heavy bundle has exactly one `invariant/untraced` warning and nothing else is reported. */
function assertHeavy(dir, n) {
  const result = spawnSync(process.execPath, [cli, "check", dir, "--format", "json"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const report = JSON.parse(result.stdout);
  const files = new Set(report.diagnostics.filter((d) => d.ruleId === "invariant/untraced").map((d) => d.file));
  if (report.diagnostics.length !== n || files.size !== n) {
    const rules = [...new Set(report.diagnostics.map((d) => d.ruleId))].join(", ");
    console.error(`bench: the diagnostics-heavy ${n}-phase bundle should have one invariant/untraced warning per phase; got ${report.diagnostics.length} (${rules}) in ${files.size} files`);
    process.exit(1);
  }
}

/**
 * The watch latency: starts `check --watch` on `dir`, waits for its first report, then saves
 * one phase file `edits` times (alternately breaking and restoring it, written aside and
 * renamed into place as editors do) and times each save until the next summary line appears
 * on stdout. Ends with SIGINT and records the exit code.
 */
async function watchLatency(dir, file, edits, kind = "content") {
  const path = join(dir, file);
  const original = readFileSync(path, "utf8");
  // A content edit breaks a field (a schema error); a dependency edit adds an edge to P1 that
  // P1 does not list back (a graph diagnostic), so the graph rules run again.
  const broken = kind === "content" ? original.replace(/priority: \w+/, "priority: urgent") : original.replace(/depends_on:\n(\s+)- /, "depends_on:\n$1- P1\n$1- ");
  if (broken === original) throw new Error(`bench: watch: cannot make a ${kind} edit of ${file}`);
  const expected = kind === "content" ? /protocol\/schema/ : /graph\//;
  const rssFile = join(tmpdir(), `spec-kit-bench-watch-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const child = spawn(process.execPath, [cli, "check", dir, "--watch"], { cwd: root, env: measuredEnv(rssFile), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let waiting;
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    output += chunk;
    if (waiting && /^watch: /m.test(output)) waiting();
  });
  const nextSummary = (timeoutMs) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no watch report within ${timeoutMs} ms`)), timeoutMs);
      waiting = () => {
        const match = /^watch: .*\n/m.exec(output);
        if (!match) return;
        clearTimeout(timer);
        const report = output.slice(0, match.index + match[0].length);
        output = output.slice(match.index + match[0].length);
        waiting = undefined;
        resolve({ at: performance.now(), report });
      };
      waiting();
    });
  const aside = join(out, "watch-edit.tmp");
  const latencies = [];
  const started = performance.now();
  let startup;
  let exitCode;
  try {
    startup = (await nextSummary(300_000)).at - started;
    for (let i = 0; i < edits; i++) {
      const expectError = i % 2 === 0;
      writeFileSync(aside, expectError ? broken : original);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const start = performance.now();
      renameSync(aside, path);
      const { at, report } = await nextSummary(30_000);
      if (expectError !== expected.test(report)) console.error(`bench: watch report ${i + 1} (${kind} edit) did not show the expected diagnostics`);
      latencies.push(at - start);
    }
  } catch (error) {
    console.error(`bench: watch: ${error.message}`);
  } finally {
    writeFileSync(path, original);
    exitCode = await new Promise((resolve) => {
      child.on("exit", (code) => resolve(code));
      child.kill("SIGINT");
    });
  }
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8").trim().split("\n")[0].split(" ")[0]) : NaN;
  rmSync(rssFile, { force: true });
  const row = {
    label: `check --watch: ${kind} edit to report (${dir.endsWith("10000") ? "10000" : "bundle"})`,
    median_ms: round(median(latencies)),
    min_ms: round(Math.min(...latencies)),
    max_ms: round(Math.max(...latencies)),
    runs: latencies.length,
    startup_ms: round(startup ?? NaN),
    peak_rss_mib: round(rss / 1048576),
    status: exitCode,
  };
  console.log(`  ${row.label.padEnd(46)} ${String(row.median_ms).padStart(9)} ms  ${String(row.peak_rss_mib).padStart(7)} MiB  (${row.runs} edits, max ${row.max_ms} ms, first report after ${row.startup_ms} ms, exit ${exitCode} on SIGINT)`);
  return row;
}

/** Whether this build's CLI has a command: the top-level help lists it. */
function hasCommand(name) {
  const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return help.status === 0 && new RegExp(`^\\s+spec-kit ${name}\\b`, "m").test(help.stdout);
}

/**
 * The language server's latency: starts `spec-kit lsp --stdio` in `dir`, opens one phase,
 * then replaces its text `edits` times (alternately breaking and restoring a field, as a
 * keystroke would) and times each change until diagnostics for that file are published that
 * show (or no longer show) the error. A minimal JSON-RPC client over stdio, no dependency.
 */
async function lspLatency(dir, file, edits) {
  const rssFile = join(tmpdir(), `spec-kit-bench-lsp-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const path = join(dir, file);
  const uri = pathToFileURL(path).href;
  const original = readFileSync(path, "utf8");
  const broken = original.replace(/priority: \w+/, "priority: urgent");
  const child = spawn(process.execPath, [cli, "lsp", "--stdio"], { cwd: dir, env: measuredEnv(rssFile), stdio: ["pipe", "pipe", "pipe"] });
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  let onPublish;
  child.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString("ascii"))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8"));
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && pending.has(message.id)) {
        pending.get(message.id)(message);
        pending.delete(message.id);
      } else if (message.method === "textDocument/publishDiagnostics" && message.params.uri === uri) onPublish?.(message.params.diagnostics, performance.now());
    }
  });
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  // A server that ends early fails every wait at once instead of leaving it pending.
  let exited;
  const ended = new Promise((_, reject) => {
    exited = reject;
  });
  ended.catch(() => undefined);
  child.on("exit", (code) => exited(new Error(`the server exited (${code})`)));
  const request = (method, params) =>
    Promise.race([
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ id, method, params });
      }),
      ended,
    ]);
  /** Resolves with the time of the first publication for the file that satisfies `test`. */
  const published = (test, timeoutMs) =>
    Promise.race([
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics as expected within ${timeoutMs} ms`)), timeoutMs).unref();
        onPublish = (diagnostics, at) => {
          if (!test(diagnostics)) return;
          clearTimeout(timer);
          onPublish = undefined;
          resolve(at);
        };
      }),
      ended,
    ]);
  const latencies = [];
  const started = performance.now();
  let startup;
  let exitCode;
  try {
    await request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null });
    send({ method: "initialized", params: {} });
    const first = published(() => true, 300_000);
    send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "yaml", version: 1, text: original } } });
    startup = (await first) - started;
    for (let i = 0; i < edits; i++) {
      const expectError = i % 2 === 0;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const done = published((diagnostics) => expectError === diagnostics.length > 0, 30_000);
      const start = performance.now();
      send({ method: "textDocument/didChange", params: { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: expectError ? broken : original }] } });
      latencies.push((await done) - start);
    }
    await Promise.race([request("shutdown", null), new Promise((resolve) => setTimeout(resolve, 5000))]);
    send({ method: "exit" });
  } catch (error) {
    console.error(`bench: lsp: ${error.message}`);
  } finally {
    exitCode = await new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8").trim().split("\n")[0].split(" ")[0]) : NaN;
  rmSync(rssFile, { force: true });
  const row = {
    label: `lsp: keystroke to diagnostics (${LSP_PHASES})`,
    median_ms: latencies.length ? round(median(latencies)) : NaN,
    min_ms: round(Math.min(...latencies)),
    max_ms: round(Math.max(...latencies)),
    runs: latencies.length,
    startup_ms: round(startup ?? NaN),
    peak_rss_mib: round(rss / 1048576),
    status: exitCode,
  };
  console.log(`  ${row.label.padEnd(46)} ${String(row.median_ms).padStart(9)} ms  ${String(row.peak_rss_mib).padStart(7)} MiB  (${row.runs} edits, max ${row.max_ms} ms, first diagnostics after ${row.startup_ms} ms, exit ${exitCode})`);
  return row;
}

/**
 * Whether `apply specs` is byte-stable across builds: clones this repository's HEAD into a
 * temporary folder, installs (a real `npm ci` with `--npm-ci`; by default this checkout's
 * node_modules linked in and `npm run build`, which is what `npm ci` runs after installing),
 * runs `apply specs` from the clone's own build and returns what `git status --porcelain` lists.
 */
function freshCloneApply() {
  const git = (args, cwd) => spawnSync("git", args, { cwd, encoding: "utf8" });
  if (git(["rev-parse", "--is-inside-work-tree"], root).status !== 0) return { skipped: "not a git checkout" };
  const work = mkdtempSync(join(tmpdir(), "spec-kit-bench-clone-"));
  const clone = join(work, "spec-kit");
  try {
    if (git(["clone", "-q", "--no-hardlinks", root, clone], work).status !== 0) return { skipped: "git clone failed" };
    const install = npmCi
      ? spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: clone, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      : (symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir"),
        spawnSync("npm", ["run", "build"], { cwd: clone, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
    if (install.status !== 0) return { changed: [`(install failed: ${String(install.stderr).slice(0, 300)})`] };
    const apply = spawnSync(process.execPath, [join(clone, "dist", "cli", "main.js"), "apply", "specs"], { cwd: clone, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (apply.status !== 0) return { changed: [`(apply specs exited ${apply.status}: ${apply.stderr.slice(0, 300)})`] };
    const status = git(["status", "--porcelain", "--untracked-files=all"], clone);
    return { changed: status.stdout.split("\n").filter((line) => line !== "" && !/ node_modules$/.test(line)) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The README table. */
function markdown(results) {
  const lines = [
    `Machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memory_gib} GiB, Node ${results.machine.node}; load average ${results.machine.load_before} before, ${results.machine.load_after} after.`,
    "",
    "| measurement | median ms | CPU ms | peak RSS MiB | runs |",
    "|---|---:|---:|---:|---:|",
    ...results.rows.map((r) => `| ${r.label} | ${r.median_ms} | ${r.cpu_ms ?? ""} | ${r.peak_rss_mib} | ${r.runs} |`),
    "",
    "| ratio | value | target | met |",
    "|---|---:|---:|:---:|",
    ...results.ratios.map((r) => `| ${r.name} | ${r.value ?? "n/a"} | ${r.target === null ? "" : typeof r.target === "number" ? `<= ${r.target}` : r.target} | ${r.met === null ? (r.target === null ? "" : "skipped") : r.met ? "yes" : "**no**"} |`),
  ];
  return `${lines.join("\n")}\n`;
}

if (!existsSync(cli)) {
  console.error("bench: dist/cli/main.js is missing; run npm run build first");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const results = {
  machine: {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memory_gib: round(totalmem() / 2 ** 30),
    node: process.version,
    load_before: loadavg().map((x) => x.toFixed(2)).join(" "),
  },
  date: new Date().toISOString().slice(0, 10),
  rows: [],
  ratios: [],
};
const row = (...args) => {
  const r = measure(...args);
  results.rows.push(r);
  return r;
};
const rowsTogether = (specs, runs) => {
  const rs = measureTogether(specs, runs);
  results.rows.push(...rs);
  return rs;
};
/** The CPU-time twin of a wall-time ratio, printed for the record (it moves less with the load). */
const cpuNote = (name, a, b) => console.log(`  ${`(CPU time) ${name}`.padEnd(46)} ${(a.cpu_ms / b.cpu_ms).toFixed(2).padStart(9)}`);
const target = (r) => {
  results.ratios.push(r);
  return r;
};

console.log(`spec-kit bench on ${results.machine.cpu}, ${results.machine.cores} cores, Node ${process.version}, load ${results.machine.load_before}`);
const bundles = {};
const heavy = {};
const neededSizes = sizes.filter((n) => wants("check") || wants("apply") || (wants("watch") && n === sizes[sizes.length - 1]) || (wants("lsp") && n === LSP_PHASES));
for (const n of neededSizes) {
  const dir = join(out, `bundle-${n}`);
  const bytes = generateBundle(dir, n);
  assertClean(dir, n);
  bundles[n] = dir;
  console.log(`generated ${n} phases, ${round(bytes / 1048576)} MiB, checks clean`);
  if (n < 1000 || !wants("check")) continue;
  const heavyDir = join(out, `bundle-${n}-untraced`);
  const heavyBytes = generateBundle(heavyDir, n, 42, { untraced: true });
  assertHeavy(heavyDir, n);
  heavy[n] = heavyDir;
  console.log(`generated ${n} phases with a diagnostic in every file, ${round(heavyBytes / 1048576)} MiB, one invariant/untraced warning per phase`);
}

console.log("\nstart-up (measured in turns)");
const markdownMissions = existsSync(join(root, "specs", "missions")) && readdirSync(join(root, "specs", "missions")).some((f) => f.endsWith(".md"));
const startSpecs = [{ label: "node -e 0", args: ["-e", "0"] }];
if (wants("start-up")) {
  startSpecs.push(
    { label: "spec-kit validate (one phase report)", args: [cli, "validate", join(root, "test", "fixtures", "phases", "valid.yaml")] },
    { label: `spec-kit check specs${markdownMissions ? " (with its Markdown missions)" : ""}`, args: [cli, "check", join(root, "specs")] },
  );
}
const [nodeZero, validateOne, checkSpecs] = rowsTogether(startSpecs, 2 * baseRuns);

const checks = {};
for (const n of wants("check") ? sizes : []) {
  const runs = n >= 10000 ? Math.min(baseRuns, 3) : baseRuns;
  console.log(`\n${n} phases (measured in turns)`);
  const [floor, check, ajv] = rowsTogether(
    [
      { label: `floor: read + JSON.parse/js-yaml (${n})`, args: [join(root, "bench", "floor.mjs"), bundles[n]] },
      { label: `spec-kit check (${n})`, args: [cli, "check", bundles[n]] },
      { label: `ajv-cli validate, same files and schema (${n})`, args: [ajvCli, "validate", "--spec=draft2020", "--strict=false", "-s", join(root, "schemas", "phase-report.schema.json"), "-d", `${bundles[n]}/phases/*.{json,yaml}`] },
    ],
    runs,
  );
  checks[n] = check;
  // The floor targets are set at 10,000 phases; below, start-up dominates both sides.
  target(ratio(`clean: check / floor (${n})`, check.median_ms / floor.median_ms, n >= 10000 ? 2.0 : undefined));
  cpuNote(`clean: check / floor (${n})`, check, floor);
  target(ratio(`peer: check / ajv-cli (${n})`, check.median_ms / ajv.median_ms, n >= 1000 ? 1.0 : undefined));
  cpuNote(`peer: check / ajv-cli (${n})`, check, ajv);
  if (n >= 10000) target(ratio(`peak RSS of clean check, MiB (${n})`, check.peak_rss_mib, 1024));
  if (heavy[n]) {
    // Exit 0: warnings only.
    const [heavyFloor, heavyCheck] = rowsTogether(
      [
        { label: `floor, diagnostics-heavy bundle (${n})`, args: [join(root, "bench", "floor.mjs"), heavy[n]] },
        { label: `spec-kit check, a warning in every file (${n})`, args: [cli, "check", heavy[n]] },
      ],
      runs,
    );
    target(ratio(`diagnostics in every file: check / floor (${n})`, heavyCheck.median_ms / heavyFloor.median_ms, n >= 10000 ? 3.0 : undefined));
    cpuNote(`diagnostics in every file: check / floor (${n})`, heavyCheck, heavyFloor);
    if (n >= 10000) target(ratio(`peak RSS, a warning in every file, MiB (${n})`, heavyCheck.peak_rss_mib, 1024));
  }
}

console.log("\napply");
if (!wants("apply")) console.log("  (not asked for)");
else if (hasCommand("apply")) {
  for (const n of sizes.filter((s) => s <= 1000)) {
    const out1 = join(out, `apply-${n}`);
    rmSync(out1, { recursive: true, force: true });
    const r = row(`spec-kit apply (${n}), fresh output`, [cli, "apply", bundles[n], "--out", out1], { runs: 1 });
    if (n === 1000) target(ratio("apply of 1,000 phases, seconds", r.median_ms / 1000, 15));
  }
  const specsCopy = join(out, "specs-copy");
  rmSync(specsCopy, { recursive: true, force: true });
  cpSync(join(root, "specs"), specsCopy, { recursive: true });
  spawnSync(process.execPath, [cli, "apply", specsCopy, "--out", join(specsCopy, "generated")], { stdio: "ignore" });
  const [zero, noop] = rowsTogether(
    [
      { label: "node -e 0 (in turns with the no-op apply)", args: ["-e", "0"] },
      { label: "spec-kit apply specs, nothing to change", args: [cli, "apply", specsCopy, "--out", join(specsCopy, "generated")] },
    ],
    2 * baseRuns,
  );
  target(ratio("start-up: no-op apply / node -e 0", noop.median_ms / zero.median_ms, 3.0));
} else {
  console.log("  (apply is not available in this build: skipped)");
}

console.log("\nwatch");
const largest = sizes[sizes.length - 1];
const middlePhase = Math.floor(largest / 2) | 1;
let watchContent;
let watchDependency;
if (wants("watch")) {
  watchContent = await watchLatency(bundles[largest], `phases/P${middlePhase}.yaml`, 6, "content");
  results.rows.push(watchContent);
  watchDependency = await watchLatency(bundles[largest], `phases/P${middlePhase}.yaml`, 6, "dependency");
  results.rows.push(watchDependency);
} else console.log("  (not asked for)");

console.log("\nlanguage server");
let lsp;
let lspSkipped = "not asked for";
if (!wants("lsp")) console.log("  (not asked for)");
else if (hasCommand("lsp")) {
  lsp = await lspLatency(bundles[LSP_PHASES], `phases/P${Math.floor(LSP_PHASES / 2) | 1}.yaml`, 6);
  results.rows.push(lsp);
} else {
  lspSkipped = "this build has no `lsp` command";
  console.log(`  (${lspSkipped}: the language server target is skipped)`);
}

const writes = !quick && only === undefined;
let codeTarget;
if (wants("code")) {
  console.log("\ncode checks on rxjs (bench/code-compare.mjs)");
  const codeJson = writes ? join(root, "bench", "code-results.json") : join(out, "code-results.json");
  rmSync(codeJson, { force: true });
  const code = spawnSync(process.execPath, [join(root, "bench", "code-compare.mjs"), "--runs", String(baseRuns), "--json", codeJson, ...(quick ? ["--targets"] : [])], { cwd: root, stdio: "inherit" });
  codeTarget = code.status === 0 && existsSync(codeJson) ? JSON.parse(readFileSync(codeJson, "utf8")).target : undefined;
}

let clone;
if (!quick && wants("clone")) {
  console.log("\nfresh clone: npm ci / build, apply specs, git status");
  clone = freshCloneApply();
  console.log(clone.skipped ? `  (skipped: ${clone.skipped})` : `  ${clone.changed.length === 0 ? "git status clean" : `changed: ${clone.changed.join("; ")}`}`);
}

console.log("\ntargets");
const earlier = results.ratios.length;
if (wants("start-up")) {
  results.ratios.unshift(
    ratio("start-up: validate one report / node -e 0", validateOne.median_ms / nodeZero.median_ms, 3.0),
    ratio("start-up: check specs / node -e 0", checkSpecs.median_ms / nodeZero.median_ms),
  );
}
for (const r of results.ratios.slice(results.ratios.length - earlier)) ratio(r.name, r.value ?? NaN, r.target ?? undefined);
if (checks[10000] && checks[1000]) target(ratio("scaling: check 10,000 / 1,000", checks[10000].median_ms / checks[1000].median_ms, 11));
if (watchContent) target(ratio(`watch: content edit to report, ms (${largest})`, watchContent.median_ms, WATCH_TARGET_MS));
if (watchDependency) target(ratio(`watch: dependency edit to report, ms (${largest})`, watchDependency.median_ms, WATCH_TARGET_MS));
if (lsp) target(ratio(`lsp: keystroke to diagnostics, ms (${LSP_PHASES})`, lsp.median_ms, LSP_TARGET_MS));
else if (wants("lsp")) target(outcome(`lsp: keystroke to diagnostics, ms (${LSP_PHASES})`, `n/a (${lspSkipped})`, `<= ${LSP_TARGET_MS}`, null));
if (codeTarget) target(ratio("code checks, gated layer / createSourceFile floor", codeTarget.value, codeTarget.target));
else if (wants("code")) target(outcome("code checks, gated layer / createSourceFile floor", "n/a", "<= 1.5", false));
if (clone) {
  const met = clone.skipped ? null : clone.changed.length === 0;
  target(outcome("fresh clone: apply specs leaves git status", clone.skipped ? "n/a" : met ? "clean" : `${clone.changed.length} changed`, "clean", met));
}
results.machine.load_after = loadavg().map((x) => x.toFixed(2)).join(" ");

const table = markdown(results);
console.log(`\n${table}`);
const missed = results.ratios.filter((r) => r.met === false);
const skipped = results.ratios.filter((r) => r.met === null && r.target !== null);
console.log(missed.length === 0 ? "every measured target met" : `targets NOT MET: ${missed.map((r) => `${r.name} (${r.value ?? "n/a"})`).join("; ")}`);
if (skipped.length > 0) console.log(`skipped: ${skipped.map((r) => `${r.name} (${r.value})`).join("; ")}`);
if (writes) {
  writeFileSync(join(root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log("wrote bench/results.json");
} else console.log("(--quick or --only: results.json not written)");
