// A downstream runner's view of what `apply specs` writes under generated/contracts: a project
// outside this repository copies the folder, compiles a consumer against its index.ts with
// `tsc --strict` and runs it under plain node, resolving spec-kit/runtime, ajv and ajv-formats
// as installed packages. The seed's valid examples pass; wrong types, missing fields and bad
// formats are refused with ajv's errors and their paths.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../emit/emit-input.js";

const TIMEOUT_MS = 180_000;
const scratch = mkdtempSync(join(tmpdir(), "spec-kit-consumer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CONSUMER = `
import {
  ContractViolationError,
  assertArtifactEvidence,
  assertMissionPrompt,
  assertValidationReport,
  appendSessionTransition,
  isAgentLifecycleEvent,
  isArtifactEvidence,
  isMissionPrompt,
  isValidationReport,
  type MissionPrompt,
  type SessionTransition,
} from "./contracts/index.js";
import { createEventLog } from "spec-kit/runtime";

const UUID = "5f0c8c4e-8a6b-4f7e-9b61-2f0d3c1e9a10";
const prompt: MissionPrompt = { id: UUID, objective: "Ship P7", priority: "P0", originatingSpec: "https://spec-kit.dev/specs/p7", createdAt: "2026-01-02T03:04:05Z" };
// @ts-expect-error -- a priority outside 'P0' | 'P1' | 'P2' does not type-check
const wrongPriority: MissionPrompt = { ...prompt, priority: "P9" };
// @ts-expect-error -- a missing field does not type-check
const missing: MissionPrompt = { id: UUID, objective: "x", priority: "P1", originatingSpec: "https://a.b" };
void wrongPriority;
void missing;

function thrown(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof ContractViolationError)) throw error;
    return error.contract + ": " + error.message + " | paths " + error.errors.map((e) => e.instancePath).join(",");
  }
}

const evidence = { artifactId: UUID, missionId: UUID, type: "code", uri: "s3://agentnexus-evidence/a", checksum: "sha256:ab", reviewer: "qa" };
const report = { reportId: UUID, artifactId: UUID, suite: "unit", result: "pass", coverage: 0.93, generatedAt: "2026-01-02T03:04:05Z" };
const lifecycle = { agentId: "implementer-v4", lifecycle: "escalated", capabilityProfile: "writer", energyBudget: 100 };
const unknownValue: unknown = JSON.parse(JSON.stringify(prompt));
if (isMissionPrompt(unknownValue)) {
  const narrowed: "P0" | "P1" | "P2" = unknownValue.priority;
  void narrowed;
}

const transition: SessionTransition = { transition_id: "t1", session_id: "s1", tenant_id: "acme", trace_id: "tr1", task_id: "task-1" };
const log = createEventLog<SessionTransition>();
appendSessionTransition(log, transition);
const refusedAppend = thrown(() => appendSessionTransition(log, { ...transition, task_id: 7 } as unknown as SessionTransition));

