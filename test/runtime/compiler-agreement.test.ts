/**
 * The compiler keeps its own copies of a few runtime facts so that `compiler/` never imports the
 * runtime's sources; these tests keep the copies equal to the originals.
 */
import { describe, expect, it } from "vitest";
import { parseAcceptance, readCriterion } from "../../compiler/acceptance.js";
import { TRACE_IDS, canonicalGateName as compilerGateName } from "../../compiler/guardrail-names.js";
import { canonicalGateName as runtimeGateName } from "../../runtime/gate-policy.js";
import { TRACE_ID_KEYS, evaluateCriterion } from "../../runtime/index.js";

describe("the compiler's copies of runtime facts", () => {
  it("lists the runtime's five trace ids, in its order", () => {
    expect(TRACE_IDS).toEqual([...TRACE_ID_KEYS]);
  });

  it.each(["approval", "Tenant_Boundary", "  tenant-boundary ", "tenant   boundary", "PERMISSION", "rate__limit--x", ""])(
    "folds the gate name %j as the runtime does",
    (name) => {
      expect(compilerGateName(name)).toBe(runtimeGateName(name));
    },
  );

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
