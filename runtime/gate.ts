import type { SELF_CHECKED, TENANT_BOUNDARY } from "../common/guardrail-vocabulary.js";
import { createAuditRecorder, deepFreeze, type AuditEvent, type EventSink } from "./audit-events.js";
import { runWithinBudget, type Task, type Usage } from "./budget-run.js";
import { canonicalJson } from "../common/canonical-json.js";
import { globalClearTimer, globalSetTimer, parseIsoInstant, toMillis, type ClearTimer, type Now, type SetTimer } from "./clock.js";
import { ask, isUninjected, uninjectedSource, type CapabilitySource, type DecisionSource, type RevocationSource } from "./decision.js";
import { describeError } from "./describe-error.js";
import { DENIAL_REASONS, type Denial, type DenialReason } from "./denial-reasons.js";
import { checkEnvelope } from "./envelope-checks.js";
import { normalizePolicy, type GatePolicy, type NormalizedPolicy } from "./gate-policy.js";
import { sha256Hex, type HashFn } from "../common/hash.js";
import type { CostLedger } from "./ledger.js";
import type { EnvelopeInput, TaskEnvelope, UntrustedEnvelope } from "./task-envelope.js";
import { pickTraceIds } from "./trace-ids.js";

/**
 * What a gate is given instead of doing I/O itself. Optional here; {@link GateDepsFor} makes the
 * decision sources a policy needs required, and `createGate` refuses to build without them.
 */
export interface GateDeps {
  now: Now;
  sink?: EventSink;
  /** Holds each task's cost limit (`budget.cost`, else `defaults.costLimit`, else 0) before it runs and settles the actual cost after. */
  ledger?: CostLedger;
  /** Digests the admitted envelope for the `gate.checked` event; defaults to SHA-256. */
  hash?: HashFn;
  setTimer?: SetTimer;
  clearTimer?: ClearTimer;
  /**
   * The decision source of each check that needs a decision from outside the gate, by its exact
   * name: `permission`, `approval`, `sandbox`, and every custom guardrail name the policy lists.
   * Sources for checks the policy does not list are ignored, so one object can serve every phase.
   */
  checks?: Readonly<Record<string, DecisionSource>>;
  /**
   * The lease revocation source, asked before each task runs and at each of its checkpoints.
   * Required by a policy that lists `tenant boundary`; used whenever given.
   */
  leases?: RevocationSource;
  /**
   * The capability trust source (check `capability`), e.g. a capability registry's `source()`:
   * `true` only while the envelope's `capability_id` at its `version` is verified, trusted and
   * active. Asked before each task runs and at each of its checkpoints, so a revocation stops the
   * next step. Required by a policy with `capabilityTrust`; used whenever given.
   */
  capabilities?: CapabilitySource;
}

type Listed<P extends GatePolicy> = P["runtimeGate"][number] | P["policyGate"][number];
type NeedsDecision<N extends string> = N extends (typeof SELF_CHECKED)[number] ? never : N;

/**
 * The dependencies the gate of policy `P` cannot be built without, as a type: with a policy
 * whose gate names are literal types (`as const`), leaving out the decision source of a listed
 * check, or the revocation source where `tenant boundary` is listed, does not compile. With
 * names typed only as `string`, every source is required.
 */
export type GateDepsFor<P extends GatePolicy> = GateDeps &
  ([NeedsDecision<Listed<P>>] extends [never]
    ? unknown
    : { checks: Readonly<Record<string, DecisionSource>> & { readonly [K in NeedsDecision<Listed<P>>]: DecisionSource } }) &
  (string extends Listed<P> ? { leases: RevocationSource } : typeof TENANT_BOUNDARY extends P["policyGate"][number] ? { leases: RevocationSource } : unknown) &
  (P["capabilityTrust"] extends true ? { capabilities: CapabilitySource } : unknown);

/** Thrown by `createGate` when the policy names a check whose dependency was not given. */
export class GateDependencyError extends Error {
  override readonly name = "GateDependencyError";
  constructor(
    readonly phaseId: string,
    /** Each missing dependency: the check and what to pass for it. */
    readonly missing: readonly { check: string; dependency: string }[],
  ) {
    super(
      `the gate of ${phaseId} cannot be built: ` +
        missing.map(({ check, dependency }) => `check "${check}" needs ${dependency}, which was not given`).join("; "),
    );
  }
}

