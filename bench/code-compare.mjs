#!/usr/bin/env node
// `spec-kit check --code` against dependency-cruiser and madge on rxjs's TypeScript sources:
// time and peak RSS of each tool (separate processes, several runs, median), the floor
// (ts.createSourceFile over the same files and nothing else), and the import cycles each
// tool finds, as strongly connected groups and as paths, with the differences printed.
// `node bench/code-compare.mjs [--runs N] [--json FILE] [--targets]`; needs `npm run build` first.
// `--targets` measures only what the project's target needs (the floor and spec-kit with a
// gated layer: at most 1.5 times the floor), not the peers.
// `node bench/code-compare.mjs --floor DIR` is the floor itself (one measured process).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

if (process.argv[2] === "--floor") {
  const ts = require("typescript");
  let files = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(?:ts|tsx|mts|cts)$/.test(entry.name)) {
        ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, false);
        files++;
      }
    }
  };
  walk(process.argv[3]);
  process.exit(files > 0 ? 0 : 1);
}

const argValue = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
};
const runs = Number(argValue("--runs", "5"));
const targetsOnly = process.argv.includes("--targets");
/** The target: code checks with a gated layer (the type checker on) within this many times the floor. */
const GATED_FLOOR_TARGET = 1.5;
const jsonOut = argValue("--json", undefined);
const cli = join(root, "dist", "cli", "main.js");
const depcruise = join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
const madge = join(root, "node_modules", "madge", "bin", "cli.js");
for (const [name, path] of [["dist/cli/main.js (npm run build)", cli], ["dependency-cruiser", depcruise], ["madge", madge], ["rxjs", join(root, "node_modules", "rxjs", "src")]]) {
  if (!existsSync(path)) {
    console.error(`code-compare: ${name} is missing`);
    process.exit(2);
  }
}

// rxjs's sources outside node_modules (madge never walks into node_modules), with the
// tsconfig its src/tsconfig.base.json extends.
const work = mkdtempSync(join(tmpdir(), "spec-kit-code-compare-"));
const bundle = join(work, "rxjs");
cpSync(join(root, "node_modules", "rxjs", "src"), join(bundle, "src"), { recursive: true });
cpSync(join(root, "node_modules", "rxjs", "tsconfig.json"), join(bundle, "tsconfig.json"));
const TSCONFIG = "src/tsconfig.base.json";
const LAYERS = `layers:
  - {id: public-api, modules: [src/index.ts, src/operators, src/ajax, src/fetch, src/testing, src/webSocket]}
  - {id: operators, modules: [src/internal/operators]}
  - {id: observables, modules: [src/internal/observable]}
  - {id: schedulers, modules: [src/internal/scheduler, src/internal/testing]}
  - {id: core, modules: [src/internal]}
allow:
  - {from: public-api, to: operators}
  - {from: public-api, to: observables}
  - {from: public-api, to: schedulers}
  - {from: public-api, to: core}
  - {from: operators, to: core}
  - {from: operators, to: observables}
  - {from: operators, to: schedulers}
  - {from: observables, to: core}
  - {from: observables, to: schedulers}
  - {from: schedulers, to: core}
`;
writeFileSync(join(bundle, "spec-kit.yaml"), `specKit: 1\nname: rxjs\ncode: {root: src, tsconfig: ${TSCONFIG}}\n${LAYERS}`);
// The same code with type-only imports counted in cycles (madge counts them), and with a
// gated layer (the only case that builds a type-checking program).
const typed = join(work, "typed");
mkdirSync(typed);
writeFileSync(join(typed, "spec-kit.yaml"), `specKit: 1\nname: rxjs-typed\ncode: {root: ../rxjs/src, tsconfig: ../rxjs/${TSCONFIG}, typeOnlyCycles: true}\n`);
const gated = join(work, "gated");
mkdirSync(gated);
cpSync(join(bundle, "src"), join(gated, "src"), { recursive: true });
cpSync(join(bundle, "tsconfig.json"), join(gated, "tsconfig.json"));
// rxjs's helpers (src/internal/util) become a gated layer of their own: every call to them from
// elsewhere is outside a gate, so the analysis has work to do.
writeFileSync(
  join(gated, "spec-kit.yaml"),
  `specKit: 1\nname: rxjs-gated\ncode: {root: src, tsconfig: ${TSCONFIG}}\n${LAYERS.replace("allow:", "  - {id: util, modules: [src/internal/util], gated: true}\nallow:")}`,
);

