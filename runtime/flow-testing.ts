/**
 * The batteries generated flow suites (`tests/<PHASE_ID>.flows.test.ts`) run on the pieces a
 * phase's declarations and its registry entry wire up: its rollout and rollback, its data model
 * logs, and, where the registry says so, its cost account, capability registry, replay boundary,
 * degrade ladder, learning gate and metric book. Written once here, exported through
 * `spec-kit/runtime/testing`, so the generated suites stay thin. Imports vitest.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { verifyChain } from "../common/hash-chain.js";
import type { Criterion, PhaseMetrics } from "./acceptance.js";
import { CapabilityRevokedError } from "./budget-run.js";
import { signCapability, type CapabilityArtifact, type CapabilityRegistry, type CapabilityRegistryOptions } from "./capability-trust.js";
import type { CostAccount, CostAccountOptions } from "./cost-account.js";
import type { DecisionSource } from "./decision.js";
import type { DegradeLadder, DegradeOptions } from "./degrade.js";
import { DENIAL_REASONS } from "./denial-reasons.js";
import type { FlowLog } from "./flow-events.js";
import type { Gate, GateDepsFor } from "./gate.js";
import { normalizePolicy, type GatePolicy } from "./gate-policy.js";
import type { GateEvidence, LearningGate } from "./learning-gate.js";
import type { MetricBook } from "./metric-trace.js";
import type { RecordLog, RecordModel } from "./record-log.js";
import { ReplayDivergenceError, SnapshotIntegrityError, type CallRecorder, type ReplayBoundary, type ReplaySnapshot } from "./replay-boundary.js";
import type { RollbackTrigger, TriggerCondition } from "./rollback-trigger.js";
import type { RollbackPlan, Rollout, RolloutDepsFor } from "./rollout.js";
import type { TraceIds } from "./trace-ids.js";

/** The instant the batteries' clocks start at: 2030-01-01T00:00:00.000Z. */
export const FLOW_NOW = Date.parse("2030-01-01T00:00:00.000Z");

const HOUR_MS = 60 * 60 * 1000;

/** The trace ids of the batteries' flows. */
export const FLOW_TRACE: TraceIds = Object.freeze({ trace_id: "trace-flow", session_id: "session-flow", task_id: "task-flow", capability_id: "capability-1", version: "v1" });

/** An operator approval an hour before {@link FLOW_NOW}. */
const APPROVAL = Object.freeze({ approved_by: "operator-a", at: new Date(FLOW_NOW - HOUR_MS).toISOString() });

/** A value that satisfies `clause` (`holds`) or violates it. */
export function clauseValue(clause: Criterion, holds: boolean): number {
  const { comparator, threshold } = clause;
  // A step that still changes a large threshold: 1, or a thousandth of its size.
  const step = Math.max(1, Math.abs(threshold) / 1000);
  if (holds) return comparator === "<" ? threshold - step : comparator === ">" || comparator === "!=" ? threshold + step : threshold;
  return comparator === "<" || comparator === ">" || comparator === "!=" ? threshold : comparator === "<=" || comparator === "=" ? threshold + step : threshold - step;
}

/** Metrics under which a compiled trigger holds (`breached`) or does not (its first clause violated, the others met). */
export function triggerMetrics(trigger: RollbackTrigger, breached: boolean): PhaseMetrics {
  const entries = trigger.clauses.map((clause, i): [string, number] => [clause.metric, clauseValue(clause, breached || i > 0)]);
  // Built with fromEntries, so that a metric named `__proto__` is an own property like any other.
  return Object.fromEntries(breached ? entries : [...entries.slice(1), ...entries.slice(0, 1)]);
}

/** What {@link describeRollback} needs of a phase: its generated `rollback` plan and `createPhaseRollout`. */
export interface RollbackBatteryOptions<P extends RollbackPlan> {
  rollback: P;
  createPhaseRollout: (deps: RolloutDepsFor<P>) => Rollout;
}

/** One registered case: its title and body. */
export interface FlowCase {
  title: string;
  run: () => void | Promise<void>;
}

