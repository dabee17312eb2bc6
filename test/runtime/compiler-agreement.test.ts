/**
 * The compiler and the runtime read one guardrail vocabulary (common/guardrail-vocabulary.ts); the
 * compiler keeps its own copies of a few other runtime facts so that `compiler/` never imports the
 * runtime's sources. These tests keep both sides agreeing.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseAcceptance, readCriterion } from "../../compiler/acceptance.js";
import { TRACE_IDS, isBuiltInGuardrail } from "../../compiler/guardrail-names.js";
import { GateDependencyError, POLICY_GATE_NAMES, RUNTIME_GATE_NAMES, TRACE_ID_KEYS, createGate, evaluateCriterion } from "../../runtime/index.js";
import { checkFiles, only } from "../helpers/rule-tester.js";
import { phaseYaml, phaseBundle } from "../../compiler/check/rule-examples.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/phase-report.schema.json", import.meta.url), "utf8")) as {
  $defs: Record<string, { enum?: string[] }>;
};

/** Whether the runtime treats a policy gate name as one it implements or decides by a built-in source (it builds with only the built-in sources). */
function runtimeKnows(group: "runtimeGate" | "policyGate", name: string): boolean {
  const policy = { phaseId: "P1", runtimeGate: [] as string[], policyGate: [] as string[], auditTrace: [] as string[], [group]: [name] };
  const deps = { now: () => 0, leases: () => true, checks: { permission: () => true, approval: () => true, sandbox: () => true } };
  try {
    createGate(policy, deps);
    return true;
  } catch (error) {
    if (error instanceof GateDependencyError) return false;
    throw error;
  }
}

/** Whether `check` (the static rules) reports the name as unknown in that group. */
function rulesReject(group: "runtime_gate" | "policy_gate", name: string): boolean {
  const lists = { runtime_gate: "[budget, timeout, sandbox, token]", policy_gate: "[approval, tenant boundary]" };
  const listed = group === "runtime_gate" ? `[budget, timeout, sandbox, token, ${JSON.stringify(name)}]` : `[approval, tenant boundary, ${JSON.stringify(name)}]`;
  const phase = phaseYaml({ replace: { [`${group}: ${lists[group]}`]: `${group}: ${listed}` } });
  return only(checkFiles(phaseBundle(phase)), "guardrails/unknown-name").length > 0;
}

describe("one guardrail vocabulary for the compiler and the runtime", () => {
  it("lists the runtime's five trace ids, in its order", () => {
    expect(TRACE_IDS).toEqual([...TRACE_ID_KEYS]);
  });

  it("has the schema's enums as its built-in names", () => {
    expect(schema.$defs.runtimeGateName?.enum).toEqual([...RUNTIME_GATE_NAMES]);
    expect(schema.$defs.policyGateName?.enum).toEqual([...POLICY_GATE_NAMES]);
    expect(schema.$defs.traceIdName?.enum).toEqual([...TRACE_ID_KEYS]);
  });

  // The normalisation question: neither side folds case or separators. "tenant-boundary" is not
  // "tenant boundary" for the rules (an unknown name) nor for the runtime (a check it cannot build).
  it.each([
    ["policy_gate", "tenant boundary"],
    ["policy_gate", "tenant-boundary"],
    ["policy_gate", "tenant_boundary"],
    ["policy_gate", "Tenant Boundary"],
    ["policy_gate", "tenant  boundary"],
    ["policy_gate", "approval"],
    ["policy_gate", "APPROVAL"],
    ["policy_gate", "aproval"],
    ["policy_gate", "permission"],
    ["runtime_gate", "timeout"],
    ["runtime_gate", "timout"],
    ["runtime_gate", "Timeout"],
    ["runtime_gate", "sandbox"],
    ["runtime_gate", "sandbx"],
    ["runtime_gate", "token"],
    ["runtime_gate", "budget"],
  ] as const)("%s %j: the rules accept it exactly when the runtime builds it", (group, name) => {
    const known = runtimeKnows(group === "runtime_gate" ? "runtimeGate" : "policyGate", name);
    expect(isBuiltInGuardrail(group, name)).toBe(known);
    expect(rulesReject(group, name)).toBe(!known);
  });

  it.each([
    ["p99 latency < 5 ms", "<"],
    ["p99 latency at most 5 ms", "<="],
    ["throughput over 5 rps", ">"],
    ["uptime ≥ 5 %", ">="],
    ["drift equals 5", "="],
    ["error count ≠ 5", "!="],
  ])("reads %j with a comparator the runtime checks (%s)", (text, comparator) => {
    const criterion = parseAcceptance(text);
    expect(criterion?.comparator).toBe(comparator);
    const verdict = evaluateCriterion(5, criterion!);
    expect(verdict.message).not.toMatch(/^unknown comparator/);
    expect(verdict.holds).toBe(comparator === "<=" || comparator === ">=" || comparator === "=");
  });

  it("checks a rate the compiler reads, and says it in the verdict", () => {
    const criterion = parseAcceptance("errors < 5 per 1,000 requests")!;
    expect(criterion.rate).toEqual({ per: 1000, unit: "requests" });
    expect(evaluateCriterion(4, criterion)).toEqual({ holds: true, message: '"errors": measured 4, required < 5 per 1000 requests' });
    expect(evaluateCriterion(5, parseAcceptance("throughput >= 5 requests per second")!).message).toBe('"throughput": measured 5, required >= 5 requests per second');
  });

  it("checks each clause of a criterion the compiler splits, with the threshold it read exactly", () => {
    const reading = readCriterion("p99 latency < 1_000 ms and error rate <= 0x10 %");
    expect(reading.status).toBe("exact");
    const clauses = reading.status === "exact" ? reading.clauses : [];
    expect(clauses.map((clause) => evaluateCriterion(999, clause).holds)).toEqual([true, false]);
    expect(clauses.map((clause) => evaluateCriterion(16, clause).holds)).toEqual([true, true]);
  });
});