const round = (x) => Math.round(x * 10) / 10;

// Preloaded into each measured process: appends its peak RSS (bytes) and CPU time (ms, user +
// system) when it exits. CPU time is the steadier figure on a shared machine.
const probe = join(work, "probe.cjs");
writeFileSync(
  probe,
  `const { appendFileSync } = require("node:fs");
const file = process.env.CODE_COMPARE_PROBE_FILE;
if (file) process.on("exit", () => {
  const usage = process.resourceUsage();
  appendFileSync(file, usage.maxRSS * 1024 + " " + (usage.userCPUTime + usage.systemCPUTime) / 1000 + "\\n");
});
`,
);

/** Runs one command `runs` times as its own process; median wall and CPU time, peak RSS, and the last run's stdout. */
function measure(label, args, { cwd = bundle, expect = [0, 1] } = {}) {
  const rssFile = join(work, `rss-${label.replace(/\W+/g, "-")}`);
  const times = [];
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NODE_OPTIONS: `--require ${probe}`, CODE_COMPARE_PROBE_FILE: rssFile, NO_COLOR: "1" },
    });
    times.push(performance.now() - start);
    if (!expect.includes(result.status)) {
      console.error(`code-compare: ${label} exited ${result.status}: ${String(result.stderr).slice(0, 600)}`);
      process.exit(2);
    }
    stdout = result.stdout;
  }
  times.sort((a, b) => a - b);
  const samples = readFileSync(rssFile, "utf8").trim().split("\n").map((line) => line.split(" ").map(Number));
  const rss = Math.max(...samples.map(([bytes]) => bytes));
  const cpu = samples.map(([, ms]) => ms).sort((a, b) => a - b);
  const row = {
    label,
    median_ms: round(times[Math.floor(times.length / 2)]),
    min_ms: round(times[0]),
    median_cpu_ms: round(cpu[Math.floor(cpu.length / 2)]),
    peak_rss_mib: round(rss / 1048576),
    runs,
  };
  console.log(`  ${label.padEnd(50)} ${String(row.median_ms).padStart(8)} ms wall  ${String(row.median_cpu_ms).padStart(8)} ms cpu  ${String(row.peak_rss_mib).padStart(6)} MiB`);
  return { row, stdout };
}

const srcOf = (path) => path.replace(/^(?:\.\.\/rxjs\/)?src\//, "");

/** A cycle as a canonical key: rotated to start at its smallest file. */
function canonical(cycle) {
  let best = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i] < cycle[best]) best = i;
  return [...cycle.slice(best), ...cycle.slice(0, best)].join(" -> ");
}

