/**
 * The flow batteries of runtime/flow-testing.ts (exported by spec-kit/runtime/testing): they pass
 * against the runtime's pieces, and fail against pieces that let the flow's failure through.
 */
import { describe, expect, it } from "vitest";
import {
  createCallRecorder,
  createCapabilityRegistry,
  createCostAccount,
  createDegradeLadder,
  createGate,
  createLearningGate,
  createMetricBook,
  createRecordLog,
  createReplayBoundary,
  createRollout,
  defineModels,
  defineRollbackPlan,
  evaluateTrigger,
  type Gate,
  type GateDepsFor,
  type GatePolicy,
  type RollbackPlan,
  type Rollout,
  type RolloutDepsFor,
} from "../../runtime/index.js";
import {
  clauseValue,
  describeCapabilityTrust,
  describeCostAccounting,
  describeDegrade,
  describeLearningGate,
  describeMetricTrace,
  describeModelLogs,
  describeReplayBoundary,
  describeRollback,
  modelLogCases,
  rollbackCases,
  triggerMetrics,
} from "../../runtime/testing.js";

const readable = defineRollbackPlan({
  phaseId: "P6",
  trigger: {
    text: "canary error rate > 1% and p99 latency >= 200 ms for 10 min",
    clauses: [
      { metric: "canary error rate", comparator: ">", threshold: 1, unit: "%" },
      { metric: "p99 latency", comparator: ">=", threshold: 200, unit: "ms" },
    ],
    sustain: { ms: 600_000 },
  },
  action: "flip the switch",
  targetVersion: "v0",
  approvalRequired: true,
} as const);

const unreadable = defineRollbackPlan({
  phaseId: "P10",
  trigger: { text: "replay makes > 0 live calls or corrupts a snapshot", clauses: [], unreadable: "disjunction" },
  action: "disable replay",
  targetVersion: "v0",
  approvalRequired: false,
} as const);

const POLICY = {
  phaseId: "P9",
  runtimeGate: ["budget", "timeout", "sandbox", "token"],
  policyGate: ["approval", "permission", "tenant boundary"],
  auditTrace: ["trace_id", "session_id", "task_id", "capability_id", "version"],
  capabilityTrust: true,
} as const satisfies GatePolicy;

const MODELS = defineModels({
  RolloutStageChange: { name: "RolloutStageChange", kind: "event", keys: ["change_id", "tenant_id", "trace_id"], appendOnly: true, tenantKey: "tenant_id" },
  RolloutPlan: { name: "RolloutPlan", kind: "table", keys: ["rollout_id"], appendOnly: false },
});

describe("trigger metrics", () => {
  it("gives values that breach, and values that clear, a compiled trigger", () => {
    expect(evaluateTrigger(readable.trigger, triggerMetrics(readable.trigger, true)).state).toBe("breached");
    expect(evaluateTrigger(readable.trigger, triggerMetrics(readable.trigger, false)).state).toBe("clear");
    for (const comparator of ["<", "<=", ">", ">=", "=", "!="] as const) {
      const clause = { metric: "m", comparator, threshold: 0, unit: "" };
      expect(evaluateTrigger({ text: "", clauses: [clause] }, { m: clauseValue(clause, true) }).state, comparator).toBe("breached");
      expect(evaluateTrigger({ text: "", clauses: [clause] }, { m: clauseValue(clause, false) }).state, comparator).toBe("clear");
    }
  });
});

describe("defineRollbackPlan and defineModels", () => {
  it("freeze what they are given, nested values too", () => {
    expect(Object.isFrozen(readable.trigger.clauses[0])).toBe(true);
    expect(Object.isFrozen(MODELS.RolloutStageChange.keys)).toBe(true);
  });
  it("refuse a malformed plan or model", () => {
    expect(() => defineRollbackPlan({ ...readable, trigger: { text: "x", clauses: [] } } as RollbackPlan)).toThrow("unreadable");
    expect(() => defineRollbackPlan({ ...readable, approvalRequired: "yes" } as never)).toThrow(TypeError);
    expect(() => defineModels({ A: { name: "B", kind: "table", keys: [], appendOnly: true } })).toThrow("malformed");
  });
});