/**
 * The rollout and rollback cases of one phase: its compiled trigger rolls a release back by
 * itself once it holds (for its sustain), and holds it while it does not; stages are never skipped;
 * the rollback switch restores the target version at every stage; promotions need an approval
 * where the phase's policy gate lists one; every move is an event of a hash chain that verifies.
 * For a trigger spec-kit could not read, the rollout refuses to build without an injected
 * condition and rolls back when that condition holds.
 */
export function rollbackCases<P extends RollbackPlan>(options: RollbackBatteryOptions<P>): FlowCase[] {
  const plan = options.rollback;
  const readable = plan.trigger.clauses.length > 0;
  const version = `${plan.targetVersion}-next`;
  /** A rollout on its own clock; an unreadable trigger gets `condition` (default: one that never holds). */
  const start = (condition?: TriggerCondition) => {
    const clock = { t: FLOW_NOW };
    const deps = { now: () => clock.t, version, trace: FLOW_TRACE, ...(readable && condition === undefined ? {} : { condition: condition ?? (() => false) }) };
    const rollout = options.createPhaseRollout(deps as unknown as RolloutDepsFor<P>);
    return { rollout, clock };
  };
  const healthy = readable ? triggerMetrics(plan.trigger, false) : {};
  const breached = readable ? triggerMetrics(plan.trigger, true) : {};
  const approval = plan.approvalRequired ? APPROVAL : undefined;
  /** Observes `metrics` until the trigger's sustain has passed; returns whether the rollout rolled back. */
  const sustain = (rollout: Rollout, clock: { t: number }, metrics: PhaseMetrics): boolean => {
    const s = plan.trigger.sustain;
    const rounds = s === undefined ? 1 : "observations" in s ? s.observations : 2;
    for (let i = 0; i < rounds; i += 1) {
      if (i > 0 && s !== undefined && "ms" in s) clock.t += s.ms;
      if (rollout.observe(metrics).rolledBack) return true;
    }
    return false;
  };

  const cases: FlowCase[] = [];
  if (readable) {
    cases.push(
      {
        title: "rollback: a breached trigger rolls a canary back by itself to the target version",
        run: () => {
          const { rollout, clock } = start();
          rollout.observe(healthy);
          expect(rollout.promote(approval)).toMatchObject({ ok: true, to: expect.stringMatching(/^canary /) });
          expect(sustain(rollout, clock, breached)).toBe(true);
          expect(rollout.stage()).toBe("rolled_back");
          expect(rollout.route("request-1")).toEqual({ serve: plan.targetVersion });
          const last = rollout.log.records().at(-1)!.payload;
          expect(last.type).toBe("rollout.rolled_back");
          expect(last.data).toMatchObject({ cause: "trigger", target_version: plan.targetVersion, action: plan.action, trigger: plan.trigger.text });
          expect(rollout.log.verify()).toMatchObject({ ok: true });
        },
      },
      {
        title: "rollback: a trigger that does not hold keeps the release going, up to full enforcement",
        run: () => {
          const { rollout, clock } = start();
          for (;;) {
            expect(sustain(rollout, clock, healthy)).toBe(false);
            if (!rollout.promote(approval).ok) break;
          }
          expect(rollout.stage()).toBe("full");
          expect(rollout.route("request-1")).toEqual({ serve: version });
        },
      },
      {
        title: "rollback: a release whose trigger metrics are not observed is not promoted",
        run: () => {
          const { rollout } = start();
          expect(rollout.observe({}).verdict.state).toBe("unobserved");
          expect(rollout.promote(approval)).toMatchObject({ ok: false, reason: "not observed" });
          expect(rollout.stage()).toBe("shadow");
        },
      },
    );
  } else {
    cases.push(
      {
        title: "rollback: its trigger could not be compiled, so the rollout refuses to build without an injected condition",
        run: () => {
          expect(() => options.createPhaseRollout({ now: () => FLOW_NOW, version, trace: FLOW_TRACE } as unknown as RolloutDepsFor<P>)).toThrow("deps.condition");
        },
      },
      {
        title: "rollback: the injected condition rolls a canary back by itself when it holds",
        run: () => {
          let holds = false;
          const { rollout, clock } = start(() => holds);
          rollout.observe({});
          expect(rollout.promote(approval)).toMatchObject({ ok: true });
          holds = true;
          expect(sustain(rollout, clock, {})).toBe(true);
          expect(rollout.route("request-1")).toEqual({ serve: plan.targetVersion });
        },
      },
    );
  }
  cases.push(
    {
      title: "rollout: shadow, each canary step and full, never skipping one: each promotion needs a clear observation in its own stage",
      run: () => {
        const { rollout } = start();
        expect(rollout.route("request-1")).toEqual({ serve: plan.targetVersion, shadow: version });
        const seen: string[] = [rollout.stage()];
        while (rollout.stage() !== "full" && seen.length < 100) {
          expect(rollout.promote(approval)).toMatchObject({ ok: false, reason: "not observed" });
          rollout.observe(healthy);
          const move = rollout.promote(approval);
          expect(move).toMatchObject({ ok: true, from: seen.at(-1) });
          if (move.ok) seen.push(move.to);
        }
        expect(seen[0]).toBe("shadow");
        expect(seen.slice(1, -1).every((stage) => stage.startsWith("canary "))).toBe(true);
        expect(seen.at(-1)).toBe("full");
        const shares = seen.slice(1, -1).map((stage) => Number.parseFloat(stage.slice("canary ".length)));
        expect([...shares].sort((a, b) => a - b)).toEqual(shares);
      },
    },
    {
      title: "rollback: the rollback switch restores the target version at every stage",
      run: () => {
        for (let promotions = 0; ; promotions += 1) {
          const { rollout } = start();
          for (let i = 0; i < promotions; i += 1) {
            rollout.observe(healthy);
            rollout.promote(approval);
          }
          const move = rollout.rollback("operator drill", "operator-b");
          expect(move).toMatchObject({ ok: true, to: "rolled_back" });
          expect(rollout.route("request-1")).toEqual({ serve: plan.targetVersion });
          if (move.ok && move.from === "full") break;
          expect(promotions).toBeLessThan(100);
        }
      },
    },
  );
  if (plan.approvalRequired) {
    cases.push({
      title: "rollout: a promotion without a recorded operator approval is refused",
      run: () => {
        const { rollout } = start();
        rollout.observe(healthy);
        expect(rollout.promote()).toMatchObject({ ok: false, reason: "approval missing" });
        expect(rollout.promote({ approved_by: "operator-a", at: new Date(FLOW_NOW + HOUR_MS).toISOString() })).toMatchObject({ ok: false, reason: "approval invalid" });
        expect(rollout.stage()).toBe("shadow");
      },
    });
  }
  return cases;
}

