import { createAuditRecorder, deepFreeze, type AuditEvent, type EventSink } from "./audit-events.js";
import { describeError, runWithinBudget, type Task, type Usage } from "./budget-run.js";
import { canonicalJson } from "../common/canonical-json.js";
import { globalClearTimer, globalSetTimer, toMillis, type ClearTimer, type Now, type SetTimer } from "./clock.js";
import { DENIAL_REASONS, type Denial, type DenialReason } from "./denial-reasons.js";
import { checkEnvelope } from "./envelope-checks.js";
import { normalizePolicy, type GatePolicy, type NormalizedPolicy } from "./gate-policy.js";
import { sha256Hex, type HashFn } from "../common/hash.js";
import type { CostLedger } from "./ledger.js";
import type { EnvelopeInput, TaskEnvelope, UntrustedEnvelope } from "./task-envelope.js";
import { pickTraceIds } from "./trace-ids.js";

/** What a gate is given instead of doing I/O itself. */
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
   * Decides the `permission` policy gate. Without it, a non-empty principal is the whole
   * permission check; a throw counts as a refusal.
   */
  authorize?: (envelope: Readonly<TaskEnvelope>) => boolean | Promise<boolean>;
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

/**
 * Creates the gate of a phase. Trace id, tenant and lease checks are always on (see
 * `checkEnvelope`); the policy switches on `approval`, `permission` and the `timeout` fallback.
 * Limits an envelope or the policy defaults set are always enforced. With a ledger, each task
 * holds its cost limit (0 when none is set) before it runs. `sandbox` is the host's to enforce:
 * the gate runs in the caller's process and has nothing to confine. Only a faulty clock or hash
 * function makes `execute` reject.
 */
export function createGate(policy: GatePolicy, deps: GateDeps): Gate {
  const normalized = normalizePolicy(policy);
  const hash = deps.hash ?? sha256Hex;
  const setTimer = deps.setTimer ?? globalSetTimer;
  const clearTimer = deps.clearTimer ?? globalClearTimer;
  let seq = 0;

  async function execute<T>(input: EnvelopeInput, task: Task<T>): Promise<Receipt<T>> {
    const loose: UntrustedEnvelope = typeof input === "object" && input !== null ? (input as UntrustedEnvelope) : {};
    const recorder = createAuditRecorder({
      phaseId: normalized.phaseId,
      tenantId: typeof loose.tenant_id === "string" ? loose.tenant_id : "",
      trace: pickTraceIds(loose),
      now: deps.now,
      nextSeq: () => seq++,
      sink: deps.sink,
    });
    const deny = (denials: readonly Denial[], usage: Readonly<Usage> = NO_USAGE): Receipt<T> => {
      const [first] = denials;
      const reason = first?.reason ?? DENIAL_REASONS.envelopeInvalid;
      const detail = denials.map((d) => d.detail).join("; ");
      recorder.emit("gate.denied", { reason, detail, failures: denials.map((d) => ({ ...d })) });
      return Object.freeze({ decision: "denied", reason, detail, usage, events: recorder.close() });
    };

    const checked = checkEnvelope(normalized, input, toMillis(deps.now()));
    if (!checked.ok) return deny(checked.denials);
    let text: string;
    try {
      text = canonicalJson(checked.envelope);
    } catch (error) {
      return deny([{ reason: DENIAL_REASONS.envelopeInvalid, detail: `the envelope is not JSON data (${describeError(error)})` }]);
    }
    const envelope = deepFreeze(JSON.parse(text) as TaskEnvelope);
    const digest = hash(text);
    const checks = [...checked.checks];
    if (normalized.policyGate.has("permission")) {
      checks.push("permission");
      const permitted = await guarded(() => deps.authorize?.(envelope) ?? true);
      if (permitted !== true) return deny([{ reason: DENIAL_REASONS.permissionDenied, detail: `principal ${envelope.principal} is not permitted` }]);
    }
    recorder.emit("gate.checked", { checks, envelope_digest: digest, limits: { ...checked.limits } });

    const { ledger } = deps;
    const hold = checked.limits.cost ?? 0;
    if (ledger !== undefined) {
      const answer = await guarded(() => ledger.precharge(envelope.task_id, hold));
      if (answer?.ok !== true) {
        return deny([{ reason: DENIAL_REASONS.prechargeRefused, detail: answer?.reason ?? "the ledger failed" }]);
      }
      recorder.emit("ledger.precharged", { amount: hold });
    }

    const outcome = await runWithinBudget(task, { envelope, limits: checked.limits, recorder, setTimer, clearTimer });
    const usage = Object.freeze(outcome.usage);

    if (ledger !== undefined) {
      const settled = await guarded(() => ledger.settle(envelope.task_id, usage.cost));
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

async function guarded<R>(call: () => R | Promise<R>): Promise<R | undefined> {
  try {
    return await call();
  } catch {
    return undefined;
  }
}
