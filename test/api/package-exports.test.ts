// The package as a user imports it: by name, through package.json "exports", from compiled code.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

function runModule(source: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ["--input-type=module", "-e", source], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
}

describe("package exports", () => {
  it('exposes loadBundle, validate and check from "spec-kit"', () => {
    const r = runModule(`
      import { loadBundle, validate, check, readCriterion, ALL_RULES } from "spec-kit";
      const loaded = loadBundle("specs");
      const checked = check("specs");
      const validated = validate(["test/fixtures/phases/valid.json", "test/fixtures/hostile/duplicate-key.json"]);
      console.log(JSON.stringify({
        phases: loaded.bundle.phases.length,
        checkErrors: checked.summary.errors,
        graph: typeof checked.graph.toJSON,
        rules: ALL_RULES.length,
        validated: validated.diagnostics.filter((d) => d.severity === "error").map((d) => [d.file, d.ruleId]),
        criterion: readCriterion("errors < 5 per 1,000 requests"),
      }));
    `);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      phases: 13,
      checkErrors: 0,
      graph: "function",
      rules: expect.any(Number),
      validated: [["test/fixtures/hostile/duplicate-key.json", "protocol/parse"]],
      criterion: { status: "exact", clauses: [{ metric: "errors", comparator: "<", threshold: 5, unit: "", rate: { per: 1000, unit: "requests" } }] },
    });
  });

  it('exposes the runtime gate from "spec-kit/runtime"', () => {
    const r = runModule(`
      import { GateDependencyError, createGate } from "spec-kit/runtime";
      const policy = { phaseId: "P7", runtimeGate: ["timeout"], policyGate: ["tenant boundary"], auditTrace: ["trace_id", "session_id", "task_id", "capability_id", "version"] };
      const now = () => Date.parse("2026-01-01T00:00:00Z");
      let refused = "";
      try { createGate(policy, { now }); } catch (error) { refused = error instanceof GateDependencyError ? error.name : "other"; }
      const gate = createGate(policy, { now, leases: (envelope) => envelope.lease.id !== "revoked" });
      const ids = { trace_id: "t", session_id: "s", task_id: "k", capability_id: "c", version: "v1", principal: "p" };
      let calls = 0;
      const denied = await gate.execute({ ...ids, tenant_id: "a", lease: { id: "l", tenant_id: "b", expires_at: "2027-01-01T00:00:00Z" } }, async () => ++calls);
      const revoked = await gate.execute({ ...ids, tenant_id: "a", lease: { id: "revoked", tenant_id: "a", expires_at: "2027-01-01T00:00:00Z" } }, async () => ++calls);
      const allowed = await gate.execute({ ...ids, tenant_id: "a", lease: { id: "l", tenant_id: "a", expires_at: "2027-01-01T00:00:00Z" } }, async () => ++calls);
      console.log(JSON.stringify({ refused, denied: denied.decision, revoked: revoked.reason, allowed: allowed.decision, result: allowed.result, calls }));
    `);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ refused: "GateDependencyError", denied: "denied", revoked: "lease-revoked", allowed: "allowed", result: 1, calls: 1 });
  });

  it('resolves the gate escape battery "spec-kit/runtime/testing" to the build, apart from "spec-kit/runtime"', () => {
    // Resolved only: the module imports vitest, which is meant to be loaded by a vitest run.
    const r = runModule(`
      console.log(JSON.stringify([import.meta.resolve("spec-kit/runtime/testing"), import.meta.resolve("spec-kit/runtime")]));
    `);
    expect(r.stderr).toBe("");
    const [testing, runtime] = JSON.parse(r.stdout) as [string, string];
    expect(testing).toMatch(/\/dist\/runtime\/testing\.js$/u);
    expect(runtime).toMatch(/\/dist\/runtime\/index\.js$/u);
  });
});