/** Registers {@link rollbackCases} as a vitest block titled `rollout and rollback`. */
export function describeRollback<P extends RollbackPlan>(options: RollbackBatteryOptions<P>): void {
  describe("rollout and rollback", () => {
    for (const { title, run } of rollbackCases(options)) it(title, run);
  });
}

/** What {@link describeModelLogs} needs: the phase's generated `models` and `createModelLog`. */
export interface ModelLogOptions {
  models: Readonly<Record<string, RecordModel>>;
  createModelLog: (name: never) => RecordLog;
}

/** A record carrying every key of `model`, for `tenant`. */
function sampleRecord(model: RecordModel, tenant: string, n: number): Record<string, unknown> {
  return Object.fromEntries(model.keys.map((key) => [key, key === model.tenantKey ? tenant : `${key}-${n}`]));
}

/**
 * For each append-only data model of the phase: a record with every key is appended and chained,
 * one without a key is refused, an edited record breaks the chain, and a tenant-scoped model
 * shows a tenant only its own records.
 */
export function modelLogCases(options: ModelLogOptions): FlowCase[] {
  const cases: FlowCase[] = [];
  for (const model of Object.values(options.models)) {
    if (!model.appendOnly) continue;
    const create = (): RecordLog => options.createModelLog(model.name as never);
    cases.push({
      title: `${model.name}: appends a record carrying every key, refuses one without a key, and an edited record breaks the chain`,
      run: () => {
        const log = create();
        expect(log.append(sampleRecord(model, "tenant-a", 1))).toMatchObject({ ok: true });
        for (const key of model.keys) {
          const partial = sampleRecord(model, "tenant-a", 2);
          delete partial[key];
          expect(log.append(partial)).toMatchObject({ ok: false, missing: [key] });
        }
        expect(log.verify()).toEqual({ ok: true, length: 1 });
        const edited = log.records().map((record) => ({ ...record, payload: { ...record.payload, edited: true } }));
        expect(verifyChain(edited)).toMatchObject({ ok: false, index: 0, reason: "hash mismatch" });
      },
    });
    if (model.tenantKey !== undefined) {
      cases.push({
        title: `${model.name}: shows a tenant only its own records`,
        run: () => {
          const log = create();
          log.append(sampleRecord(model, "tenant-a", 1));
          log.append(sampleRecord(model, "tenant-b", 2));
          expect(log.forTenant("tenant-a").map((record) => record.payload[model.tenantKey!])).toEqual(["tenant-a"]);
          expect(log.forTenant("tenant-c")).toEqual([]);
        },
      });
    }
  }
  return cases;
}