describe("rollbackCases", () => {
  it("passes against the real rollout, for a compiled trigger and for an unreadable one", async () => {
    for (const plan of [readable, unreadable] as RollbackPlan[]) {
      for (const { run } of rollbackCases({ rollback: plan, createPhaseRollout: (deps) => createRollout(plan, deps as never) })) await run();
    }
  });

  it("fails against a rollout that never rolls back by itself", async () => {
    const deaf = (deps: RolloutDepsFor<typeof readable>): Rollout => {
      const rollout = createRollout(readable, deps);
      return { ...rollout, observe: (metrics) => rollout.observe({ ...metrics, "canary error rate": 0 }) };
    };
    const cases = rollbackCases({ rollback: readable, createPhaseRollout: deaf });
    await expect(Promise.resolve().then(cases[0]!.run)).rejects.toThrow();
  });

  it("fails against a rollout that promotes without approval", async () => {
    const lax = (deps: RolloutDepsFor<typeof readable>): Rollout => createRollout({ ...readable, approvalRequired: false }, deps);
    const cases = rollbackCases({ rollback: readable, createPhaseRollout: lax });
    await expect(Promise.resolve().then(cases.find((c) => c.title.includes("approval"))!.run)).rejects.toThrow();
  });

  describeRollback({ rollback: readable, createPhaseRollout: (deps) => createRollout(readable, deps) });
  describeRollback({ rollback: unreadable, createPhaseRollout: (deps) => createRollout(unreadable, deps) });
});

describe("modelLogCases", () => {
  const createModelLog = (name: keyof typeof MODELS) => createRecordLog(MODELS[name]);
  it("has cases for append-only models only, with the tenant case where scoped", () => {
    expect(modelLogCases({ models: MODELS, createModelLog }).map((c) => c.title)).toEqual([
      "RolloutStageChange: appends a record carrying every key, refuses one without a key, and an edited record breaks the chain",
      "RolloutStageChange: shows a tenant only its own records",
    ]);
  });
  it("fails against a log that accepts records missing a key", async () => {
    const lax = () => createRecordLog({ ...MODELS.RolloutStageChange, keys: ["change_id"] });
    const [first] = modelLogCases({ models: MODELS, createModelLog: lax as never });
    await expect(Promise.resolve().then(first!.run)).rejects.toThrow();
  });
  describeModelLogs({ models: MODELS, createModelLog });
});

describe("the registry batteries, against the runtime's pieces", () => {
  const createPhaseGate = (deps: GateDepsFor<typeof POLICY>): Gate => createGate(POLICY, deps);
  describeCostAccounting({ createPhaseGate, policy: POLICY, createPhaseAccount: createCostAccount });
  describeCapabilityTrust({ createPhaseGate, policy: POLICY, createPhaseCapabilityRegistry: createCapabilityRegistry });
  describeReplayBoundary({ createPhaseRecorder: (live) => createCallRecorder(live), createPhaseReplay: (snapshot, options) => createReplayBoundary(snapshot, options) });
  describeDegrade({ createPhaseDegrade: (options) => createDegradeLadder(options) });
  describeLearningGate({ learning: { approvalRequired: true }, createPhaseLearningGate: (deps) => createLearningGate({ ...deps, approvalRequired: true }) });
  describeMetricTrace({
    metricModel: { name: "BusinessMetric", kind: "event", keys: ["metric_id", "tenant_id", "task_id", "trace_id"], appendOnly: true, tenantKey: "tenant_id" },
    createPhaseMetricBook: () => createMetricBook({ model: { name: "BusinessMetric", kind: "event", keys: ["metric_id", "tenant_id", "task_id", "trace_id"], appendOnly: true, tenantKey: "tenant_id" } }),
  });
});