/** Strongly connected groups implied by a list of cycles: files joined when a cycle holds both. */
function groupsOf(cycles) {
  const parent = new Map();
  const find = (x) => {
    while (parent.get(x) !== x) x = parent.get(x);
    return x;
  };
  for (const cycle of cycles) {
    for (const file of cycle) if (!parent.has(file)) parent.set(file, file);
    for (const file of cycle.slice(1)) parent.set(find(file), find(cycle[0]));
  }
  const groups = new Map();
  for (const file of parent.keys()) {
    const key = find(file);
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
}

function specKitCycles(stdout) {
  const report = JSON.parse(stdout);
  const cycles = [];
  for (const d of report.diagnostics) {
    if (d.ruleId !== "code/no-cycle") continue;
    const match = /^import cycle: (.*)$/.exec(d.message);
    if (match) cycles.push(match[1].split(" -> ").slice(0, -1).map(srcOf));
    else console.log(`  note: spec-kit listed a bounded group: ${d.message.slice(0, 120)}`);
  }
  const counts = {};
  for (const d of report.diagnostics) counts[d.ruleId] = (counts[d.ruleId] ?? 0) + 1;
  return { cycles, counts };
}

function depcruiseCycles(stdout) {
  const result = JSON.parse(stdout);
  const cycles = [];
  let edges = 0;
  for (const module of result.modules) {
    for (const dep of module.dependencies) {
      edges++;
      if (!dep.circular || !Array.isArray(dep.cycle)) continue;
      const path = dep.cycle.map((step) => (typeof step === "string" ? step : step.name)).map(srcOf);
      // dependency-cruiser lists the cycle from the dependency back to the module.
      cycles.push([srcOf(module.source), ...path.slice(0, -1)]);
    }
  }
  return { cycles, modules: result.modules.length, edges };
}

function madgeCycles(stdout) {
  return { cycles: JSON.parse(stdout).map((cycle) => cycle.map(srcOf)) };
}

function compare(label, a, b) {
  const keysA = new Set(a.cycles.map(canonical));
  const keysB = new Set(b.cycles.map(canonical));
  const onlyA = [...keysA].filter((k) => !keysB.has(k)).sort();
  const onlyB = [...keysB].filter((k) => !keysA.has(k)).sort();
  const groupsA = groupsOf(a.cycles).map((g) => g.join(", "));
  const groupsB = groupsOf(b.cycles).map((g) => g.join(", "));
  console.log(`\n  ${label}`);
  console.log(`    groups: ${a.name} ${groupsA.length} (sizes ${groupsOf(a.cycles).map((g) => g.length).join(", ") || "-"}), ${b.name} ${groupsB.length} (sizes ${groupsOf(b.cycles).map((g) => g.length).join(", ") || "-"}); identical: ${JSON.stringify(groupsA) === JSON.stringify(groupsB)}`);
  console.log(`    paths: ${a.name} ${keysA.size}, ${b.name} ${keysB.size}, shared ${[...keysA].filter((k) => keysB.has(k)).length}, only ${a.name} ${onlyA.length}, only ${b.name} ${onlyB.length}`);
  for (const key of onlyB.slice(0, 8)) console.log(`      only ${b.name}: ${key}`);
  if (onlyB.length > 8) console.log(`      … ${onlyB.length - 8} more`);
  for (const [x, y] of [[a, b], [b, a]]) {
    const inY = new Set(groupsOf(y.cycles).flat());
    const outside = groupsOf(x.cycles).flat().filter((f) => !inY.has(f)).sort();
    if (outside.length > 0) console.log(`    files on ${x.name}'s cycles and on none of ${y.name}'s: ${outside.join(", ")}`);
  }
  return { label, groups: { [a.name]: groupsA, [b.name]: groupsB }, paths: { [a.name]: keysA.size, [b.name]: keysB.size }, only: { [a.name]: onlyA, [b.name]: onlyB } };
}

const files = (function count(dir) {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? count(join(dir, entry.name)) : /\.(?:ts|tsx|mts|cts)$/.test(entry.name) ? 1 : 0;
  return n;
})(join(bundle, "src"));
console.log(`code-compare on rxjs ${JSON.parse(readFileSync(join(root, "node_modules", "rxjs", "package.json"), "utf8")).version} src (${files} TypeScript files), ${cpus()[0]?.model ?? "unknown cpu"} x${cpus().length}, Node ${process.version}, ${runs} runs each`);
console.log(`  (work folder ${relative(process.cwd(), work) || work})\n`);

const floor = measure("floor: ts.createSourceFile over the files", [fileURLToPath(import.meta.url), "--floor", join(bundle, "src")], { expect: [0] });
const specKitGated = measure("spec-kit check, a gated layer (type-checker)", [cli, "check", gated, "--format", "json"], { cwd: gated });
const gatedRatio = specKitGated.row.median_ms / floor.row.median_ms;
const target = {
  name: "code checks with a gated layer / createSourceFile floor",
  value: Number(gatedRatio.toFixed(2)),
  cpu: Number((specKitGated.row.median_cpu_ms / floor.row.median_cpu_ms).toFixed(2)),
  target: GATED_FLOOR_TARGET,
  met: gatedRatio <= GATED_FLOOR_TARGET,
};
console.log(`\n  ${target.name.padEnd(50)} ${target.value.toFixed(2).padStart(8)} wall  ${target.cpu.toFixed(2).padStart(8)} cpu  target <= ${GATED_FLOOR_TARGET}  ${target.met ? "met" : "NOT MET"}`);
let rows = [floor, specKitGated].map((r) => r.row);
let ratios = [];
let comparisons = [];
if (!targetsOnly) {
  const specKit = measure("spec-kit check --code (layers + cycles)", [cli, "check", ".", "--format", "json"]);
  const specKitTyped = measure("spec-kit check, typeOnlyCycles: true", [cli, "check", typed, "--format", "json"]);
  // Both tools get the tsconfig as an absolute path: dependency-cruiser resolves a relative one's
  // `extends` against the wrong folder.
  const dcArgs = [depcruise, "--no-config", "--output-type", "json", "--ts-config", join(bundle, TSCONFIG), "--exclude", "\\.js$", "src"];
  const dc = measure("dependency-cruiser --no-config --output-type json", dcArgs, { expect: [0] });
  const dcPre = measure("dependency-cruiser … --ts-pre-compilation-deps", [...dcArgs, "--ts-pre-compilation-deps"], { expect: [0] });
  const md = measure("madge --circular --json", [madge, "--circular", "--json", "--ts-config", join(bundle, TSCONFIG), "--extensions", "ts", "src"]);

  const sk = { name: "spec-kit", ...specKitCycles(specKit.stdout) };
  const skTyped = { name: "spec-kit(typed)", ...specKitCycles(specKitTyped.stdout) };
  const skGated = specKitCycles(specKitGated.stdout);
  const dcResult = { name: "depcruise", ...depcruiseCycles(dc.stdout) };
  const dcPreResult = { name: "depcruise(pre)", ...depcruiseCycles(dcPre.stdout) };
  const mdResult = { name: "madge", ...madgeCycles(md.stdout) };

  console.log("\nratios (median wall time, median CPU time)");
  const ratio = (name, a, b) => {
    const wall = a.row.median_ms / b.row.median_ms;
    const cpu = a.row.median_cpu_ms / b.row.median_cpu_ms;
    console.log(`  ${name.padEnd(50)} ${wall.toFixed(2).padStart(8)} wall  ${cpu.toFixed(2).padStart(8)} cpu`);
    return { name, wall: Number(wall.toFixed(2)), cpu: Number(cpu.toFixed(2)) };
  };
  ratios = [
    ratio("spec-kit / dependency-cruiser", specKit, dc),
    ratio("spec-kit / dependency-cruiser --ts-pre-compilation-deps", specKit, dcPre),
    ratio("spec-kit / madge", specKit, md),
    ratio("spec-kit / floor", specKit, floor),
    ratio("spec-kit with a gated layer / spec-kit", specKitGated, specKit),
  ];

  console.log("\nfindings");
  console.log(`  spec-kit: ${JSON.stringify(sk.counts)}; with a gated layer: ${JSON.stringify(skGated.counts)}`);
  console.log(`  dependency-cruiser: ${dcResult.modules} modules, ${dcResult.edges} dependencies; with --ts-pre-compilation-deps: ${dcPreResult.modules} modules, ${dcPreResult.edges} dependencies`);

  console.log("\ncycles");
  comparisons = [
    compare("spec-kit (type-only imports excluded) vs dependency-cruiser (default: imports used only as types are elided)", sk, dcResult),
    compare("spec-kit (type-only imports excluded) vs dependency-cruiser --ts-pre-compilation-deps", sk, dcPreResult),
    compare("spec-kit typeOnlyCycles: true vs dependency-cruiser --ts-pre-compilation-deps", skTyped, dcPreResult),
    compare("spec-kit typeOnlyCycles: true vs madge", skTyped, mdResult),
    compare("spec-kit (type-only imports excluded) vs madge", sk, mdResult),
  ];
  rows = [floor, specKit, specKitTyped, specKitGated, dc, dcPre, md].map((r) => r.row);
}

if (jsonOut) {
  writeFileSync(jsonOut, `${JSON.stringify({ rxjs: JSON.parse(readFileSync(join(root, "node_modules", "rxjs", "package.json"), "utf8")).version, files, rows, target, ratios, comparisons }, null, 2)}\n`);
  console.log(`\nwrote ${jsonOut}`);
}
rmSync(work, { recursive: true, force: true });
