/**
 * `spec-kit/runtime/testing`: the gate escape battery every generated test suite runs, written
 * once here instead of in each suite. It imports vitest, so it is for test suites only; the rest
 * of the runtime (`spec-kit/runtime`) stays free of it.
 */
import { describe, expect, it, vi } from "vitest";
import { DENIAL_REASONS, type DenialReason } from "./denial-reasons.js";
import type { Gate, GateDeps } from "./gate.js";
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
export interface GateEscapeOptions {
  /** Creates the phase's gate from injected dependencies; the battery injects a fixed clock. */
  createPhaseGate: (deps: GateDeps) => Gate;
  /** The phase's policy: its `approval` and `permission` gates and further `auditTrace` ids shape the cases. */
  policy: GatePolicy;
  /** The instant (ms since the epoch) the gate's clock is fixed at; default {@link ESCAPE_NOW}. */
  now?: number;
}

/** One case of the battery: its test title and the body that asserts it. */
export interface GateEscapeCase {
  title: string;
  run: () => Promise<void>;
}

/**
 * An envelope that passes every check `policy` demands at `now`: the five trace ids and any
 * further `auditTrace` id (each as an own property, even `__proto__`), tenant `tenant-a`, a
 * lease ending an hour after `now`, an approval an hour before it when the policy lists
 * `approval`, and the battery's time and token budgets.
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
    lease: { tenant_id: "tenant-a", expires_at: new Date(now + HOUR_MS).toISOString() },
    ...(policyGate.has("approval") ? { approval: { approved_by: "reviewer-a", at: new Date(now - HOUR_MS).toISOString() } } : {}),
    budget: { timeout_ms: ESCAPE_TIMEOUT_MS, tokens: ESCAPE_TOKEN_LIMIT },
  };
}

/**
 * The battery's cases for one phase, in order: a valid envelope is allowed; cross-tenant,
 * expired-lease and each missing or empty trace id are denied; a missing approval is denied when
 * the policy lists `approval`, a refusing authorizer when it lists `permission`; a task past its
 * time or token budget is stopped. {@link describeGateEscapes} registers them with vitest.
 */
export function gateEscapeCases(options: GateEscapeOptions): GateEscapeCase[] {
  const { createPhaseGate, policy } = options;
  const now = options.now ?? ESCAPE_NOW;
  const policyGate = normalizePolicy(policy).policyGate;
  const valid = (): TaskEnvelope => escapeEnvelope(policy, now);
  const fixedGate = (deps: Partial<GateDeps> = {}): Gate => createPhaseGate({ ...deps, now: () => now });
  const expectDenied = async (envelope: EnvelopeInput, reason: DenialReason, gate: Gate = fixedGate()): Promise<void> => {
    const task = vi.fn(() => "ran");
    const receipt = await gate.execute(envelope, task);
    expect(receipt.decision).toBe("denied");
    expect(receipt.reason).toBe(reason);
    expect(task).not.toHaveBeenCalled();
    expect(receipt.events.map((event) => event.type)).toEqual(["gate.denied"]);
  };

  const cases: GateEscapeCase[] = [
    {
      title: "allows a valid envelope and runs the task once, with the five trace ids on every event",
      run: async () => {
        const task = vi.fn(() => "done");
        const receipt = await fixedGate().execute(valid(), task);
        expect(receipt.decision).toBe("allowed");
        expect(receipt.result).toBe("done");
        expect(task).toHaveBeenCalledTimes(1);
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
      run: () => expectDenied({ ...valid(), lease: { tenant_id: "tenant-a", expires_at: new Date(now).toISOString() } }, DENIAL_REASONS.leaseExpired),
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
  if (policyGate.has("approval")) {
    cases.push({
      title: "denies an envelope without the approval this phase requires",
      run: async () => {
        const unapproved: Record<string, unknown> = { ...valid() };
        delete unapproved.approval;
        await expectDenied(unapproved, DENIAL_REASONS.approvalMissing);
      },
    });
  }
  if (policyGate.has("permission")) {
    cases.push({
      title: "denies a principal the authorizer refuses",
      run: () => expectDenied(valid(), DENIAL_REASONS.permissionDenied, fixedGate({ authorize: () => false })),
    });
  }
  cases.push(
    {
      title: "denies a task that outruns budget.timeout_ms and aborts its signal",
      run: async () => {
        vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
        try {
          const seen: { signal?: AbortSignal; abortedBeforeDeadline?: boolean } = {};
          const receipt = await fixedGate().execute(valid(), (context) => {
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
        const receipt = await fixedGate().execute(valid(), (context) => {
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
export function describeGateEscapes(options: GateEscapeOptions): void {
  describe(ESCAPE_SUITE, () => {
    for (const { title, run } of gateEscapeCases(options)) it(title, run);
  });
}
