#!/usr/bin/env node
// `npm run bench`: generates seeded bundles (13, 1,000 and 10,000 phases), runs each measured
// command as its own process several times, and prints medians, peak RSS and the ratios the
// project tracks, as a Markdown table for the README. It never fails on timing; it fails only
// when a generated bundle does not check clean (a generator bug would measure error paths).
// It writes the figures to bench/results.json. `--quick` stops at 1,000 phases and writes
// nothing; `--runs N` sets the runs per measurement (default 5; 3 at 10,000 phases).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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
/** The watch latency target: an edit's diagnostics on stdout within this many ms. */
const WATCH_TARGET_MS = 200;

/** The environment of every measured process: no colour, the RSS probe preloaded. */
function measuredEnv(rssFile) {
  const env = { ...process.env, NODE_OPTIONS: `--require ${probe}`, SPEC_KIT_BENCH_RSS_FILE: rssFile, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  return env;
}

/** Runs a command `runs` times; returns the median wall time (ms) and the largest peak RSS (MiB). */
function measure(label, args, { runs = baseRuns, expect = [0], cwd = root } = {}) {
  const times = [];
  const rssFile = join(tmpdir(), `spec-kit-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  let status;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"], env: measuredEnv(rssFile), maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - start);
    status = result.status;
    if (!expect.includes(result.status)) {
      console.error(`bench: ${label} exited ${result.status}: ${String(result.stderr).slice(0, 400)}`);
      break;
    }
  }
  times.sort((a, b) => a - b);
  const rss = existsSync(rssFile) ? Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number)) : NaN;
  rmSync(rssFile, { force: true });
  const row = { label, median_ms: round(median(times)), min_ms: round(times[0]), runs: times.length, peak_rss_mib: round(rss / 1048576), status };
  console.log(`  ${label.padEnd(46)} ${String(row.median_ms).padStart(9)} ms  ${String(row.peak_rss_mib).padStart(7)} MiB  (${row.runs} runs)`);
  return row;
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
  const met = target === undefined ? undefined : value <= target;
  const verdict = target === undefined ? "(no target)" : `target <= ${target}  ${met ? "met" : "NOT MET"}`;
  console.log(`  ${name.padEnd(46)} ${value.toFixed(2).padStart(9)}    ${verdict}`);
  return { name, value: Number(value.toFixed(2)), target: target ?? null, met: met ?? null };
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

/**
 * The watch latency: starts `check --watch` on `dir`, waits for its first report, then saves
 * one phase file `edits` times (alternately breaking and restoring it, written aside and
 * renamed into place as editors do) and times each save until the next summary line appears
 * on stdout. Ends with SIGINT and records the exit code.
 */
async function watchLatency(dir, file, edits) {
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
  const path = join(dir, file);
  const original = readFileSync(path, "utf8");
  const broken = original.replace(/priority: \w+/, "priority: urgent");
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
      if (expectError !== /protocol\/schema/.test(report)) console.error(`bench: watch report ${i + 1} did not show the expected diagnostics`);
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
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8").trim().split("\n")[0]) : NaN;
  rmSync(rssFile, { force: true });
  const row = {
    label: `check --watch: edit to report (${dir.endsWith("10000") ? "10000" : "bundle"})`,
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

/** The README table. */
function markdown(results) {
  const lines = [
    `Machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memory_gib} GiB, Node ${results.machine.node}; load average ${results.machine.load_before} before, ${results.machine.load_after} after.`,
    "",
    "| measurement | median ms | peak RSS MiB | runs |",
    "|---|---:|---:|---:|",
    ...results.rows.map((r) => `| ${r.label} | ${r.median_ms} | ${r.peak_rss_mib} | ${r.runs} |`),
    "",
    "| ratio | value | target | met |",
    "|---|---:|---:|:---:|",
    ...results.ratios.map((r) => `| ${r.name} | ${r.value} | ${r.target === null ? "" : `<= ${r.target}`} | ${r.met === null ? "" : r.met ? "yes" : "**no**"} |`),
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

console.log(`spec-kit bench on ${results.machine.cpu}, ${results.machine.cores} cores, Node ${process.version}, load ${results.machine.load_before}`);
const bundles = {};
for (const n of sizes) {
  const dir = join(out, `bundle-${n}`);
  const bytes = generateBundle(dir, n);
  assertClean(dir, n);
  bundles[n] = dir;
  console.log(`generated ${n} phases, ${round(bytes / 1048576)} MiB, checks clean`);
}

console.log("\nstart-up");
const nodeZero = row("node -e 0", ["-e", "0"], { runs: 2 * baseRuns });
const validateOne = row("spec-kit validate (one phase report)", [cli, "validate", join(root, "test", "fixtures", "phases", "valid.yaml")], { runs: 2 * baseRuns });
const checkSpecs = row("spec-kit check specs", [cli, "check", join(root, "specs")], { runs: 2 * baseRuns });

const checks = {};
for (const n of sizes) {
  const runs = n >= 10000 ? Math.min(baseRuns, 3) : baseRuns;
  console.log(`\n${n} phases`);
  const floor = row(`floor: read + JSON.parse/js-yaml (${n})`, [join(root, "bench", "floor.mjs"), bundles[n]], { runs });
  checks[n] = row(`spec-kit check (${n})`, [cli, "check", bundles[n]], { runs });
  const ajv = row(`ajv-cli validate, same files and schema (${n})`, [ajvCli, "validate", "--spec=draft2020", "--strict=false", "-s", join(root, "schemas", "phase-report.schema.json"), "-d", `${bundles[n]}/phases/*.{json,yaml}`], { runs });
  // The floor target is set at 10,000 phases; below, start-up dominates both sides.
  results.ratios.push(ratio(`floor ratio: check / floor (${n})`, checks[n].median_ms / floor.median_ms, n >= 10000 ? 3.0 : undefined));
  results.ratios.push(ratio(`peer ratio: check / ajv-cli (${n})`, checks[n].median_ms / ajv.median_ms, 1.0));
  if (n >= 10000) results.ratios.push(ratio(`peak RSS of check, MiB (${n})`, checks[n].peak_rss_mib, 1024));
}

console.log("\napply");
const hasApply = spawnSync(process.execPath, [cli, "apply", "--help"], { stdio: "ignore" }).status === 0;
if (hasApply) {
  for (const n of sizes.filter((s) => s <= 1000)) {
    const target = join(out, `apply-${n}`);
    rmSync(target, { recursive: true, force: true });
    const r = row(`spec-kit apply (${n}), fresh output`, [cli, "apply", bundles[n], "--out", target], { runs: 1 });
    if (n === 1000) results.ratios.push(ratio("apply of 1,000 phases, seconds", r.median_ms / 1000, 15));
  }
  const specsCopy = join(out, "specs-copy");
  rmSync(specsCopy, { recursive: true, force: true });
  cpSync(join(root, "specs"), specsCopy, { recursive: true });
  spawnSync(process.execPath, [cli, "apply", specsCopy, "--out", join(specsCopy, "generated")], { stdio: "ignore" });
  const noop = row("spec-kit apply specs, nothing to change", [cli, "apply", specsCopy, "--out", join(specsCopy, "generated")], { runs: 2 * baseRuns });
  results.ratios.push(ratio("no-op apply / node -e 0", noop.median_ms / nodeZero.median_ms, 3.0));
} else {
  console.log("  (apply is not available in this build: skipped)");
}

console.log("\nwatch");
const largest = sizes[sizes.length - 1];
const middlePhase = Math.floor(largest / 2) | 1;
const watch = await watchLatency(bundles[largest], `phases/P${middlePhase}.yaml`, 6);
results.rows.push(watch);

console.log("\nratios");
results.ratios.unshift(
  ratio("start-up: validate one report / node -e 0", validateOne.median_ms / nodeZero.median_ms, 3.0),
  ratio("start-up: check specs / node -e 0", checkSpecs.median_ms / nodeZero.median_ms),
);
if (checks[10000] && checks[1000]) results.ratios.push(ratio("scaling: check 10,000 / 1,000", checks[10000].median_ms / checks[1000].median_ms, 11));
results.ratios.push(ratio(`watch: edit to report, ms (${largest})`, watch.median_ms, WATCH_TARGET_MS));
results.machine.load_after = loadavg().map((x) => x.toFixed(2)).join(" ");

const table = markdown(results);
console.log(`\n${table}`);
if (!quick) {
  writeFileSync(join(root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log("wrote bench/results.json");
} else console.log("(--quick: results.json not written)");
