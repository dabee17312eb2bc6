import { describe, expect, it } from "vitest";
import { checkCriterion, evaluateCriterion, phaseMetrics, type Comparator, type Criterion } from "../../runtime/index.js";

function criterion(comparator: Comparator, threshold: number, unit = "ms"): Criterion {
  return { metric: "p99 latency", comparator, threshold, unit };
}

describe("evaluateCriterion", () => {
  it.each<[Comparator, number, boolean]>([
    ["<", 4, true],
    ["<", 5, false],
    ["<=", 5, true],
    ["<=", 6, false],
    [">", 6, true],
    [">", 5, false],
    [">=", 5, true],
    [">=", 4, false],
    ["=", 5, true],
    ["=", 5.0001, false],
    ["!=", 4, true],
    ["!=", 5, false],
  ])("measured %s 5: %d holds is %s", (comparator, value, holds) => {
    expect(evaluateCriterion(value, criterion(comparator, 5)).holds).toBe(holds);
  });

  it("says what was measured and what was required", () => {
    expect(evaluateCriterion(7, criterion("<=", 5))).toEqual({ holds: false, message: '"p99 latency": measured 7, required <= 5 ms' });
    expect(evaluateCriterion(0, criterion("=", 0, "")).message).toBe('"p99 latency": measured 0, required = 0');
  });

  it.each([undefined, null, "5", [5], { value: 5 }, true])("does not hold for a measurement that is not a number: %j", (value) => {
    expect(evaluateCriterion(value, criterion("<=", 5))).toEqual({ holds: false, message: 'no measured value for "p99 latency"' });
  });

  it("does not hold for a comparator it does not know", () => {
    const bogus = { ...criterion("<=", 5), comparator: "~" as Comparator };
    expect(evaluateCriterion(1, bogus)).toEqual({ holds: false, message: 'unknown comparator "~"' });
  });
});

describe("checkCriterion", () => {
  it("reads the metric's own value from the phase's metrics", () => {
    expect(checkCriterion({ "p99 latency": 3 }, criterion("<=", 5)).holds).toBe(true);
    expect(checkCriterion({ "p99 latency": 9 }, criterion("<=", 5)).holds).toBe(false);
  });

  it("does not hold when the metric or the metrics are missing", () => {
    expect(checkCriterion({ "p50 latency": 3 }, criterion("<=", 5))).toEqual({ holds: false, message: 'no measured value for "p99 latency"' });
    expect(checkCriterion(undefined, criterion("<=", 5)).holds).toBe(false);
  });

  it("never reads a metric from the prototype chain", () => {
    const inherited = Object.create({ "p99 latency": 3 }) as Record<string, unknown>;
    expect(checkCriterion(inherited, criterion("<=", 5)).holds).toBe(false);
    expect(checkCriterion({}, { metric: "__proto__", comparator: "!=", threshold: 0, unit: "" }).holds).toBe(false);
    expect(checkCriterion({}, { metric: "constructor", comparator: "!=", threshold: 0, unit: "" }).holds).toBe(false);
  });
});

describe("phaseMetrics", () => {
  const file: unknown = JSON.parse('{ "P1": { "p99 latency": 3 }, "P2": 7, "P3": null, "__proto__": { "p99 latency": 1 } }');

  it("picks one phase's metrics out of the parsed file", () => {
    expect(phaseMetrics(file, "P1")).toEqual({ "p99 latency": 3 });
  });

  it("gives undefined for a phase that is absent or whose entry is not an object", () => {
    expect(phaseMetrics(file, "P9")).toBeUndefined();
    expect(phaseMetrics(file, "P2")).toBeUndefined();
    expect(phaseMetrics(file, "P3")).toBeUndefined();
  });

  it.each([undefined, null, 42, "P1", [{ "p99 latency": 3 }]])("gives undefined for a file that is not an object of phases: %j", (all) => {
    expect(phaseMetrics(all, "P1")).toBeUndefined();
  });

  it("reads only own properties: a phase id never reaches Object.prototype", () => {
    expect(phaseMetrics({}, "constructor")).toBeUndefined();
    expect(phaseMetrics({}, "__proto__")).toBeUndefined();
    expect(phaseMetrics({}, "toString")).toBeUndefined();
    // JSON.parse makes "__proto__" an own key: it is an ordinary phase id there.
    expect(phaseMetrics(file, "__proto__")).toEqual({ "p99 latency": 1 });
  });
});
