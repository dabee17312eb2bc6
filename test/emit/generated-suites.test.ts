/**
 * Runs the suites generated for the 13 phases of specs/ (and the P2-min and P9-trust fixtures) under vitest in
 * a child process, from a temporary folder under .tmp/ (gitignored) whose generated files import
 * the runtime source. Metrics are given for P1 (all met) and P2 (all missed) only. The folder is
 * removed afterwards; set KEEP_EMIT=1 to keep it for debugging.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CriterionClause } from "../../compiler/acceptance.js";
import { flowEmitter, phaseFlow } from "../../compiler/emit/flow-emitter.js";
import { UNCOMPILED_TRIGGER_SUITE, flowTestEmitter } from "../../compiler/emit/flow-test-emitter.js";
import { gateEmitter } from "../../compiler/emit/gate-emitter.js";
import { needsCapabilityTrust, registryPieces } from "../../compiler/emit/phase-registry.js";
import { gateInjections } from "../../compiler/guardrail-names.js";
import { stateMachineEmitter } from "../../compiler/emit/state-machine-emitter.js";
import { METRICS_ENV, SPECIFIED_SUITE, readCriteria, testEmitter } from "../../compiler/emit/test-emitter.js";
import { ESCAPE_SUITE } from "../../runtime/testing.js";
import { REPO_ROOT, emitInputFromPhase, readFixture, specsEmitInput } from "./emit-input.js";
import { RUNTIME_IMPORT } from "./type-check.js";

/** One test of vitest's JSON report. */
interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: "passed" | "failed" | "skipped" | "pending" | "todo";
}

interface JsonReport {
  testResults: { name: string; assertionResults: AssertionResult[] }[];
}

/** A measured value that satisfies (or, with `pass` false, violates) a criterion. */
function measurement(criterion: CriterionClause, pass: boolean): number {
  const { comparator, threshold } = criterion;
  const satisfying = comparator === "<" ? threshold - 1 : comparator === ">" || comparator === "!=" ? threshold + 1 : threshold;
  const violating = comparator === "<" || comparator === "<=" ? threshold + 1 : comparator === "!=" ? threshold : threshold - 1;
  return pass ? satisfying : violating;
}

const dir = join(REPO_ROOT, ".tmp", `emit-${randomUUID()}`);
const input = specsEmitInput(RUNTIME_IMPORT);
/** No approval, no permission, no exit condition, ids beyond the five (one of them __proto__). */
const fixture = emitInputFromPhase("P2-min.yaml", readFixture("emit/phases/P2-min.yaml"), RUNTIME_IMPORT);
/** A phase the registry decides for (P9), with a model name full of code-like text, generated into a folder of its own. */
const trustFixture = emitInputFromPhase("P9.yaml", readFixture("emit/phases/P9-trust.yaml"), `../${RUNTIME_IMPORT}`);
const TRUST_DIR = "trust-fixture";
const phases = [...input.bundle.phases, ...fixture.bundle.phases].map((doc) => doc.data).sort((a, b) => a.phase_meta.phase_id.localeCompare(b.phase_meta.phase_id));
const measured = phases.find((p) => p.phase_meta.phase_id === "P1")!;
const violated = phases.find((p) => p.phase_meta.phase_id === "P2")!;
let results: Map<string, AssertionResult[]>;

/** Tests of one generated suite, by file name. */
function suite(phaseId: string): AssertionResult[] {
  return results.get(`${phaseId}.test.ts`) ?? [];
}