const results = {
  valid: [isMissionPrompt(prompt), isArtifactEvidence(evidence), isValidationReport(report), isAgentLifecycleEvent(lifecycle)],
  validAsserted: [thrown(() => assertMissionPrompt(prompt)), thrown(() => assertArtifactEvidence(evidence)), thrown(() => assertValidationReport(report))],
  wrongTypes: [isMissionPrompt({ ...prompt, priority: "P9" }), isValidationReport({ ...report, coverage: "high" }), isAgentLifecycleEvent({ ...lifecycle, energyBudget: "lots" })],
  missing: [isMissionPrompt({ id: UUID }), isArtifactEvidence({ ...evidence, reviewer: undefined })],
  badFormats: [isMissionPrompt({ ...prompt, id: "not-a-uuid" }), isMissionPrompt({ ...prompt, createdAt: "yesterday" }), isArtifactEvidence({ ...evidence, uri: "no scheme" })],
  extra: isMissionPrompt({ ...prompt, extra: 1 }),
  wrongTypeThrown: thrown(() => assertValidationReport({ ...report, coverage: "high" })),
  missingThrown: thrown(() => assertMissionPrompt({ id: UUID, objective: "x", priority: "P1", originatingSpec: "https://a.b" })),
  formatThrown: thrown(() => assertMissionPrompt({ ...prompt, id: "not-a-uuid", createdAt: "yesterday" })),
  refusedAppend,
  logLength: log.records().length,
  chain: log.verify().ok,
};
console.log(JSON.stringify(results));
`;

function run(command: string, args: readonly string[], cwd: string): { code: number | null; out: string } {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: TIMEOUT_MS });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("generated/contracts, consumed outside the project", () => {
  const project = join(scratch, "runner");

  beforeAll(() => {
    mkdirSync(join(project, "node_modules"), { recursive: true });
    cpSync(join(REPO_ROOT, "generated", "contracts"), join(project, "contracts"), { recursive: true });
    for (const [name, target] of [
      ["spec-kit", REPO_ROOT],
      ["ajv", join(REPO_ROOT, "node_modules", "ajv")],
      ["ajv-formats", join(REPO_ROOT, "node_modules", "ajv-formats")],
    ] as const) {
      symlinkSync(target, join(project, "node_modules", name), "dir");
    }
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "runner", private: true, type: "module" }));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: [], outDir: "out", rootDir: ".", skipLibCheck: false, noUnusedLocals: true },
        include: ["consumer.ts", "contracts/**/*.ts"],
      }),
    );
    writeFileSync(join(project, "consumer.ts"), CONSUMER);
  });

  it(
    "type-checks under tsc --strict and runs: valid examples pass; wrong types, missing fields and bad formats are refused with paths",
    () => {
      const tsc = run(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--strict"], project);
      expect(tsc.out).toBe("");
      expect(tsc.code).toBe(0);
      cpSync(join(project, "contracts", "validators.js"), join(project, "out", "contracts", "validators.js"));
      const node = run(process.execPath, [join(project, "out", "consumer.js")], project);
      expect(node.code, node.out).toBe(0);
      const results = JSON.parse(node.out) as Record<string, unknown>;
      expect(results.valid).toEqual([true, true, true, true]);
      expect(results.validAsserted).toEqual([null, null, null]);
      expect(results.wrongTypes).toEqual([false, false, false]);
      expect(results.missing).toEqual([false, false]);
      expect(results.badFormats).toEqual([false, false, false]);
      expect(results.extra).toBe(false);
      expect(results.wrongTypeThrown).toBe("ValidationReport: not a valid ValidationReport: /coverage must be number | paths /coverage");
      expect(results.missingThrown).toBe("MissionPrompt: not a valid MissionPrompt: (root) must have required property 'createdAt' | paths ");
      expect(results.formatThrown).toBe(
        'MissionPrompt: not a valid MissionPrompt: /id must match format "uuid"; /createdAt must match format "date-time" | paths /id,/createdAt',
      );
      expect(results.refusedAppend).toBe("SessionTransition: not a valid SessionTransition: /task_id must be string | paths /task_id");
      expect(results.logLength).toBe(1);
      expect(results.chain).toBe(true);
    },
    TIMEOUT_MS,
  );

  it("declares every contract of specs/ in index.ts with its type, is-, assert- and, for append-only events, append- functions", () => {
    const index = readFileSync(join(REPO_ROOT, "generated", "contracts", "index.ts"), "utf8");
    for (const name of ["MissionPrompt", "ArtifactEvidence", "ValidationReport", "AgentLifecycleEvent", "SessionLease", "TraceEvent"]) {
      expect(index).toContain(`export type { ${name} } from "./${name}.js";`);
      expect(index).toContain(`export function is${name}(value: unknown): value is ${name} {`);
      expect(index).toContain(`export function assert${name}(value: unknown): asserts value is ${name} {`);
    }
    expect(index).toContain("export function appendTraceEvent(log: contractRuntime.EventLog<TraceEvent>, record: TraceEvent)");
    // A table (SessionLease) and a mutable dto get no append.
    expect(index).not.toContain("appendSessionLease");
    expect(index).not.toContain("appendTaskEnvelope");
  });
});
