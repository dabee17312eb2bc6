import { describe, expect, it } from "vitest";
import { isMeasurable, parseAcceptance } from "../compiler/acceptance.js";

describe("parseAcceptance", () => {
  it.each([
    ["lease validation latency p99 <= 5 ms", "lease validation latency p99", "<=", 5, "ms"],
    ["cross-tenant access success rate = 0%", "cross-tenant access success rate", "=", 0, "%"],
    ["MTTR under 15 minutes", "MTTR", "<", 15, "minutes"],
    ["error rate < 0.1 %", "error rate", "<", 0.1, "%"],
    ["availability >= 99.95%", "availability", ">=", 99.95, "%"],
    ["replay drift != 0", "replay drift", "!=", 0, ""],
    ["tool call success == 100%", "tool call success", "=", 100, "%"],
    ["p95 latency ≤ 200ms", "p95 latency", "<=", 200, "ms"],
    ["canary traffic ≥ 10%", "canary traffic", ">=", 10, "%"],
    ["memory per sandbox at most 512 MB", "memory per sandbox", "<=", 512, "MB"],
    ["at least 3 replicas", "replicas", ">=", 3, "replicas"],
    ["retries per task no more than 3", "retries per task", "<=", 3, ""],
    ["queue depth less than 1,000 tasks", "queue depth", "<", 1000, "tasks"],
    ["cost drift below 2%", "cost drift", "<", 2, "%"],
    ["degrade success rate above 99 percent", "degrade success rate", ">", 99, "%"],
    ["throughput over 500 requests per second", "throughput", ">", 500, "requests per second"],
    ["rollback completes within 10 minutes", "rollback completes", "<=", 10, "minutes"],
    ["exactly 5 retries", "retries", "=", 5, "retries"],
    ["token usage must be under 4000 tokens per task", "token usage", "<", 4000, "tokens per task"],
    ["replay drift of 0.1% or less", "replay drift", "<=", 0.1, "%"],
    ["3 healthy replicas or more", "healthy replicas", ">=", 3, "healthy replicas"],
    ["error budget burn: 2 or lower", "error budget burn", "<=", 2, ""],
    ["latency never exceeds 5 ms", "latency", "<=", 5, "ms"],
    ["no request takes more than 30 s", "request takes", "<=", 30, "s"],
    ["none of the requests exceed 2 s", "the requests", "<=", 2, "s"],
    ["none of the tasks bypass the gate", "the tasks bypass the gate", "=", 0, ""],
    ["temperature delta > -5 C", "temperature delta", ">", -5, "C"],
    ["cross-tenant access success = zero", "cross-tenant access success", "=", 0, ""],
    ["zero cross-tenant leaks", "cross-tenant leaks", "=", 0, ""],
    ["no runtime bypass", "runtime bypass", "=", 0, ""],
    ["all execution through the unified gate", "execution through the unified gate", "=", 100, "%"],
    ["100% of metrics carry trace ids", "metrics carry trace ids", "=", 100, "%"],
    [">= 99.9% of requests succeed", "requests succeed", ">=", 99.9, "%"],
  ] as const)("%s", (text, metric, comparator, threshold, unit) => {
    expect(parseAcceptance(text)).toEqual({ metric, comparator, threshold, unit });
  });

  it.each([
    "measurable criterion 1",
    "legal transitions only + reject/revise loops",
    "cross-tenant access denied",
    "state A -> B",
    "",
    "<= 5",
    "under review",
    "no more than three retries",
  ])("finds no comparison in %j", (text) => {
    expect(parseAcceptance(text)).toBeUndefined();
  });

  it("returns undefined for a value that is not a string", () => {
    expect(parseAcceptance(42 as unknown as string)).toBeUndefined();
    expect(parseAcceptance(undefined as unknown as string)).toBeUndefined();
  });

  it("ignores a number too large to be a threshold", () => {
    expect(parseAcceptance(`latency < ${"9".repeat(400)} ms`)).toBeUndefined();
  });

  it("reads an arrow as an arrow, not as a comparator", () => {
    expect(parseAcceptance("transition A -> 5 retries then fail")).toBeUndefined();
  });

  it("finishes fast on 100 KB of adversarial text", () => {
    const inputs = [
      "a".repeat(100_000),
      "1,".repeat(50_000),
      "<".repeat(100_000),
      "no ".repeat(33_000),
      "at least ".repeat(11_000),
      "5 ms or ".repeat(12_000),
      "-".repeat(100_000),
      `${"x-".repeat(50_000)}`,
    ];
    const started = performance.now();
    for (const text of inputs) {
      parseAcceptance(text);
      isMeasurable(text);
    }
    // Linear work takes milliseconds; anything quadratic in 100 KB would take minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("is deterministic", () => {
    const text = "lease validation latency p99 <= 5 ms";
    expect(JSON.stringify(parseAcceptance(text))).toBe(JSON.stringify(parseAcceptance(text)));
  });
});

describe("isMeasurable", () => {
  it("accepts what parses", () => {
    expect(isMeasurable("lease validation latency p99 <= 5 ms")).toBe(true);
    expect(isMeasurable("zero cross-tenant leaks")).toBe(true);
  });

  it("accepts a number and a comparator that are not adjacent", () => {
    expect(isMeasurable("latency stays under the 5 ms budget")).toBe(true);
  });

  it("rejects prose, a number without a comparator, and a comparator without a number", () => {
    expect(isMeasurable("measurable criterion 1")).toBe(false);
    expect(isMeasurable("cross-tenant access denied")).toBe(false);
    expect(isMeasurable("latency below target")).toBe(false);
    expect(isMeasurable("")).toBe(false);
    expect(isMeasurable(null as unknown as string)).toBe(false);
  });
});
