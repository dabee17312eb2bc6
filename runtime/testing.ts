/**
 * `spec-kit/runtime/testing`: the gate escape battery every generated test suite runs, written
 * once here instead of in each suite. It imports vitest, so it is for test suites only; the rest
 * of the runtime (`spec-kit/runtime`) stays free of it.
 */
import { describe, expect, it, vi } from "vitest";
import { CapabilityRevokedError, LeaseRevokedError } from "./budget-run.js";
import type { DecisionSource } from "./decision.js";
import { DENIAL_REASONS, type DenialReason } from "./denial-reasons.js";
import { CAPABILITY_CHECK, GateDependencyError, LEASE_CHECK, type Gate, type GateDeps, type GateDepsFor } from "./gate.js";
import { normalizePolicy, type GatePolicy } from "./gate-policy.js";
import type { EnvelopeInput, TaskEnvelope } from "./task-envelope.js";
import { TRACE_ID_KEYS } from "./trace-ids.js";

/** The title of the block {@link describeGateEscapes} registers. */
export const ESCAPE_SUITE = "gate escape tests";

/** The instant the battery's gate clock reads unless told otherwise: 2030-01-01T00:00:00.000Z. */
export const ESCAPE_NOW = Date.parse("2030-01-01T00:00:00.000Z");

/** The time budget of the battery's envelopes. */
export const ESCAPE_TIMEOUT_MS = 1000;

/** The token budget of the battery's envelopes. */
export const ESCAPE_TOKEN_LIMIT = 100;

const HOUR_MS = 60 * 60 * 1000;

/** What the battery needs of a phase: its generated gate module's `createPhaseGate` and `policy`. */
export interface GateEscapeOptions<P extends GatePolicy = GatePolicy> {
  /**
   * Creates the phase's gate from injected dependencies. The battery injects a fixed clock, a
   * decision source for every check the policy needs one for and a lease revocation source, and
   * leaves out or breaks one of them per case.
   */
  createPhaseGate: (deps: GateDepsFor<P>) => Gate;
  /** The phase's policy: its checks and further `auditTrace` ids shape the cases. */
  policy: P;
  /** The instant (ms since the epoch) the gate's clock is fixed at; default {@link ESCAPE_NOW}. */
  now?: number;
}

/** One case of the battery: its test title and the body that asserts it. */
export interface GateEscapeCase {
  title: string;
  run: () => Promise<void>;
}

/** The id of the lease on the battery's envelopes. */
export const ESCAPE_LEASE_ID = "lease-1";

/**
 * An envelope that passes every check `policy` demands at `now`: the five trace ids and any
 * further `auditTrace` id (each as an own property, even `__proto__`), tenant `tenant-a`, a
 * lease {@link ESCAPE_LEASE_ID} ending an hour after `now`, an approval an hour before it when
 * the policy lists `approval`, and the battery's time and token budgets.
 */
export function escapeEnvelope(policy: GatePolicy, now: number = ESCAPE_NOW): TaskEnvelope {
  const { requiredIds, policyGate } = normalizePolicy(policy);
  const extraIds = requiredIds.slice(TRACE_ID_KEYS.length);
  return {
    ...Object.fromEntries(extraIds.map((id) => [id, `${id}-1`])),
    trace_id: "trace-1",
    session_id: "session-1",
    task_id: "task-1",
    capability_id: "capability-1",
    version: "v1",
    tenant_id: "tenant-a",
    principal: "principal-a",
    lease: { id: ESCAPE_LEASE_ID, tenant_id: "tenant-a", expires_at: new Date(now + HOUR_MS).toISOString() },
    ...(policyGate.has("approval") ? { approval: { approved_by: "reviewer-a", at: new Date(now - HOUR_MS).toISOString() } } : {}),
    budget: { timeout_ms: ESCAPE_TIMEOUT_MS, tokens: ESCAPE_TOKEN_LIMIT },
  };
}

/** The denial reason a refusal of `check`'s decision source gives. */
function refusalReason(check: string): DenialReason {
  if (check === "permission") return DENIAL_REASONS.permissionDenied;
  if (check === "approval") return DENIAL_REASONS.approvalDenied;
  if (check === "sandbox") return DENIAL_REASONS.sandboxDenied;
  return DENIAL_REASONS.guardrailDenied;
}

