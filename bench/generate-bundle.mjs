// Writes a seeded, realistic bundle: 8 layers, a dependency DAG about sqrt(n) wide, two data
// models per phase, half the phases as JSON and half as YAML, about 2 KB a phase. Every
// generated bundle checks clean, so the benchmark measures the full pipeline, not error paths.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dump } from "js-yaml";

const LAYERS = [
  "operator-control-plane",
  "policy-rule-engine",
  "orchestration-scheduler",
  "execution-pools",
  "runtime-kernel",
  "verifier-audit-pipeline",
  "learning-graphrag-engine",
  "reporting-observability",
];
const MODULES_PER_LAYER = 6;

/** A small deterministic PRNG (mulberry32). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function moduleOf(layer, index) {
  return `src/${LAYERS[layer].split("-")[0]}/m${index}`;
}

/** The manifest: layers, a forward-flowing allow list, tenancy. */
export function manifest() {
  const allow = [];
  for (let from = 0; from < LAYERS.length; from++) {
    for (let to = 0; to < LAYERS.length; to++) if (from !== to && (to > from || to === 2)) allow.push({ from: LAYERS[from], to: LAYERS[to] });
  }
  return {
    specKit: 1,
    name: "bench",
    layers: LAYERS.map((id, i) => ({
      id,
      modules: Array.from({ length: MODULES_PER_LAYER }, (_, m) => moduleOf(i, m)),
      ...(id === "runtime-kernel" ? { gated: true } : {}),
    })),
    allow,
    tenancy: { key: "tenant_id", global_models: ["CapabilityCatalog"] },
  };
}

function phase(i, deps, unblocks, rnd, untraced) {
  const id = `P${i}`;
  const writeLayer = Math.floor(rnd() * LAYERS.length);
  const readLayer = writeLayer === 0 ? 0 : Math.floor(rnd() * writeLayer);
  const pick = (layer) => moduleOf(layer, Math.floor(rnd() * MODULES_PER_LAYER));
  const noun = ["lease", "budget", "capability", "event", "snapshot", "policy", "route", "report"][i % 8];
  return {
    phase_meta: { phase_id: id, title: `Phase ${i}: ${noun} handling`, priority: ["highest", "high", "medium", "low"][i % 4], version: "v1", owner: "bench-core" },
    objective: {
      problem: `The ${noun} path of phase ${i} has no enforced contract between its reader and writer modules.`,
      outcome: `Every ${noun} operation of phase ${i} is validated, traced and replayable from the event stream.`,
    },
    invariants: [
      `Every ${noun} record carries all five trace ids.`,
      `A ${noun} update never crosses a tenant boundary.`,
      // Nothing in the tests names its words: one `invariant/untraced` warning per phase.
      ...(untraced ? ["Quarantined shards stay frozen until an operator releases them."] : []),
    ],
    module_scope: { write_modules: [pick(writeLayer)], read_modules: [pick(readLayer), pick(writeLayer)], external_surfaces: ["CLI", "state_store adapter"] },
    data_models: [
      { name: `${noun[0].toUpperCase()}${noun.slice(1)}Record${i}`, kind: "table", keys: [`${noun}_id`, "tenant_id"], append_only: true },
      { name: `${noun[0].toUpperCase()}${noun.slice(1)}Event${i}`, kind: "event", keys: ["event_id", "tenant_id", "trace_id", "task_id"], append_only: true },
    ],
    flow: {
      trigger: `A ${noun} request for phase ${i} arrives with identity and constraints.`,
      steps: [`Validate the ${noun} envelope and its trace ids.`, `Apply the ${noun} policy for the tenant.`, `Persist the ${noun} record and append its event.`, `Emit the ${noun} receipt to the verifier.`],
      exit_conditions: [`${noun} persisted`, `${noun} rejected with a reason`],
    },
    guardrails: {
      runtime_gate: ["budget", "timeout", "sandbox", "token"],
      policy_gate: ["permission", "tenant boundary"],
      audit_trace: ["trace_id", "session_id", "task_id", "capability_id", "version"],
    },
    tests: {
      unit: [`${noun} envelope without trace ids is rejected`, `${noun} record keeps its tenant`],
      integration: [`cross-tenant ${noun} update is denied`],
      e2e: [`${noun} replay reproduces the same receipt chain`],
    },
    acceptance: [`${noun} records without trace ids = 0%`, `p99 ${noun} validation latency <= ${5 + (i % 20)} ms`, `cross-tenant ${noun} update success rate = 0%`],
    rollback: { trigger: `${noun} rejection rate above 5% for 10 minutes`, action: `switch the ${noun} path back to the previous version`, target_version: "v1" },
    dependency_graph: { depends_on: deps.map((d) => `P${d}`), unblocks: unblocks.map((u) => `P${u}`) },
    status: { stage: "planned", completion: 0, risks: [`${noun} volume spikes`], next_actions: [`write ${noun} contract tests`] },
  };
}

/**
 * Writes a bundle of `n` phases into `dir` (replacing it). Returns the number of bytes written.
 * With `untraced`, every phase carries one more invariant that no test traces, so `check`
 * reports one `invariant/untraced` warning in every file (the diagnostics-heavy bundle).
 */
export function generateBundle(dir, n, seed = 42, { untraced = false } = {}) {
  const rnd = prng(seed);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "phases"), { recursive: true });
  writeFileSync(join(dir, "spec-kit.yaml"), dump(manifest(), { lineWidth: -1 }));
  const width = Math.max(1, Math.round(Math.sqrt(n)));
  const deps = Array.from({ length: n + 1 }, () => []);
  const unblocks = Array.from({ length: n + 1 }, () => []);
  for (let i = width + 1; i <= n; i++) {
    const levelStart = Math.floor((i - 1) / width) * width + 1;
    const previousLevel = levelStart - width;
    const count = 1 + Math.floor(rnd() * 3);
    const chosen = new Set();
    for (let k = 0; k < count; k++) chosen.add(previousLevel + Math.floor(rnd() * width));
    for (const d of [...chosen].sort((a, b) => a - b)) {
      deps[i].push(d);
      unblocks[d].push(i);
    }
  }
  let bytes = 0;
  for (let i = 1; i <= n; i++) {
    const doc = phase(i, deps[i], unblocks[i].sort((a, b) => a - b), rnd, untraced);
    const text = i % 2 === 0 ? `${JSON.stringify(doc, null, 2)}\n` : dump(doc, { lineWidth: -1 });
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, "phases", `P${i}.${i % 2 === 0 ? "json" : "yaml"}`), text);
  }
  return bytes;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const [dir, n, flag] = process.argv.slice(2);
  const bytes = generateBundle(dir, Number(n), 42, { untraced: flag === "--untraced" });
  console.log(`wrote ${n} phases (${bytes} bytes) to ${dir}`);
}