/** Registers {@link modelLogCases} as a vitest block titled `data models`. */
export function describeModelLogs(options: ModelLogOptions): void {
  const cases = modelLogCases(options);
  if (cases.length === 0) return;
  describe("data models", () => {
    for (const { title, run } of cases) it(title, run);
  });
}

/** A phase's gate builder and policy, as the escape battery takes them. */
interface PhaseGateOptions<P extends GatePolicy> {
  createPhaseGate: (deps: GateDepsFor<P>) => Gate;
  policy: P;
}

/** The phase's gate on {@link FLOW_NOW} with every decision source saying yes, plus `extra` deps. */
function allowingGate<P extends GatePolicy>(options: PhaseGateOptions<P>, extra: Record<string, unknown>): Gate {
  const normalized = normalizePolicy(options.policy);
  const checks: Record<string, DecisionSource> = Object.fromEntries(normalized.decidedChecks.map((check) => [check, () => true]));
  return options.createPhaseGate({ checks, leases: () => true, ...(normalized.needsCapabilities ? { capabilities: () => true } : {}), now: () => FLOW_NOW, ...extra } as unknown as GateDepsFor<P>);
}

/** An envelope that passes `policy` at {@link FLOW_NOW}, for task `taskId`, with a cost budget. */
function flowEnvelope(policy: GatePolicy, taskId: string, cost: number): Record<string, unknown> {
  const { requiredIds, policyGate } = normalizePolicy(policy);
  return {
    ...Object.fromEntries(requiredIds.map((id) => [id, `${id}-1`])),
    ...FLOW_TRACE,
    task_id: taskId,
    tenant_id: "tenant-a",
    principal: "principal-a",
    lease: { id: "lease-1", tenant_id: "tenant-a", expires_at: new Date(FLOW_NOW + HOUR_MS).toISOString() },
    ...(policyGate.has("approval") ? { approval: APPROVAL } : {}),
    budget: { timeout_ms: 1000, tokens: 100, cost },
  };
}

/** What {@link describeCostAccounting} needs: the phase's gate and policy and its generated `createPhaseAccount`. */
export interface CostBatteryOptions<P extends GatePolicy> extends PhaseGateOptions<P> {
  createPhaseAccount: (options: CostAccountOptions) => CostAccount;
}

