import { describe, expect, it } from "vitest";
import { isMeasurable, parseAcceptance, readCriterion, type CriterionClause } from "../compiler/acceptance.js";

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

    ["rollback completes within 10 minutes", "rollback completes", "<=", 10, "minutes"],
    ["exactly 5 retries", "retries", "=", 5, "retries"],

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

  it("reads 100 KB of adversarial text without throwing, in linear time", () => {
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
    for (const text of inputs) {
      expect(() => parseAcceptance(text)).not.toThrow();
      expect(() => isMeasurable(text)).not.toThrow();
    }
    // Linear work takes milliseconds; anything quadratic in 100 KB would take minutes and hit the test's timeout.
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

/** The one clause of an exact single-clause reading. */
function only(text: string): CriterionClause {
  const reading = readCriterion(text);
  if (reading.status !== "exact" || reading.clauses.length !== 1) throw new Error(`${text}: ${JSON.stringify(reading)}`);
  return reading.clauses[0]!;
}

describe("readCriterion: numbers", () => {
  it.each([
    ["queue depth < 1_000 tasks", 1000],
    ["queue depth < 1,000 tasks", 1000],
    ["queue depth < 1,000,000.5 tasks", 1_000_000.5],
    ["queue depth < 0x10 tasks", 16],
    ["queue depth < 0X1_F tasks", 31],
    ["queue depth < 0o17 tasks", 15],
    ["queue depth < 0b101 tasks", 5],
    ["queue depth < 1e3 tasks", 1000],
    ["queue depth < 2.5E-3 tasks", 0.0025],
    ["queue depth < 1e+2 tasks", 100],
    ["queue depth < 9007199254740991 tasks", Number.MAX_SAFE_INTEGER],
    ["queue depth < 0.1 tasks", 0.1],
    ["temperature delta > -1_500 C", -1500],
  ] as const)("reads %j exactly", (text, threshold) => {
    expect(only(text)).toEqual({ metric: text.startsWith("temperature") ? "temperature delta" : "queue depth", comparator: text.includes(">") ? ">" : "<", threshold, unit: text.startsWith("temperature") ? "C" : "tasks" });
  });

  it.each([
    ["latency < 1e309 ms", "overflow", "1e309"],
    ["latency < -1e309 ms", "overflow", "-1e309"],
    [`latency < ${"9".repeat(400)} ms`, "overflow", "9".repeat(400)],
    ["latency < 12345678901234567891 ms", "imprecise", "12345678901234567891"],
    ["latency < 0x20000000000000 ms", "imprecise", "0x20000000000000"],
    ["latency < 1e-400 ms", "imprecise", "1e-400"],
    ["latency < 0.30000000000000001 ms", "imprecise", "0.30000000000000001"],
    ["latency < 1,00 ms", "ambiguous-number", "1,00"],
    ["latency < 0,5 ms", "ambiguous-number", "0,5"],
    ["latency < 1,0000 ms", "ambiguous-number", "1,0000"],
    ["latency < 1000,000 ms", "ambiguous-number", "1000,000"],
    ["latency < 1__000 ms", "ambiguous-number", "1__000"],
    ["latency < 1_ ms", "ambiguous-number", "1_"],
    ["version >= 1.2.3", "ambiguous-number", "1.2.3"],
    ["latency < 0x1G ms", "ambiguous-number", "0x1G"],
    ["latency < 1e1e1 ms", "ambiguous-number", "1e1e1"],
    ["recovery < 2h30m", "ambiguous-number", "2h30m"],
    ["throughput > 5k requests", "multiplier", "5k"],
    ["tokens < 2M per task", "multiplier", "2M"],
    ["errors < 5 per 1,00 requests", "ambiguous-number", "1,00"],
  ] as const)("refuses %j (%s) rather than read a wrong threshold", (text, reason, detail) => {
    expect(readCriterion(text)).toEqual({ status: "inexact", reason, detail });
    expect(parseAcceptance(text)).toBeUndefined();
    expect(isMeasurable(text)).toBe(true);
  });

  it("keeps a number in a metric's name out of the threshold", () => {
    expect(only("replay duration of a 1,000-event session <= 60 s")).toEqual({ metric: "replay duration of a 1,000-event session", comparator: "<=", threshold: 60, unit: "s" });
    expect(only("p99.9 latency < 5 ms")).toMatchObject({ metric: "p99.9 latency", threshold: 5 });
  });
});

describe("readCriterion: rates", () => {
  it.each([
    ["errors < 5 per 1,000 requests", { metric: "errors", comparator: "<", threshold: 5, unit: "", rate: { per: 1000, unit: "requests" } }],
    ["at most 3 failures per 10,000 runs", { metric: "failures", comparator: "<=", threshold: 3, unit: "failures", rate: { per: 10000, unit: "runs" } }],
    ["throughput over 500 requests per second", { metric: "throughput", comparator: ">", threshold: 500, unit: "requests", rate: { per: 1, unit: "second" } }],
    ["token usage must be under 4000 tokens per task", { metric: "token usage", comparator: "<", threshold: 4000, unit: "tokens", rate: { per: 1, unit: "task" } }],
    ["reconciliation drift <= 0.1% per day", { metric: "reconciliation drift", comparator: "<=", threshold: 0.1, unit: "%", rate: { per: 1, unit: "day" } }],
    ["dropped events <= 2 per 1e6", { metric: "dropped events", comparator: "<=", threshold: 2, unit: "", rate: { per: 1_000_000, unit: "" } }],
  ] as const)("keeps the rate of %j", (text, clause) => {
    expect(only(text)).toEqual(clause);
  });

  it("leaves a rate in the metric's name to the metric", () => {
    expect(only("replay chain gaps per 1,000,000 events = 0")).toEqual({ metric: "replay chain gaps per 1,000,000 events", comparator: "=", threshold: 0, unit: "" });
  });
});

describe("readCriterion: clauses", () => {
  it("splits clauses joined by and, ; or &&, each with its own threshold", () => {
    const clauses = [
      { metric: "p99 latency", comparator: "<", threshold: 5, unit: "ms" },
      { metric: "error rate", comparator: "<", threshold: 1, unit: "%" },
    ];
    expect(readCriterion("p99 latency < 5 ms and error rate < 1%")).toEqual({ status: "exact", clauses });
    expect(readCriterion("p99 latency < 5 ms; error rate < 1%")).toEqual({ status: "exact", clauses });
    expect(readCriterion("p99 latency < 5 ms && error rate < 1%")).toEqual({ status: "exact", clauses });
    expect(parseAcceptance("p99 latency < 5 ms and error rate < 1%")).toBeUndefined();
  });

  it("keeps an and inside a metric's name", () => {
    expect(only("tool and provider calls outside the unified gate = 0%")).toMatchObject({ metric: "tool and provider calls outside the unified gate" });
    expect(only("metrics traceable to a task_id and trace_id = 100%")).toMatchObject({ metric: "metrics traceable to a task_id and trace_id" });
    expect(only("p99 latency <= 5 ms for reads and writes")).toEqual({ metric: "p99 latency", comparator: "<=", threshold: 5, unit: "ms" });
  });

  it("reads quantified clauses joined by and as clauses of their own", () => {
    expect(readCriterion("zero leaks and no bypass")).toEqual({
      status: "exact",
      clauses: [
        { metric: "leaks", comparator: "=", threshold: 0, unit: "" },
        { metric: "bypass", comparator: "=", threshold: 0, unit: "" },
      ],
    });
    expect(only("zero cross-tenant reads and writes")).toEqual({ metric: "cross-tenant reads and writes", comparator: "=", threshold: 0, unit: "" });
  });

  it.each([
    ["no more than three retries and latency < 5 ms", "clause", "no more than three retries"],
    ["latency < 5 ms and error rate low", "clause", "error rate low"],
    ["latency < 5 ms and audited", "clause", "audited"],
    ["latency <= 5 ms at >= 1000 rps", "clause", ">= 1000 rps"],
    ["at least 3 replicas, at most 5", "clause", "at most 5"],
    ["latency between 5 and 10 ms", "range", "between 5 and 10"],
    ["latency < 5 ms or the response is cached", "disjunction", "latency < 5 ms or the response is cached"],
    ["latency stays under the 5 ms budget", "unread", "latency stays under the 5 ms budget"],
  ] as const)("refuses %j (%s) rather than drop a part of it", (text, reason, detail) => {
    expect(readCriterion(text)).toEqual({ status: "inexact", reason, detail });
  });

  it("still reads or and and inside comparators and trailing comparisons", () => {
    expect(only("replay drift of 0.1% or less")).toMatchObject({ comparator: "<=", threshold: 0.1 });
    expect(only("latency less than or equal to 5 ms")).toMatchObject({ comparator: "<=", threshold: 5 });
    expect(only("update or delete operations = 0")).toMatchObject({ metric: "update or delete operations" });
  });

  it("reads prose as none", () => {
    expect(readCriterion("cross-tenant access denied")).toEqual({ status: "none" });
    expect(readCriterion("no more than three retries")).toEqual({ status: "none" });
    expect(readCriterion("")).toEqual({ status: "none" });
  });

  it("reads 100 KB of clauses and separators without a wrong threshold", () => {
    expect(readCriterion("and ".repeat(25_000)).status).toBe("none");
    const many = readCriterion("a < 1 and ".repeat(10_000));
    expect(many.status === "exact" ? many.clauses.length : 0).toBe(10_000);
    for (const text of ["1_".repeat(50_000), "0x".repeat(50_000), "1e".repeat(50_000), "1.".repeat(50_000), "per 1 ".repeat(16_000)]) {
      expect(readCriterion(`latency < ${text}`).status, text.slice(0, 4)).not.toBe("exact");
    }
  });
});
