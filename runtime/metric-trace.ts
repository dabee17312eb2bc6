import type { HashFn } from "../common/hash.js";
import type { ChainRecord, ChainVerification } from "../common/hash-chain.js";
import { createRecordLog, type AppendResult, type ModelRecord, type RecordModel } from "./record-log.js";

/** The keys every business metric record carries, whatever its model adds (seed 002 §7: no metric without trace ids). */
export const METRIC_TRACE_KEYS = Object.freeze(["task_id", "trace_id"] as const);

/** A business metric as it is recorded: which metric, its value, and the model's keys (task and trace ids among them). */
export interface MetricEntry extends ModelRecord {
  readonly metric: string;
  readonly value: number;
}

/** One record's share of an aggregate: the task and trace it came from. */
export interface MetricContribution {
  readonly seq: number;
  readonly task_id: string;
  readonly trace_id: string;
  readonly metric: string;
  readonly value: number;
  /** The value times the metric's weight in the query. */
  readonly weighted: number;
}

/** An aggregate with every record it sums, so it traces back to tasks (seed 002 P13). */
export interface MetricAggregate {
  /** The value of the `by` key for this group; null without `by`. */
  readonly group: string | number | null;
  readonly value: number;
  readonly tasks: readonly string[];
  readonly contributions: readonly MetricContribution[];
}

/** What to aggregate: metrics with their weights (`{ revenue: 1, cost: -1 }` is a margin), grouped by one key, filtered on others. */
export interface MetricQuery {
  readonly metrics: Readonly<Record<string, number>>;
  readonly by?: string;
  readonly where?: Readonly<Record<string, string | number>>;
}

/** Business metric records, each traceable to its task, and aggregates over them. */
export interface MetricBook {
  /** Records a metric; refused without the model's keys (task and trace ids always among them) or without a finite value. */
  record(entry: MetricEntry): AppendResult;
  /** Weighted sums of metrics, per group, each with the records and tasks it comes from; groups in order of first appearance. */
  aggregate(query: MetricQuery): readonly MetricAggregate[];
  /** The records of one task. */
  task(taskId: string): readonly ChainRecord<ModelRecord>[];
  /** How many records were refused. */
  refused(): number;
  verify(): ChainVerification;
}

/**
 * Creates a metric book over a data model (the phase's business metric model; its keys join
 * `task_id` and `trace_id`). Records go to an append-only hash-chained log.
 */
export function createMetricBook(options: { model: RecordModel; hash?: HashFn }): MetricBook {
  const keys = [...new Set([...METRIC_TRACE_KEYS, ...(options.model?.keys ?? []), "metric"])];
  const log = createRecordLog({ ...options.model, keys }, options.hash === undefined ? {} : { hash: options.hash });
  let refused = 0;
  return {
    record(entry) {
      if (typeof entry?.value !== "number" || !Number.isFinite(entry.value)) {
        refused += 1;
        return { ok: false, reason: "a metric record needs a finite value", missing: ["value"] };
      }
      const result = log.append(entry);
      if (!result.ok) refused += 1;
      return result;
    },
    aggregate(query) {
      const weights = new Map(Object.entries(query?.metrics ?? {}).filter(([, weight]) => typeof weight === "number" && Number.isFinite(weight)));
      const where = Object.entries(query?.where ?? {});
      const groups = new Map<string, { group: string | number | null; value: number; tasks: Set<string>; contributions: MetricContribution[] }>();
      for (const record of log.records()) {
        const p = record.payload;
        const metric = p.metric as string;
        const weight = weights.get(metric);
        if (weight === undefined || !where.every(([key, value]) => p[key] === value)) continue;
        const groupValue = query.by === undefined ? null : ((p[query.by] as string | number | undefined) ?? null);
        const groupKey = JSON.stringify(groupValue);
        const group = groups.get(groupKey) ?? { group: groupValue, value: 0, tasks: new Set<string>(), contributions: [] };
        groups.set(groupKey, group);
        const value = p.value as number;
        group.value += value * weight;
        group.tasks.add(p.task_id as string);
        group.contributions.push(Object.freeze({ seq: record.seq, task_id: p.task_id as string, trace_id: p.trace_id as string, metric, value, weighted: value * weight }));
      }
      return Object.freeze(
        [...groups.values()].map((g) => Object.freeze({ group: g.group, value: g.value, tasks: Object.freeze([...g.tasks]), contributions: Object.freeze(g.contributions) })),
      );
    },
    task: (taskId) => Object.freeze(log.records().filter((record) => record.payload.task_id === taskId)),
    refused: () => refused,
    verify: () => log.verify(),
  };
}