/** The cost account wired into the phase's gate (seed 002 P8), as a vitest block titled `cost ledger`. */
export function describeCostAccounting<P extends GatePolicy>(options: CostBatteryOptions<P>): void {
  const setup = () => {
    const account = options.createPhaseAccount({ limit: 10, tolerance: 0.001, now: () => FLOW_NOW });
    return { account, gate: allowingGate(options, { ledger: account }) };
  };
  describe("cost ledger", () => {
    it("precharges through the gate, settles the actual cost and attributes it to tenant, capability and provider", async () => {
      const { account, gate } = setup();
      const receipt = await gate.execute(flowEnvelope(options.policy, "task-1", 5), (context) => {
        context.chargeCost(2, "provider-a");
        context.chargeCost(1);
        return "done";
      });
      expect(receipt.decision).toBe("allowed");
      expect(account.costs()).toEqual([
        { task_id: "task-1", tenant_id: "tenant-a", capability_id: FLOW_TRACE.capability_id, trace_id: FLOW_TRACE.trace_id, status: "settled", precharged: 5, actual: 3, by_provider: { "provider-a": 2, "(unattributed)": 1 } },
      ]);
      expect(account.available()).toBe(7);
      expect(account.log.verify()).toMatchObject({ ok: true });
    });
    it("a reconciliation within the tolerance passes; a mismatch is an event and the gate denies every further spend", async () => {
      const { account, gate } = setup();
      await gate.execute(flowEnvelope(options.policy, "task-1", 5), (context) => context.chargeCost(2, "provider-a"));
      expect(account.reconcile([{ provider: "provider-a", amount: 2 }], FLOW_TRACE).ok).toBe(true);
      await gate.execute(flowEnvelope(options.policy, "task-2", 5), (context) => context.chargeCost(2, "provider-a"));
      expect(account.reconcile([{ provider: "provider-a", amount: 2.5 }], FLOW_TRACE).ok).toBe(false);
      expect(account.log.records().map((record) => record.payload.type)).toContain("cost.reconciliation_mismatch");
      const task = vi.fn(() => "ran");
      const denied = await gate.execute(flowEnvelope(options.policy, "task-3", 1), task);
      expect(denied).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.prechargeRefused });
      expect(task).not.toHaveBeenCalled();
    });
    it("a task whose precharge exceeds what the account holds never runs", async () => {
      const { gate } = setup();
      const task = vi.fn(() => "ran");
      expect(await gate.execute(flowEnvelope(options.policy, "task-1", 11), task)).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.prechargeRefused });
      expect(task).not.toHaveBeenCalled();
    });
  });
}

/** What {@link describeCapabilityTrust} needs: the phase's gate and policy and its generated `createPhaseCapabilityRegistry`. */
export interface CapabilityBatteryOptions<P extends GatePolicy> extends PhaseGateOptions<P> {
  createPhaseCapabilityRegistry: (options: CapabilityRegistryOptions) => CapabilityRegistry;
}