beforeAll(async () => {
  const files = [gateEmitter, stateMachineEmitter, testEmitter, flowEmitter, flowTestEmitter].flatMap((emitter) => [...emitter.emit(input).files, ...emitter.emit(fixture).files]);
  const trustFiles = [gateEmitter, flowEmitter, flowTestEmitter].flatMap((emitter) => emitter.emit(trustFixture).files).map((file) => ({ ...file, path: `${TRUST_DIR}/${file.path}` }));
  for (const file of [...files, ...trustFiles]) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  const metrics: Record<string, Record<string, number>> = {};
  for (const [phase, pass] of [[measured, true], [violated, false]] as const) {
    metrics[phase.phase_meta.phase_id] = Object.fromEntries(readCriteria(phase.acceptance).parsed.flatMap(({ clauses }) => clauses.map((clause) => [clause.metric, measurement(clause, pass)])));
  }
  writeFileSync(join(dir, "metrics.json"), JSON.stringify(metrics));
  // Its own config, so that the repository's (which includes only test/**) is not picked up.
  writeFileSync(join(dir, "vitest.config.mjs"), `export default { test: { include: ["tests/**/*.test.ts", "${TRUST_DIR}/tests/**/*.test.ts"] } };\n`);
  const vitest = join(REPO_ROOT, "node_modules", "vitest", "vitest.mjs");
  const reportFile = join(dir, "report.json");
  const child = await promisify(execFile)(process.execPath, [vitest, "run", "--root", dir, "--config", join(dir, "vitest.config.mjs"), "--reporter=json", `--outputFile=${reportFile}`], {
    cwd: REPO_ROOT,
    env: { ...process.env, [METRICS_ENV]: join(dir, "metrics.json"), FORCE_COLOR: "0" },
  }).catch((error: { stderr?: string }) => error);
  // The run fails by design (P2's metrics miss their criteria); only a missing report is an error.
  if (!existsSync(reportFile)) throw new Error(`vitest wrote no report: ${String(child.stderr)}`);
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as JsonReport;
  const key = (name: string): string => `${name.includes(`/${TRUST_DIR}/`) ? `${TRUST_DIR}:` : ""}${name.slice(name.lastIndexOf("/") + 1)}`;
  results = new Map(report.testResults.map((r) => [key(r.name), r.assertionResults]));
}, 120_000);

afterAll(() => { if (!process.env.KEEP_EMIT) rmSync(dir, { recursive: true, force: true }); });

describe("the generated state machines of specs/", () => {
  it.each(phases.map((p) => p.phase_meta.phase_id))("%s: loads, ends in its exit conditions and walks its flow with loops", async (phaseId) => {
    const module = (await import(pathToFileURL(join(dir, "state-machines", `${phaseId}.ts`)).href)) as typeof import("../fixtures/emit/golden/P7-approval/state-machines/P7.js");
    const phase = phases.find((p) => p.phase_meta.phase_id === phaseId)!;
    expect(module.phaseId).toBe(phaseId);
    expect(module.machine.describe().terminal).toEqual(module.finalStates);
    expect(module.machine.describe().unreachable).toEqual([]);
    if (phase.flow.exit_conditions.length > 0) expect(module.finalStates.map((state) => module.stateLabels[state])).toEqual(phase.flow.exit_conditions);
    else expect(module.finalStates).toEqual(["done"]);
    const run = module.machine.start({ now: () => 0 });
    const trace = { trace_id: "t", session_id: "s", task_id: "k", capability_id: "c", version: "v1" };
    const signals = ["start", ...phase.flow.steps.slice(1).map(() => "next")];
    if (phase.flow.steps.length > 1) signals.push("reject", ...phase.flow.steps.slice(1).map(() => "next"));
    for (const signal of signals) expect(run.send(signal, trace)).toMatchObject({ ok: true });
    const exit = phase.flow.exit_conditions.length > 0 ? module.finalStates[0]! : "next";
    expect(run.send(exit, trace)).toMatchObject({ ok: true });
    expect(run.state).toBe(module.finalStates[0]);
  });
});

