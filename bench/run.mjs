#!/usr/bin/env node
// `npm run bench`: generates seeded bundles, runs each measured command as its own process
// several times, and prints medians, peak RSS and the ratios the project tracks. It never
// fails on timing; it writes the figures to bench/results.json for the README's table.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateBundle } from "./generate-bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "bench", "out");
const cli = join(root, "dist", "cli", "main.js");
const ajvCli = join(root, "node_modules", "ajv-cli", "dist", "index.js");
const probe = join(root, "bench", "rss-probe.cjs");
const quick = process.argv.includes("--quick");
const sizes = quick ? [13, 1000] : [13, 1000, 10000];

/** Runs a command `runs` times; returns the median wall time (ms) and the largest peak RSS (MiB). */
function measure(label, args, { runs = 5, expect = [0], cwd = root } = {}) {
  const times = [];
  const rssFile = join(tmpdir(), `spec-kit-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  let status;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NODE_OPTIONS: `--require ${probe}`, SPEC_KIT_BENCH_RSS_FILE: rssFile, NO_COLOR: "1" },
      maxBuffer: 64 * 1024 * 1024,
    });
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
  const row = { label, median_ms: round(times[Math.floor(times.length / 2)]), min_ms: round(times[0]), runs: times.length, peak_rss_mib: round(rss / 1048576), status };
  console.log(`  ${label.padEnd(44)} ${String(row.median_ms).padStart(9)} ms  ${String(row.peak_rss_mib).padStart(7)} MiB  (${row.runs} runs)`);
  return row;
}

function round(x) {
  return Math.round(x * 10) / 10;
}

function ratio(name, value, target, better = "lower") {
  const met = better === "lower" ? value <= target : value >= target;
  console.log(`  ${name.padEnd(44)} ${value.toFixed(2).padStart(9)}    target ${better === "lower" ? "<=" : ">="} ${target}  ${met ? "met" : "NOT MET"}`);
  return { name, value: Number(value.toFixed(2)), target, met };
}

if (!existsSync(cli)) {
  console.error("bench: dist/cli/main.js is missing; run npm run build first");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const results = { machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memory_gib: round(totalmem() / 2 ** 30), node: process.version }, date: new Date().toISOString().slice(0, 10), rows: [], ratios: [] };
const row = (...a) => {
  const r = measure(...a);
  results.rows.push(r);
  return r;
};

console.log(`spec-kit bench on ${results.machine.cpu}, ${results.machine.cores} cores, Node ${process.version}`);
const bundles = {};
for (const n of sizes) {
  const dir = join(out, `bundle-${n}`);
  const bytes = generateBundle(dir, n);
  bundles[n] = dir;
  console.log(`generated ${n} phases, ${round(bytes / 1048576)} MiB`);
}

console.log("\nstart-up");
const nodeZero = row("node -e 0", ["-e", "0"], { runs: 10 });
const validateOne = row("spec-kit validate (one phase report)", [cli, "validate", join(root, "test", "fixtures", "phases", "valid.yaml")], { runs: 10 });
const checkSpecs = row("spec-kit check specs", [cli, "check", join(root, "specs")], { runs: 10 });

const checks = {};
for (const n of sizes) {
  const runs = n >= 10000 ? 3 : 5;
  console.log(`\n${n} phases`);
  const floor = row(`floor: JSON.parse + js-yaml (${n})`, [join(root, "bench", "floor.mjs"), bundles[n]], { runs });
  checks[n] = row(`spec-kit check (${n})`, [cli, "check", bundles[n]], { runs });
  const ajv = row(`ajv-cli validate (${n})`, [ajvCli, "validate", "--spec=draft2020", "--strict=false", "-s", join(root, "schemas", "phase-report.schema.json"), "-d", `${bundles[n]}/phases/*.{json,yaml}`], { runs });
  results.ratios.push(ratio(`floor ratio (${n})`, checks[n].median_ms / floor.median_ms, 3.0));
  results.ratios.push(ratio(`peer ratio: check / ajv-cli (${n})`, checks[n].median_ms / ajv.median_ms, 1.0));
  if (n >= 10000) results.ratios.push(ratio(`peak RSS MiB (${n})`, checks[n].peak_rss_mib, 1024));
}

console.log("\napply");
const hasApply = spawnSync(process.execPath, [cli, "apply", "--help"], { stdio: "ignore" }).status === 0;
if (hasApply) {
  for (const n of sizes.filter((s) => s <= 1000)) {
    const target = join(out, `apply-${n}`);
    rmSync(target, { recursive: true, force: true });
    const r = row(`spec-kit apply (${n}), fresh`, [cli, "apply", bundles[n], "--out", target], { runs: 1 });
    if (n === 1000) results.ratios.push(ratio("apply of 1,000 phases, seconds", r.median_ms / 1000, 15));
  }
  const specsCopy = join(out, "specs-copy");
  rmSync(specsCopy, { recursive: true, force: true });
  cpSync(join(root, "specs"), specsCopy, { recursive: true });
  spawnSync(process.execPath, [cli, "apply", specsCopy, "--out", join(specsCopy, "generated")], { stdio: "ignore" });
  const noop = row("spec-kit apply specs, nothing changed", [cli, "apply", specsCopy, "--out", join(specsCopy, "generated")], { runs: 10 });
  results.ratios.push(ratio("no-op apply / node -e 0", noop.median_ms / nodeZero.median_ms, 3.0));
} else {
  console.log("  (apply is not available in this build)");
}

console.log("\nratios");
results.ratios.unshift(
  ratio("validate one report / node -e 0", validateOne.median_ms / nodeZero.median_ms, 3.0),
  ratio("check specs / node -e 0", checkSpecs.median_ms / nodeZero.median_ms, 3.0),
);
if (checks[10000] && checks[1000]) results.ratios.push(ratio("scaling: check 10,000 / 1,000", checks[10000].median_ms / checks[1000].median_ms, 11));

if (!quick) writeFileSync(join(root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(quick ? "\n(--quick: results.json not written)" : "\nwrote bench/results.json");