/** The capability registry wired into the phase's gate (seed 002 P9), as a vitest block titled `capability trust`. */
export function describeCapabilityTrust<P extends GatePolicy>(options: CapabilityBatteryOptions<P>): void {
  const keys = generateKeyPairSync("ed25519");
  const stranger = generateKeyPairSync("ed25519");
  const body = {
    capability_id: FLOW_TRACE.capability_id,
    version: FLOW_TRACE.version,
    digest: `sha256:${"a".repeat(64)}`,
    provenance: { source: "repository-a", builder: "builder-a" },
    sbom_digest: `sha256:${"b".repeat(64)}`,
  };
  const signed = (key = keys.privateKey): CapabilityArtifact => ({ ...body, key_id: "publisher", signature: signCapability(body, key) });
  const setup = () => {
    const registry = options.createPhaseCapabilityRegistry({ trustedKeys: { publisher: keys.publicKey }, now: () => FLOW_NOW });
    return { registry, gate: allowingGate(options, { capabilities: registry.source() }) };
  };
  const envelope = () => flowEnvelope(options.policy, "task-1", 0);
  describe("capability trust", () => {
    it("the gate runs a capability only once it is verified, trusted and active", async () => {
      const { registry, gate } = setup();
      const task = vi.fn(() => "ran");
      expect(await gate.execute(envelope(), task)).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
      expect(registry.register(signed(), FLOW_TRACE)).toMatchObject({ ok: true, entry: { status: "verified" } });
      expect(await gate.execute(envelope(), task)).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
      expect(task).not.toHaveBeenCalled();
      registry.approve(body.capability_id, body.version, APPROVAL, FLOW_TRACE);
      expect(await gate.execute(envelope(), task)).toMatchObject({ decision: "allowed", result: "ran" });
    });
    it("a revoked capability is refused at once", async () => {
      const { registry, gate } = setup();
      registry.register(signed(), FLOW_TRACE);
      registry.approve(body.capability_id, body.version, APPROVAL, FLOW_TRACE);
      registry.revoke(body.capability_id, body.version, "withdrawn by its publisher", FLOW_TRACE);
      const task = vi.fn(() => "ran");
      expect(await gate.execute(envelope(), task)).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
      expect(task).not.toHaveBeenCalled();
      expect(registry.log.records().map((record) => record.payload.type)).toEqual(["capability.verified", "capability.activated", "capability.revoked"]);
    });
    it("a capability revoked while its task runs is stopped at the next checkpoint", async () => {
      const { registry, gate } = setup();
      registry.register(signed(), FLOW_TRACE);
      registry.approve(body.capability_id, body.version, APPROVAL, FLOW_TRACE);
      const steps: string[] = [];
      const seen: { signal?: AbortSignal } = {};
      const receipt = await gate.execute(envelope(), async (context) => {
        seen.signal = context.signal;
        await context.checkpoint();
        steps.push("first");
        registry.revoke(body.capability_id, body.version, "revoked during the run", FLOW_TRACE);
        await context.checkpoint();
        steps.push("second");
      });
      expect(steps).toEqual(["first"]);
      expect(receipt).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
      expect(seen.signal?.reason).toBeInstanceOf(CapabilityRevokedError);
    });
    it("an artifact whose signature does not verify under a trusted key is rejected and never activated", () => {
      const { registry } = setup();
      expect(registry.register(signed(stranger.privateKey), FLOW_TRACE)).toMatchObject({ ok: false, reason: "the signature does not verify" });
      expect(registry.approve(body.capability_id, body.version, APPROVAL, FLOW_TRACE)).toMatchObject({ ok: false });
      expect(registry.verdict(body.capability_id, body.version).trusted).toBe(false);
    });
  });
}

/** What {@link describeReplayBoundary} needs: the phase's generated `createPhaseRecorder` and `createPhaseReplay`. */
export interface ReplayBatteryOptions {
  createPhaseRecorder: <Req, Res>(live: (request: Req) => Res | Promise<Res>) => CallRecorder<Req, Res>;
  createPhaseReplay: <Req, Res>(snapshot: ReplaySnapshot, options: { now: () => number; trace: TraceIds; log?: FlowLog }) => ReplayBoundary<Req, Res>;
}