/**
 * What `execute` resolves to (INTERFACE §5). `denied` means the task never ran, or ran and was
 * aborted for outrunning a budget. A task that throws was still allowed: its receipt says
 * `allowed`, carries `error`, and its events end with `task.failed`.
 */
export interface Receipt<T> {
  readonly decision: "allowed" | "denied";
  readonly reason?: DenialReason;
  /** What exactly failed, for a denial. */
  readonly detail?: string;
  readonly result?: T;
  /** The task's thrown error, described in one line. */
  readonly error?: string;
  readonly usage: Readonly<Usage>;
  /** The events this execution emitted, in order; frozen. */
  readonly events: readonly AuditEvent[];
}

/** The runtime gate of one phase. */
export interface Gate {
  readonly phaseId: string;
  readonly policy: NormalizedPolicy;
  /** Checks `envelope` and runs `task` only when every check passes. Never rejects because of the task or the sink. */
  execute<T>(envelope: EnvelopeInput, task: Task<T>): Promise<Receipt<T>>;
}

const NO_USAGE: Readonly<Usage> = Object.freeze({ tokens: 0, cost: 0 });

/** The denial reason of each built-in check a decision source decides; a custom guardrail's is `guardrail denied`. */
const DECISION_DENIALS: Readonly<Record<string, DenialReason>> = Object.freeze({
  permission: DENIAL_REASONS.permissionDenied,
  approval: DENIAL_REASONS.approvalDenied,
  sandbox: DENIAL_REASONS.sandboxDenied,
});

/** The name of the check a revocation source is asked about, in its {@link DecisionContext}. */
export const LEASE_CHECK = "lease";

/** The name of the check the capability trust source is asked about, in its {@link DecisionContext}. */
export const CAPABILITY_CHECK = "capability";

/**
 * Creates the gate of a phase, or throws a {@link GateDependencyError} when the policy names a
 * check whose dependency `deps` lacks: a decision source in `deps.checks` for `permission`,
 * `approval`, `sandbox` and every name that is not built in (so a misspelt name refuses to
 * build rather than being skipped), and `deps.leases` where `tenant boundary` is listed.
 *
 * Every execution: trace ids, identity, tenant and lease are checked (see `checkEnvelope`);
 * then the revocation source (when given) and each decision source are asked in turn, the first
 * refusal denying; only an answer of exactly `true` allows, and a source that has not answered
 * within the task's time limit refuses. The task then runs under its limits; each
 * `checkpoint()` it calls asks the revocation source again. Only a faulty clock or hash
 * function makes `execute` reject.
 */