/** Decision source answers that must deny: a refusal, and values that are merely truthy. */
const REFUSALS: readonly unknown[] = [false, "true", 1, { allowed: true }, undefined];

/**
 * The battery's cases for one phase, in order: a valid envelope is allowed; cross-tenant,
 * expired-lease and each missing or empty trace id are denied; a missing approval is denied when
 * the policy lists `approval`; for every check that needs a decision source (`permission`,
 * `approval`, `sandbox`, custom names), a gate without it refuses to build and a source that
 * throws, rejects or says no denies; a policy listing `tenant boundary` refuses to build without
 * the revocation source; a lease revoked before the run (in the envelope or by the source, or a
 * failing source) is denied and one revoked during the run stops the task at its next
 * checkpoint; for a policy with `capabilityTrust`, a gate without the capability trust source
 * refuses to build, an untrusted capability is denied and one revoked during the run is stopped;
 * a task past its time or token budget is stopped. {@link describeGateEscapes}
 * registers them with vitest.
 */
export function gateEscapeCases<P extends GatePolicy>(options: GateEscapeOptions<P>): GateEscapeCase[] {
  const { policy } = options;
  const now = options.now ?? ESCAPE_NOW;
  const normalized = normalizePolicy(policy);
  const valid = (): TaskEnvelope => escapeEnvelope(policy, now);
  const allowAll = (): Record<string, DecisionSource> => Object.fromEntries(normalized.decidedChecks.map((check) => [check, () => true]));
  /** The phase's gate on the fixed clock, every source saying yes unless `deps` replaces it. */
  const trust = normalized.needsCapabilities ? { capabilities: (() => true) as DecisionSource } : {};
  const build = (deps: Partial<GateDeps> = {}): Gate =>
    options.createPhaseGate({ checks: allowAll(), leases: () => true, ...trust, ...deps, now: () => now } as unknown as GateDepsFor<P>);
  const withCheck = (check: string, source: DecisionSource): Gate => build({ checks: { ...allowAll(), [check]: source } });
  const expectDenied = async (envelope: EnvelopeInput, reason: DenialReason, gate: Gate = build()): Promise<void> => {
    const task = vi.fn(() => "ran");
    const receipt = await gate.execute(envelope, task);
    expect(receipt.decision).toBe("denied");
    expect(receipt.reason).toBe(reason);
    expect(task).not.toHaveBeenCalled();
    expect(receipt.events.map((event) => event.type)).toEqual(["gate.denied"]);
    expect(receipt.events[0]?.data.reason).toBe(reason);
  };

  const cases: GateEscapeCase[] = [
    {
      title: "allows a valid envelope and runs the task once, with the five trace ids on every event",
      run: async () => {
        const asked: string[] = [];
        const source: DecisionSource = (_envelope, context) => {
          asked.push(`${context.phaseId}:${context.check}`);
          return true;
        };
        const task = vi.fn(() => "done");
        const gate = build({
          checks: Object.fromEntries(normalized.decidedChecks.map((check) => [check, source])),
          leases: source,
          ...(normalized.needsCapabilities ? { capabilities: source } : {}),
        });
        const receipt = await gate.execute(valid(), task);
        expect(receipt.decision).toBe("allowed");
        expect(receipt.result).toBe("done");
        expect(task).toHaveBeenCalledTimes(1);
        const order = [LEASE_CHECK, ...(normalized.needsCapabilities ? [CAPABILITY_CHECK] : []), ...normalized.decidedChecks];
        expect(asked).toEqual(order.map((check) => `${normalized.phaseId}:${check}`));
        expect(receipt.events.length).toBeGreaterThan(0);
        for (const event of receipt.events) for (const key of TRACE_ID_KEYS) expect(event[key]).toBe(valid()[key]);
      },
    },
    {
      title: "denies a cross-tenant envelope",
      run: () => expectDenied({ ...valid(), tenant_id: "tenant-b" }, DENIAL_REASONS.crossTenant),
    },
    {
      title: "denies an expired lease",
      run: () => expectDenied({ ...valid(), lease: { ...valid().lease, expires_at: new Date(now).toISOString() } }, DENIAL_REASONS.leaseExpired),
    },
    ...TRACE_ID_KEYS.map(
      (key): GateEscapeCase => ({
        title: `denies an envelope whose ${key} is missing or empty`,
        run: async () => {
          const missing: Record<string, unknown> = { ...valid() };
          delete missing[key];
          await expectDenied(missing, DENIAL_REASONS.traceIdMissing);
          await expectDenied({ ...valid(), [key]: "" }, DENIAL_REASONS.traceIdMissing);
        },
      }),
    ),
  ];
  if (normalized.policyGate.has("approval")) {
    cases.push({
      title: "denies an envelope without the approval this phase requires",
      run: async () => {
        const unapproved: Record<string, unknown> = { ...valid() };
        delete unapproved.approval;
        await expectDenied(unapproved, DENIAL_REASONS.approvalMissing);
      },
    });
  }
  for (const check of normalized.decidedChecks) {
    cases.push(
      {
        title: `${check}: refuses to build without its decision source`,
        run: async () => {
          const checks: Record<string, DecisionSource> = allowAll();
          delete checks[check];
          expect(() => build({ checks })).toThrow(GateDependencyError);
          expect(() => build({ checks })).toThrow(`check ${JSON.stringify(check)} needs deps.checks[${JSON.stringify(check)}]`);
          // Only a function counts as a source.
          expect(() => build({ checks: { ...checks, [check]: true as unknown as DecisionSource } })).toThrow(GateDependencyError);
        },
      },
      {
        title: `${check}: denies when its decision source throws or rejects`,
        run: async () => {
          const reason = refusalReason(check);
          await expectDenied(valid(), reason, withCheck(check, () => {
            throw new Error("decision service down");
          }));
          await expectDenied(valid(), reason, withCheck(check, () => Promise.reject(new Error("decision service down"))));
        },
      },
      {
        title: `${check}: denies when its decision source says no (or anything but true)`,
        run: async () => {
          for (const answer of REFUSALS) {
            await expectDenied(valid(), refusalReason(check), withCheck(check, () => answer as boolean));
          }
        },
      },
    );
  }
  if (normalized.needsRevocation) {
    cases.push({
      title: "tenant boundary: refuses to build without the lease revocation source",
      run: async () => {
        expect(() => build({ leases: undefined })).toThrow(GateDependencyError);
        expect(() => build({ leases: undefined })).toThrow("deps.leases");
      },
    });
  }
  if (normalized.needsCapabilities) {
    cases.push(
      {
        title: "capability trust: refuses to build without the capability trust source",
        run: async () => {
          expect(() => build({ capabilities: undefined })).toThrow(GateDependencyError);
          expect(() => build({ capabilities: undefined })).toThrow("deps.capabilities");
        },
      },
      {
        title: "capability trust: denies a capability the registry does not hold verified, trusted and active (no, not true, throws, rejects)",
        run: async () => {
          for (const answer of REFUSALS) await expectDenied(valid(), DENIAL_REASONS.capabilityUntrusted, build({ capabilities: () => answer as boolean }));
          const revoked = new Set([`${valid().capability_id}@${valid().version}`]);
          await expectDenied(valid(), DENIAL_REASONS.capabilityUntrusted, build({ capabilities: (envelope) => !revoked.has(`${envelope.capability_id}@${envelope.version}`) }));
          await expectDenied(valid(), DENIAL_REASONS.capabilityUntrusted, build({ capabilities: () => Promise.reject(new Error("catalog down")) }));
          await expectDenied(valid(), DENIAL_REASONS.capabilityUntrusted, build({
            capabilities: () => {
              throw new Error("catalog down");
            },
          }));
        },
      },
      {
        title: "capability revoked during: a running task is stopped at its next checkpoint, its signal aborted",
        run: async () => {
          let trusted = true;
          const steps: string[] = [];
          const seen: { signal?: AbortSignal } = {};
          const receipt = await build({ capabilities: () => trusted }).execute(valid(), async (context) => {
            seen.signal = context.signal;
            await context.checkpoint();
            steps.push("first");
            trusted = false;
            await context.checkpoint();
            steps.push("second");
            return "finished";
          });
          expect(steps).toEqual(["first"]);
          expect(receipt.decision).toBe("denied");
          expect(receipt.reason).toBe(DENIAL_REASONS.capabilityUntrusted);
          expect(seen.signal?.reason).toBeInstanceOf(CapabilityRevokedError);
          expect(receipt.events.map((event) => event.type)).toContain("capability.revoked");
        },
      },
    );
  }
  cases.push(
    {
      title: "lease revoked before: denies a lease the envelope marks revoked, or the revocation source does not confirm",
      run: async () => {
        await expectDenied({ ...valid(), lease: { ...valid().lease, revoked: true } }, DENIAL_REASONS.leaseRevoked);
        const revoked = new Set([ESCAPE_LEASE_ID]);
        await expectDenied(valid(), DENIAL_REASONS.leaseRevoked, build({ leases: (envelope) => !revoked.has(envelope.lease.id ?? "") }));
        await expectDenied(valid(), DENIAL_REASONS.leaseRevoked, build({ leases: () => Promise.reject(new Error("lease store down")) }));
        const anonymous: Record<string, unknown> = { ...valid().lease };
        delete anonymous.id;
        await expectDenied({ ...valid(), lease: anonymous }, DENIAL_REASONS.leaseInvalid);
      },
    },
    {
      title: "lease revoked during: a running task is stopped at its next checkpoint, its signal aborted",
      run: async () => {
        let inForce = true;
        const steps: string[] = [];
        const seen: { signal?: AbortSignal } = {};
        const receipt = await build({ leases: () => inForce }).execute(valid(), async (context) => {
          seen.signal = context.signal;
          await context.checkpoint();
          steps.push("first");
          inForce = false;
          await context.checkpoint();
          steps.push("second");
          return "finished";
        });
        expect(steps).toEqual(["first"]);
        expect(receipt.decision).toBe("denied");
        expect(receipt.reason).toBe(DENIAL_REASONS.leaseRevoked);
        expect(seen.signal?.aborted).toBe(true);
        expect(seen.signal?.reason).toBeInstanceOf(LeaseRevokedError);
        const types = receipt.events.map((event) => event.type);
        expect(types).toContain("lease.revoked");
        expect(types.at(-1)).toBe("gate.denied");
        expect(receipt.events.at(-1)?.data.reason).toBe(DENIAL_REASONS.leaseRevoked);
      },
    },
    {
      title: "denies a task that outruns budget.timeout_ms and aborts its signal",
      run: async () => {
        vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
        try {
          const seen: { signal?: AbortSignal; abortedBeforeDeadline?: boolean } = {};
          const receipt = await build().execute(valid(), (context) => {
            seen.signal = context.signal;
            vi.advanceTimersByTime(ESCAPE_TIMEOUT_MS - 1);
            seen.abortedBeforeDeadline = context.signal.aborted;
            vi.advanceTimersByTime(2);
            return "late";
          });
          expect(seen.abortedBeforeDeadline).toBe(false);
          expect(receipt.decision).toBe("denied");
          expect(receipt.reason).toBe(DENIAL_REASONS.timeout);
          expect(seen.signal?.aborted).toBe(true);
        } finally {
          vi.useRealTimers();
        }
      },
    },
    {
      title: "denies a task that exceeds its token budget and aborts its signal",
      run: async () => {
        const seen: { signal?: AbortSignal; ranPastCharge: boolean } = { ranPastCharge: false };
        const receipt = await build().execute(valid(), (context) => {
          seen.signal = context.signal;
          context.chargeTokens(ESCAPE_TOKEN_LIMIT);
          context.chargeTokens(1);
          seen.ranPastCharge = true;
          return "over";
        });
        expect(receipt.decision).toBe("denied");
        expect(receipt.reason).toBe(DENIAL_REASONS.tokenBudgetExceeded);
        expect(seen.signal?.aborted).toBe(true);
        expect(seen.ranPastCharge).toBe(false);
      },
    },
  );
  return cases;
}

/**
 * Registers the gate escape battery of one phase as a vitest block titled {@link ESCAPE_SUITE},
 * one test per case of {@link gateEscapeCases}; a generated suite calls it with its gate module:
 * `describeGateEscapes({ createPhaseGate, policy })`.
 */
export function describeGateEscapes<P extends GatePolicy>(options: GateEscapeOptions<P>): void {
  describe(ESCAPE_SUITE, () => {
    for (const { title, run } of gateEscapeCases(options)) it(title, run);
  });
}

export {
  FLOW_NOW,
  FLOW_TRACE,
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
  type CapabilityBatteryOptions,
  type CostBatteryOptions,
  type DegradeBatteryOptions,
  type FlowCase,
  type LearningBatteryOptions,
  type MetricBatteryOptions,
  type ModelLogOptions,
  type ReplayBatteryOptions,
  type RollbackBatteryOptions,
} from "./flow-testing.js";