/** The replay boundary (seed 002 P10), as a vitest block titled `replay boundary`. */
export function describeReplayBoundary(options: ReplayBatteryOptions): void {
  const record = async () => {
    const live = vi.fn((request: { input: string; route: { provider: string } }) => ({ output: `${request.input} answered by ${request.route.provider}` }));
    const recorder = options.createPhaseRecorder(live);
    await recorder.call({ input: "first", route: { provider: "provider-a" } });
    await recorder.call({ input: "second", route: { provider: "provider-a" } });
    return { snapshot: recorder.snapshot(), live };
  };
  const replay = (snapshot: ReplaySnapshot) => options.createPhaseReplay<{ input: string; route: { provider: string } }, unknown>(snapshot, { now: () => FLOW_NOW, trace: FLOW_TRACE });
  describe("replay boundary", () => {
    it("replays a recorded session from its snapshot with no live call", async () => {
      const { snapshot, live } = await record();
      live.mockClear();
      const boundary = replay(snapshot);
      expect(await boundary.call({ input: "first", route: { provider: "provider-a" } })).toEqual({ output: "first answered by provider-a" });
      expect(await boundary.call({ input: "second", route: { provider: "provider-a" } })).toEqual({ output: "second answered by provider-a" });
      expect(boundary.finish()).toEqual({ ok: true, steps: 2 });
      expect(live).not.toHaveBeenCalled();
    });
    it("explains the first divergence field by field, with its step and both digests", async () => {
      const { snapshot } = await record();
      const boundary = replay(snapshot);
      await boundary.call({ input: "first", route: { provider: "provider-a" } });
      const error: unknown = await boundary.call({ input: "second", route: { provider: "provider-b" } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReplayDivergenceError);
      const { divergence } = error as ReplayDivergenceError;
      expect(divergence).toMatchObject({ step: 1, kind: "request", expected_digest: snapshot.calls[1]!.request_digest });
      expect(divergence.observed_digest).not.toBe(divergence.expected_digest);
      expect(divergence.fields).toEqual([{ path: "$.route.provider", change: "changed", expected: "provider-a", observed: "provider-b" }]);
      expect(boundary.log.records().map((entry) => entry.payload.type)).toContain("replay.diverged");
    });
    it("refuses a snapshot changed after recording", async () => {
      const { snapshot } = await record();
      const forged = { ...snapshot, calls: snapshot.calls.map((call, i) => (i === 0 ? { ...call, response: { output: "forged" } } : call)) };
      expect(() => replay(forged)).toThrow(SnapshotIntegrityError);
    });
  });
}

/** What {@link describeDegrade} needs: the phase's generated `createPhaseDegrade`. */
export interface DegradeBatteryOptions {
  createPhaseDegrade: <Req, Res>(options: DegradeOptions<Req, Res>) => DegradeLadder<Req, Res>;
}

/** The degrade ladder and manual takeover (seed 002 P11), as a vitest block titled `degrade and takeover`. */
export function describeDegrade(options: DegradeBatteryOptions): void {
  const setup = () => {
    const clock = { t: FLOW_NOW };
    const healthy = { primary: true, fallback: true };
    const profile = (id: "primary" | "fallback") => ({
      id,
      run: (request: string) => {
        if (!healthy[id]) throw new Error(`${id} is down`);
        return `${id}:${request}`;
      },
    });
    const ladder = options.createPhaseDegrade({
      profiles: [profile("primary"), profile("fallback")],
      breaker: { failureThreshold: 1, windowMs: 60_000, coolDownMs: 30_000 },
      recoveryBudgetMs: 5 * 60_000,
      now: () => clock.t,
      trace: FLOW_TRACE,
    });
    return { ladder, clock, healthy };
  };
  describe("degrade and takeover", () => {
    it("switches to the declared fallback when the primary fails, and back after a successful probe", async () => {
      const { ladder, clock, healthy } = setup();
      healthy.primary = false;
      expect(await ladder.call("a")).toMatchObject({ ok: true, profile: "fallback", degraded: true });
      expect(ladder.snapshot().breakers.primary).toBe("open");
      healthy.primary = true;
      clock.t += 30_000;
      expect(await ladder.call("b")).toMatchObject({ ok: true, profile: "primary", degraded: false });
      expect(ladder.snapshot().breakers.primary).toBe("closed");
      expect(ladder.log.records().map((record) => record.payload.type)).toEqual(expect.arrayContaining(["degrade.switched", "degrade.recovered"]));
    });
    it("asks for a manual takeover when no declared profile can serve, or recovery misses its budget", async () => {
      const down = setup();
      down.healthy.primary = false;
      down.healthy.fallback = false;
      expect(await down.ladder.call("a")).toMatchObject({ ok: false, reason: "all profiles failed" });
      expect(down.ladder.snapshot().takeoverRequested).toBe(true);
      const slow = setup();
      slow.healthy.primary = false;
      await slow.ladder.call("a");
      slow.clock.t += 5 * 60_000;
      await slow.ladder.call("b");
      expect(slow.ladder.snapshot().takeoverRequested).toBe(true);
    });
    it("the manual takeover switch stops automatic serving until it is released", async () => {
      const { ladder } = setup();
      expect(ladder.takeOver("operator-a", "manual recovery")).toBe(true);
      expect(await ladder.call("a")).toMatchObject({ ok: false, reason: "manual takeover" });
      expect(ladder.release("operator-a")).toBe(true);
      expect(await ladder.call("b")).toMatchObject({ ok: true, profile: "primary" });
      expect(ladder.log.verify()).toMatchObject({ ok: true });
    });
  });
}

/** What {@link describeLearningGate} needs: the phase's generated `learning` settings and `createPhaseLearningGate`. */
export interface LearningBatteryOptions {
  learning: { readonly approvalRequired: boolean };
  createPhaseLearningGate: (deps: { now: () => number; log?: FlowLog }) => LearningGate;
}

/** The learning gate (seed 002 P12), as a vitest block titled `learning gate`. */
export function describeLearningGate(options: LearningBatteryOptions): void {
  const digest = `sha256:${"d".repeat(64)}`;
  const evidence: GateEvidence = { evidence_id: "evidence-1", verifier: "verifier-a", candidate_digest: digest, passed: 3, total: 3 };
  const approval = options.learning.approvalRequired ? APPROVAL : undefined;
  const propose = () => {
    const gate = options.createPhaseLearningGate({ now: () => FLOW_NOW });
    expect(gate.propose({ delta_id: "delta-1", tenant_id: "tenant-a", digest, trace: FLOW_TRACE })).toBe(true);
    return gate;
  };
  describe("learning gate", () => {
    it("promotes a delta with passing gate evidence", () => {
      const gate = propose();
      expect(gate.decide("delta-1", evidence, approval)).toEqual({ status: "promoted", delta_id: "delta-1", evidence_id: "evidence-1" });
    });
    it("quarantines a delta without passing gate evidence, or with evidence over another delta", () => {
      for (const bad of [undefined, { ...evidence, passed: 2 }, { ...evidence, candidate_digest: `sha256:${"e".repeat(64)}` }]) {
        const gate = propose();
        expect(gate.decide("delta-1", bad, approval)).toMatchObject({ status: "quarantined" });
        expect(gate.status("delta-1")).toBe("quarantined");
      }
    });
    if (options.learning.approvalRequired) {
      it("quarantines a delta without a recorded approval", () => {
        expect(propose().decide("delta-1", evidence)).toMatchObject({ status: "quarantined", reason: expect.stringContaining("approval") });
      });
    }
  });
}

/** What {@link describeMetricTrace} needs: the phase's generated `metricModel` and `createPhaseMetricBook`. */
export interface MetricBatteryOptions {
  metricModel: RecordModel;
  createPhaseMetricBook: () => MetricBook;
}

/** The metric book (seed 002 P13), as a vitest block titled `metric to task`. */
export function describeMetricTrace(options: MetricBatteryOptions): void {
  const { metricModel } = options;
  const entry = (metric: string, value: number, task: string) => ({ ...sampleRecord(metricModel, "tenant-a", 1), task_id: task, trace_id: `trace-${task}`, metric, value });
  describe("metric to task", () => {
    it("refuses a metric record without its task_id or trace_id", () => {
      const book = options.createPhaseMetricBook();
      for (const key of ["task_id", "trace_id"]) {
        const record: Record<string, unknown> = entry("revenue", 1, "task-1");
        delete record[key];
        expect(book.record(record as never)).toMatchObject({ ok: false, missing: [key] });
      }
      expect(book.refused()).toBe(2);
    });
    it("every aggregate traces back to the tasks and traces it sums", () => {
      const book = options.createPhaseMetricBook();
      book.record(entry("revenue", 100, "task-1"));
      book.record(entry("cost", 30, "task-1"));
      book.record(entry("cost", 20, "task-2"));
      const [margin] = book.aggregate({ metrics: { revenue: 1, cost: -1 } });
      expect(margin).toMatchObject({ value: 50, tasks: ["task-1", "task-2"] });
      expect(margin!.contributions.map((c) => [c.task_id, c.trace_id, c.weighted])).toEqual([["task-1", "trace-task-1", 100], ["task-1", "trace-task-1", -30], ["task-2", "trace-task-2", -20]]);
      expect(book.verify()).toMatchObject({ ok: true });
    });
  });
}