export function createGate<const P extends GatePolicy>(policy: P, deps: GateDepsFor<P>): Gate {
  const normalized = normalizePolicy(policy);
  const given: GateDeps = typeof deps === "object" && deps !== null ? deps : ({} as GateDeps);
  const sources = new Map<string, DecisionSource>();
  const missing: { check: string; dependency: string }[] = [];
  for (const check of normalized.decidedChecks) {
    const source = ownSource(given.checks, check);
    if (source === undefined) missing.push({ check, dependency: `deps.checks[${JSON.stringify(check)}] (a DecisionSource)` });
    else sources.set(check, source);
  }
  const leases = typeof given.leases === "function" ? given.leases : undefined;
  if (normalized.needsRevocation && leases === undefined) {
    missing.push({ check: "tenant boundary", dependency: "deps.leases (a RevocationSource)" });
  }
  const capabilities = typeof given.capabilities === "function" ? given.capabilities : undefined;
  if (normalized.needsCapabilities && capabilities === undefined) {
    missing.push({ check: "capability trust", dependency: "deps.capabilities (a CapabilitySource, such as a capability registry's source())" });
  }
  if (missing.length > 0) throw new GateDependencyError(normalized.phaseId, missing);
  if (typeof given.now !== "function") throw new TypeError(`the gate of ${normalized.phaseId} needs deps.now, a clock`);

  const { now, sink, ledger } = given;
  const hash = given.hash ?? sha256Hex;
  const setTimer = given.setTimer ?? globalSetTimer;
  const clearTimer = given.clearTimer ?? globalClearTimer;
  let seq = 0;

  async function askLease(envelope: Readonly<TaskEnvelope>, signal: AbortSignal | undefined): Promise<Denial | undefined> {
    if (leases === undefined) return undefined;
    if (isUninjected(leases)) return notInjected(LEASE_CHECK);
    const verdict = await ask(leases, envelope, { phaseId: normalized.phaseId, check: LEASE_CHECK, ...(signal ? { signal } : {}) });
    if (verdict.allowed) return undefined;
    return { reason: DENIAL_REASONS.leaseRevoked, detail: `the revocation source ${verdict.why}: lease ${String(envelope.lease.id)} is not in force`, check: LEASE_CHECK };
  }

  async function askCapability(envelope: Readonly<TaskEnvelope>, signal: AbortSignal | undefined): Promise<Denial | undefined> {
    if (capabilities === undefined) return undefined;
    if (isUninjected(capabilities)) return notInjected(CAPABILITY_CHECK);
    const verdict = await ask(capabilities, envelope, { phaseId: normalized.phaseId, check: CAPABILITY_CHECK, ...(signal ? { signal } : {}) });
    if (verdict.allowed) return undefined;
    return {
      reason: DENIAL_REASONS.capabilityUntrusted,
      detail: `the capability trust source ${verdict.why}: capability ${envelope.capability_id} ${envelope.version} is not verified, trusted and active`,
      check: CAPABILITY_CHECK,
    };
  }

  async function decide(envelope: Readonly<TaskEnvelope>, limitMs: number | undefined): Promise<Denial | undefined> {
    if (leases === undefined && capabilities === undefined && sources.size === 0) return undefined;
    const controller = new AbortController();
    const timer = limitMs === undefined ? undefined : setTimer(() => controller.abort(), limitMs);
    try {
      const revoked = (await askLease(envelope, controller.signal)) ?? (await askCapability(envelope, controller.signal));
      if (revoked !== undefined) return revoked;
      for (const [check, source] of sources) {
        if (isUninjected(source)) return notInjected(check);
        const verdict = await ask(source, envelope, { phaseId: normalized.phaseId, check, signal: controller.signal });
        if (!verdict.allowed) {
          return { reason: DECISION_DENIALS[check] ?? DENIAL_REASONS.guardrailDenied, detail: `the ${check} decision source ${verdict.why}`, check };
        }
      }
      return undefined;
    } finally {
      if (timer !== undefined) clearTimer(timer);
    }
  }

  async function execute<T>(input: EnvelopeInput, task: Task<T>): Promise<Receipt<T>> {
    const loose: UntrustedEnvelope = typeof input === "object" && input !== null ? (input as UntrustedEnvelope) : {};
    const recorder = createAuditRecorder({
      phaseId: normalized.phaseId,
      tenantId: typeof loose.tenant_id === "string" ? loose.tenant_id : "",
      trace: pickTraceIds(loose),
      now,
      nextSeq: () => seq++,
      sink,
    });
    const deny = (denials: readonly Denial[], usage: Readonly<Usage> = NO_USAGE): Receipt<T> => {
      const [first] = denials;
      const reason = first?.reason ?? DENIAL_REASONS.envelopeInvalid;
      const detail = denials.map((d) => d.detail).join("; ");
      recorder.emit("gate.denied", { reason, detail, failures: denials.map((d) => ({ ...d })) });
      return Object.freeze({ decision: "denied", reason, detail, usage, events: recorder.close() });
    };

    const checked = checkEnvelope(normalized, input, toMillis(now()), { leaseIdRequired: leases !== undefined });
    if (!checked.ok) return deny(checked.denials);
    let text: string;
    try {
      text = canonicalJson(checked.envelope);
    } catch (error) {
      return deny([{ reason: DENIAL_REASONS.envelopeInvalid, detail: `the envelope is not JSON data (${describeError(error)})` }]);
    }
    const envelope = deepFreeze(JSON.parse(text) as TaskEnvelope);
    const digest = hash(text);
    const refused = await decide(envelope, checked.limits.timeoutMs);
    if (refused !== undefined) return deny([refused]);
    const checks = [...checked.checks, ...(leases === undefined ? [] : [LEASE_CHECK]), ...(capabilities === undefined ? [] : [CAPABILITY_CHECK]), ...sources.keys()];
    recorder.emit("gate.checked", { checks, envelope_digest: digest, limits: { ...checked.limits } });

    const hold = checked.limits.cost ?? 0;
    if (ledger !== undefined) {
      const answer = await guarded(() => ledger.precharge(envelope.task_id, hold, { envelope }));
      if (answer?.ok !== true) {
        return deny([{ reason: DENIAL_REASONS.prechargeRefused, detail: answer?.reason ?? "the ledger failed" }]);
      }
      recorder.emit("ledger.precharged", { amount: hold });
    }

    const recheckLease = async (signal: AbortSignal): Promise<Denial | undefined> => {
      const expiresAt = parseIsoInstant(envelope.lease.expires_at);
      if (expiresAt === undefined || expiresAt <= toMillis(now())) return { reason: DENIAL_REASONS.leaseExpired, detail: `the lease expired at ${envelope.lease.expires_at} during the run` };
      return (await askLease(envelope, signal)) ?? (await askCapability(envelope, signal));
    };
    const outcome = await runWithinBudget(task, { envelope, limits: checked.limits, recorder, setTimer, clearTimer, recheckLease });
    const usage = deepFreeze(outcome.usage);

    if (ledger !== undefined) {
      const settled = await guarded(() => ledger.settle(envelope.task_id, usage.cost, { envelope, ...(usage.byProvider === undefined ? {} : { byProvider: usage.byProvider }) }));
      if (settled?.ok === true) recorder.emit("ledger.settled", { ...settled.settlement });
      else recorder.emit("ledger.settle_failed", { actual: usage.cost, reason: settled?.reason ?? "the ledger failed" });
    }

    switch (outcome.kind) {
      case "aborted":
        return deny([{ reason: outcome.reason, detail: outcome.detail }], usage);
      case "failed":
        recorder.emit("task.failed", { error: outcome.error });
        return Object.freeze({ decision: "allowed", error: outcome.error, usage, events: recorder.close() });
      case "completed":
        recorder.emit("task.completed", {});
        return Object.freeze({ decision: "allowed", result: outcome.value, usage, events: recorder.close() });
    }
  }

  return Object.freeze({ phaseId: normalized.phaseId, policy: normalized, execute });
}