describe("the generated suites of specs/ under vitest", () => {
  it("runs one suite and one flow suite per phase", () => {
    const ids = phases.map((p) => p.phase_meta.phase_id);
    expect([...results.keys()].filter((name) => !name.startsWith(TRUST_DIR)).sort()).toEqual([...ids.map((id) => `${id}.test.ts`), ...ids.map((id) => `${id}.flows.test.ts`)].sort());
  });

  it("runs the flow suite of a registry phase whose model name is code-like text: capability trust, its model log, its rollout, all passing", () => {
    const cases = results.get(`${TRUST_DIR}:P9.flows.test.ts`) ?? [];
    expect(new Set(cases.map((t) => t.ancestorTitles[0]))).toEqual(new Set(["rollout and rollback", "data models", "capability trust"]));
    expect(cases.find((t) => t.title.startsWith("Trust check */ `${x}`: appends"))?.status).toBe("passed");
    expect(cases.some((t) => t.title.includes("rollback switch restores"))).toBe(true);
    expect(cases.filter((t) => t.status !== "passed")).toEqual([]);
  });

  it.each(phases.map((p) => p.phase_meta.phase_id))("%s: every escape test passes", (phaseId) => {
    const escape = suite(phaseId).filter((t) => t.ancestorTitles[0] === ESCAPE_SUITE);
    const { runtime_gate: runtimeGate, policy_gate: policyGate } = phases.find((p) => p.phase_meta.phase_id === phaseId)!.guardrails;
    const injections = gateInjections(runtimeGate, policyGate);
    // valid, cross-tenant, expired lease, five trace ids, lease revoked before and during, timeout, tokens;
    // a missing approval where listed; missing / throws / says no for each decided check; no revocation source for tenant boundary
    // and, where the registry gives the phase capability trust (P9), its three cases
    const trust = needsCapabilityTrust(phaseId) ? 3 : 0;
    expect(escape.length).toBe(12 + (policyGate.includes("approval") ? 1 : 0) + 3 * injections.checks.length + (injections.leases ? 1 : 0) + trust);
    expect(escape.map((t) => t.title)).toContain("lease revoked during: a running task is stopped at its next checkpoint, its signal aborted");
    for (const check of injections.checks) expect(escape.map((t) => t.title)).toContain(`${check}: denies when its decision source throws or rejects`);
    expect(escape.filter((t) => t.status !== "passed")).toEqual([]);
  });

  it.each(phases.map((p) => p.phase_meta.phase_id))("%s: its flow suite runs the rollout, its append-only models and its registry piece, all passing", (phaseId) => {
    const cases = results.get(`${phaseId}.flows.test.ts`) ?? [];
    const phase = phases.find((p) => p.phase_meta.phase_id === phaseId)!;
    const blocks = new Set(cases.map((t) => t.ancestorTitles[0]));
    const rollout = cases.filter((t) => t.ancestorTitles[0] === "rollout and rollback");
    expect(rollout.length).toBeGreaterThanOrEqual(4);
    expect(rollout.some((t) => /rolls a canary back by itself/.test(t.title))).toBe(true);
    const appendOnly = phase.data_models.filter((m) => m.append_only).length;
    expect(cases.filter((t) => t.ancestorTitles[0] === "data models" && /refuses one without a key/.test(t.title)).length).toBe(appendOnly);
    const pieceBlocks: Record<string, string> = {
      "cost-account": "cost ledger",
      "capability-trust": "capability trust",
      "replay-boundary": "replay boundary",
      degrade: "degrade and takeover",
      "learning-gate": "learning gate",
      "metric-trace": "metric to task",
    };
    for (const [piece, block] of Object.entries(pieceBlocks)) expect(blocks.has(block), `${phaseId} ${block}`).toBe(registryPieces(phaseId).includes(piece as never));
    const readable = phaseFlow({ phaseId, source: "", report: phase }, input.graph).trigger.clauses.length > 0;
    expect(blocks.has(UNCOMPILED_TRIGGER_SUITE)).toBe(!readable);
    expect(cases.filter((t) => t.status === "todo").map((t) => t.ancestorTitles[0])).toEqual(readable ? [] : [UNCOMPILED_TRIGGER_SUITE]);
    expect(cases.filter((t) => t.status !== "passed" && t.status !== "todo")).toEqual([]);
  });

  it("turns each tests entry into a todo case", () => {
    for (const phase of phases) {
      const todos = suite(phase.phase_meta.phase_id).filter((t) => t.ancestorTitles[0] === SPECIFIED_SUITE);
      const expected = (["unit", "integration", "e2e"] as const).flatMap((kind) => phase.tests[kind].map((text) => `${kind}: ${text}`));
      expect(todos.map((t) => t.title)).toEqual(expected);
      expect(todos.every((t) => t.status === "todo")).toBe(true);
    }
  });

  it("checks acceptance criteria against the metrics file: met ones pass, missed ones fail, phases without metrics skip", () => {
    const acceptance = (phaseId: string) => suite(phaseId).filter((t) => t.ancestorTitles[0]?.startsWith("acceptance criteria"));
    const parsedCount = (phase: typeof measured) => readCriteria(phase.acceptance).parsed.length;
    expect(parsedCount(measured)).toBeGreaterThan(0);
    expect(acceptance("P1").filter((t) => t.status === "passed").length).toBe(parsedCount(measured));
    expect(acceptance("P2").filter((t) => t.status === "failed").length).toBe(parsedCount(violated));
    const unmeasured = acceptance("P7");
    expect(unmeasured.length).toBeGreaterThan(0);
    expect(unmeasured.every((t) => t.status === "skipped" || t.status === "todo")).toBe(true);
    expect(unmeasured[0]!.ancestorTitles[0]).toContain(`set ${METRICS_ENV}`);
  });
});
