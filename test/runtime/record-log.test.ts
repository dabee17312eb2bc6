import { describe, expect, it } from "vitest";
import { createMetricBook, createRecordLog, verifyChain } from "../../runtime/index.js";

const EDGE = { name: "MemoryGraphEdge", kind: "table", keys: ["edge_id", "tenant_id", "version"], appendOnly: true, tenantKey: "tenant_id" } as const;
const METRIC = { name: "BusinessMetric", kind: "event", keys: ["metric_id", "tenant_id", "work_order_id", "task_id", "trace_id"], appendOnly: true, tenantKey: "tenant_id" } as const;

describe("record log", () => {
  it("appends records carrying every key, refuses one that lacks a key, and chains them", () => {
    const log = createRecordLog(EDGE);
    expect(log.append({ edge_id: "e1", tenant_id: "acme", version: 1, note: "x" })).toMatchObject({ ok: true, record: { seq: 0 } });
    expect(log.append({ edge_id: "e2", tenant_id: "", version: 1 })).toEqual({ ok: false, reason: "a MemoryGraphEdge record needs tenant_id", missing: ["tenant_id"] });
    expect(log.append({ edge_id: "e3", tenant_id: "acme", version: Number.NaN })).toMatchObject({ ok: false, missing: ["version"] });
    expect(log.append({ edge_id: "e4", tenant_id: "acme", version: "v1", bad: () => 1 } as never)).toMatchObject({ ok: false, missing: [] });
    expect(log.records()).toHaveLength(1);
    expect(log.verify()).toEqual({ ok: true, length: 1 });
  });

  it("shows a tenant only its own records", () => {
    const log = createRecordLog(EDGE);
    log.append({ edge_id: "e1", tenant_id: "acme", version: 1 });
    log.append({ edge_id: "e2", tenant_id: "globex", version: 1 });
    expect(log.forTenant("acme").map((r) => r.payload.edge_id)).toEqual(["e1"]);
    expect(log.forTenant("initech")).toEqual([]);
  });

  it("keeps records as appended: the copy it stores cannot be changed, and an edit of an exported copy is found", () => {
    const log = createRecordLog(EDGE);
    const input = { edge_id: "e1", tenant_id: "acme", version: 1 };
    log.append(input);
    input.edge_id = "changed";
    expect(log.records()[0]!.payload.edge_id).toBe("e1");
    expect(Object.isFrozen(log.records()[0]!.payload)).toBe(true);
    const copy = log.records().map((r) => ({ ...r, payload: { ...r.payload, version: 2 } }));
    expect(verifyChain(copy)).toMatchObject({ ok: false, index: 0 });
  });

  it("refuses a model without keys, or scoped by a key it lacks", () => {
    expect(() => createRecordLog({ name: "X", kind: "table", keys: [""], appendOnly: true })).toThrow(TypeError);
    expect(() => createRecordLog({ name: "X", kind: "table", keys: ["a"], appendOnly: true, tenantKey: "tenant_id" })).toThrow("not one of its keys");
  });
});

describe("metric book", () => {
  function book() {
    const b = createMetricBook({ model: METRIC });
    const base = { tenant_id: "acme" };
    b.record({ ...base, metric_id: "m1", work_order_id: "wo-1", task_id: "t1", trace_id: "tr1", metric: "revenue", value: 100 });
    b.record({ ...base, metric_id: "m2", work_order_id: "wo-1", task_id: "t1", trace_id: "tr1", metric: "cost", value: 30 });
    b.record({ ...base, metric_id: "m3", work_order_id: "wo-2", task_id: "t2", trace_id: "tr2", metric: "revenue", value: 50 });
    b.record({ ...base, metric_id: "m4", work_order_id: "wo-2", task_id: "t3", trace_id: "tr3", metric: "cost", value: 45 });
    return b;
  }

  it("refuses a record without task or trace id, or without a finite value", () => {
    const b = createMetricBook({ model: METRIC });
    expect(b.record({ metric_id: "m", tenant_id: "a", work_order_id: "w", trace_id: "tr", metric: "revenue", value: 1 })).toMatchObject({ ok: false, missing: ["task_id"] });
    expect(b.record({ metric_id: "m", tenant_id: "a", work_order_id: "w", task_id: "t", metric: "revenue", value: 1 })).toMatchObject({ ok: false, missing: ["trace_id"] });
    expect(b.record({ metric_id: "m", tenant_id: "a", work_order_id: "w", task_id: "t", trace_id: "tr", metric: "revenue", value: Number.POSITIVE_INFINITY })).toMatchObject({ ok: false });
    expect(b.refused()).toBe(3);
    const bare = createMetricBook({ model: { name: "M", kind: "event", keys: [], appendOnly: true } });
    expect(bare.record({ metric: "x", value: 1 } as never)).toMatchObject({ ok: false, missing: ["task_id", "trace_id"] });
  });

  it("aggregates a margin per work order, and every aggregate traces back to its tasks and traces", () => {
    const margins = book().aggregate({ metrics: { revenue: 1, cost: -1 }, by: "work_order_id" });
    expect(margins.map((m) => [m.group, m.value, m.tasks])).toEqual([["wo-1", 70, ["t1"]], ["wo-2", 5, ["t2", "t3"]]]);
    expect(margins[1]!.contributions).toEqual([
      { seq: 2, task_id: "t2", trace_id: "tr2", metric: "revenue", value: 50, weighted: 50 },
      { seq: 3, task_id: "t3", trace_id: "tr3", metric: "cost", value: 45, weighted: -45 },
    ]);
    const sum = margins.reduce((total, m) => total + m.contributions.reduce((s, c) => s + c.weighted, 0), 0);
    expect(sum).toBe(75);
  });

  it("filters, totals without a group, and lists a task's records", () => {
    const b = book();
    expect(b.aggregate({ metrics: { revenue: 1 } })).toMatchObject([{ group: null, value: 150, tasks: ["t1", "t2"] }]);
    expect(b.aggregate({ metrics: { cost: 1 }, where: { work_order_id: "wo-1" } })).toMatchObject([{ value: 30 }]);
    expect(b.aggregate({ metrics: { unknown: 1 } })).toEqual([]);
    expect(b.task("t1").map((r) => r.payload.metric)).toEqual(["revenue", "cost"]);
    expect(b.verify()).toEqual({ ok: true, length: 4 });
  });
});
