/**
 * The compiler keeps its own copies of a few runtime facts so that `compiler/` never imports the
 * runtime's sources; these tests keep the copies equal to the originals.
 */
import { describe, expect, it } from "vitest";
import { parseAcceptance } from "../../compiler/acceptance.js";
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
});
