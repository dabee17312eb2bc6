import { parseIsoInstant } from "./clock.js";
import { DENIAL_REASONS, type Denial } from "./denial-reasons.js";
import { DEFAULT_TIMEOUT_MS, type NormalizedPolicy } from "./gate-policy.js";
import type { TaskEnvelope } from "./task-envelope.js";
import { isNonEmptyString, missingIds } from "./trace-ids.js";

/** The limits in force for one execution; `undefined` means unlimited. */
export interface ResolvedLimits {
  timeoutMs: number | undefined;
  tokens: number | undefined;
  cost: number | undefined;
}

/** The outcome of the static checks: a well-formed envelope with its limits, or every failed check. */
export type EnvelopeCheck =
  | { ok: true; envelope: TaskEnvelope; limits: ResolvedLimits; checks: readonly string[] }
  | { ok: false; denials: readonly Denial[] };

type Loose = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Loose => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Runs every check that needs no I/O, in a fixed order, collecting all failures.
 * Identity checks are always on, whatever the policy lists: a non-empty `tenant_id` and
 * `principal`, a lease whose tenant equals `tenant_id` and whose `expires_at` is a valid
 * instant after `nowMs` (the runtime kernel validates tenant and lease on every execution,
 * seed 002 §6.5), and not marked revoked (`lease.revoked` other than `false`). With
 * `leaseIdRequired` (the gate asks a revocation source), the lease needs a non-empty `id`.
 * Approval is checked when the policy lists `approval`.
 */
export function checkEnvelope(policy: NormalizedPolicy, input: unknown, nowMs: number, options: { leaseIdRequired?: boolean } = {}): EnvelopeCheck {
  if (!isObject(input)) {
    return { ok: false, denials: [{ reason: DENIAL_REASONS.envelopeInvalid, detail: "the envelope is not an object" }] };
  }
  const denials: Denial[] = [];
  const checks = ["trace ids", "identity", "lease", "tenant boundary"];
  const missing = missingIds(input, policy.requiredIds);
  if (missing.length > 0) denials.push({ reason: DENIAL_REASONS.traceIdMissing, detail: `missing or empty: ${missing.join(", ")}` });
  if (!isNonEmptyString(input.tenant_id)) denials.push({ reason: DENIAL_REASONS.tenantMissing, detail: "tenant_id is missing or empty" });
  if (!isNonEmptyString(input.principal)) denials.push({ reason: DENIAL_REASONS.principalMissing, detail: "principal is missing or empty" });
  checkLease(input, nowMs, options.leaseIdRequired === true, denials);
  if (policy.policyGate.has("approval")) {
    checks.push("approval");
    checkApproval(input.approval, nowMs, denials);
  }
  const limits = resolveLimits(policy, input.budget, denials);
  if (denials.length > 0 || limits === undefined) return { ok: false, denials };
  return { ok: true, envelope: input as unknown as TaskEnvelope, limits, checks };
}

function checkLease(input: Loose, nowMs: number, idRequired: boolean, denials: Denial[]): void {
  const lease = input.lease;
  if (!isObject(lease)) {
    denials.push({ reason: DENIAL_REASONS.leaseInvalid, detail: "the lease is missing" });
    return;
  }
  if (lease.revoked !== undefined && lease.revoked !== false) {
    denials.push({ reason: DENIAL_REASONS.leaseRevoked, detail: "the lease is marked revoked" });
  }
  if (lease.id !== undefined ? !isNonEmptyString(lease.id) : idRequired) {
    denials.push({ reason: DENIAL_REASONS.leaseInvalid, detail: "lease.id is missing or empty; the revocation source needs it" });
  }
  const expiresAt = parseIsoInstant(lease.expires_at);
  if (!isNonEmptyString(lease.tenant_id)) {
    denials.push({ reason: DENIAL_REASONS.leaseInvalid, detail: "lease.tenant_id is missing or empty" });
  } else if (lease.tenant_id !== input.tenant_id) {
    denials.push({ reason: DENIAL_REASONS.crossTenant, detail: "tenant_id differs from lease.tenant_id" });
  }
  if (expiresAt === undefined) {
    denials.push({ reason: DENIAL_REASONS.leaseInvalid, detail: "lease.expires_at is not an ISO 8601 instant with an offset" });
  } else if (expiresAt <= nowMs) {
    denials.push({ reason: DENIAL_REASONS.leaseExpired, detail: `the lease expired at ${String(lease.expires_at)}` });
  }
}

function checkApproval(approval: unknown, nowMs: number, denials: Denial[]): void {
  if (approval === undefined || approval === null) {
    denials.push({ reason: DENIAL_REASONS.approvalMissing, detail: "the policy requires an approval" });
    return;
  }
  if (!isObject(approval) || !isNonEmptyString(approval.approved_by)) {
    denials.push({ reason: DENIAL_REASONS.approvalInvalid, detail: "approval.approved_by is missing or empty" });
    return;
  }
  const at = parseIsoInstant(approval.at);
  if (at === undefined) denials.push({ reason: DENIAL_REASONS.approvalInvalid, detail: "approval.at is not an ISO 8601 instant with an offset" });
  else if (at > nowMs) denials.push({ reason: DENIAL_REASONS.approvalInvalid, detail: "approval.at lies in the future" });
}

function resolveLimits(policy: NormalizedPolicy, budget: unknown, denials: Denial[]): ResolvedLimits | undefined {
  if (budget !== undefined && !isObject(budget)) {
    denials.push({ reason: DENIAL_REASONS.budgetInvalid, detail: "budget is not an object" });
    return undefined;
  }
  const asked = budget ?? {};
  const { defaults } = policy;
  const fallbackTimeout = policy.runtimeGate.has("timeout") ? DEFAULT_TIMEOUT_MS : undefined;
  const timeoutMs = pick(asked.timeout_ms, defaults.timeoutMs ?? fallbackTimeout, "timeout_ms", (n) => n > 0, denials);
  const tokens = pick(asked.tokens, defaults.tokens, "tokens", (n) => Number.isInteger(n) && n >= 0, denials);
  const cost = pick(asked.cost, defaults.costLimit, "cost", (n) => n >= 0, denials);
  return { timeoutMs, tokens, cost };
}

function pick(asked: unknown, fallback: number | undefined, name: string, valid: (n: number) => boolean, denials: Denial[]): number | undefined {
  if (asked === undefined) return fallback;
  if (typeof asked === "number" && Number.isFinite(asked) && valid(asked)) return asked;
  denials.push({ reason: DENIAL_REASONS.budgetInvalid, detail: `budget.${name} is not a valid limit` });
  return undefined;
}