/**
 * Dependencies for a gate whose host injected nothing: each decision source `policy` needs, the
 * lease revocation source where it lists tenant boundary and the capability trust source where
 * it has `capabilityTrust`, is a stand-in that denies with
 * `dependency missing`. A generated module builds INTERFACE §5's `gate` export with it for a phase
 * whose checks need injected decisions, so that the export exists for every phase and never allows.
 */
export function uninjectedDeps<const P extends GatePolicy>(policy: P, now: Now): GateDepsFor<P> {
  const normalized = normalizePolicy(policy);
  const checks = Object.fromEntries(normalized.decidedChecks.map((check) => [check, uninjectedSource()]));
  return {
    now,
    checks,
    ...(normalized.needsRevocation ? { leases: uninjectedSource() } : {}),
    ...(normalized.needsCapabilities ? { capabilities: uninjectedSource() } : {}),
  } as GateDeps as GateDepsFor<P>;
}

function notInjected(check: string): Denial {
  const what =
    check === LEASE_CHECK ? "lease revocation source (deps.leases)" : check === CAPABILITY_CHECK ? "capability trust source (deps.capabilities)" : `decision source for "${check}" (deps.checks)`;
  return { reason: DENIAL_REASONS.dependencyMissing, detail: `no ${what} was injected: build the gate with createPhaseGate(deps)`, check };
}

/** The source `checks` holds for `check` as an own property (never one inherited, such as `constructor`). */
function ownSource(checks: unknown, check: string): DecisionSource | undefined {
  if (typeof checks !== "object" || checks === null || !Object.hasOwn(checks, check)) return undefined;
  const source = (checks as Record<string, unknown>)[check];
  return typeof source === "function" ? (source as DecisionSource) : undefined;
}

async function guarded<R>(call: () => R | Promise<R>): Promise<R | undefined> {
  try {
    return await call();
  } catch {
    return undefined;
  }
}
