/**
 * Every reason a gate denies, keyed by a stable id. A receipt's `reason` is always one of these
 * values; specifics (which trace id, which limit) go to `detail` and to the `gate.denied` event.
 */
export const DENIAL_REASONS = Object.freeze({
  envelopeInvalid: "envelope invalid",
  traceIdMissing: "trace id missing",
  tenantMissing: "tenant missing",
  principalMissing: "principal missing",
  leaseInvalid: "lease invalid",
  leaseExpired: "lease expired",
  /** The envelope marks its lease revoked, or the revocation source does not confirm it in force (before or during the run). */
  leaseRevoked: "lease-revoked",
  crossTenant: "cross-tenant",
  approvalMissing: "approval missing",
  approvalInvalid: "approval invalid",
  /** The `approval` decision source did not confirm the envelope's approval. */
  approvalDenied: "approval denied",
  permissionDenied: "permission denied",
  /** The `sandbox` decision source did not confirm the task runs confined. */
  sandboxDenied: "sandbox denied",
  /** The decision source of a custom guardrail (declared in the manifest) did not allow; `check` names it. */
  guardrailDenied: "guardrail denied",
  /** The capability registry does not hold the envelope's capability and version verified, trusted and active (before or during the run). */
  capabilityUntrusted: "capability untrusted",
  /** The gate was built without the decision or revocation source a check needs (see `uninjectedDeps`). */
  dependencyMissing: "dependency missing",
  budgetInvalid: "budget invalid",
  prechargeRefused: "precharge refused",
  timeout: "timeout",
  tokenBudgetExceeded: "token budget exceeded",
  costBudgetExceeded: "cost budget exceeded",
} as const);

/** One of the {@link DENIAL_REASONS} values. */
export type DenialReason = (typeof DENIAL_REASONS)[keyof typeof DENIAL_REASONS];

/** One failed check: the reason and what exactly failed. */
export interface Denial {
  reason: DenialReason;
  detail: string;
  /** The check whose decision source refused, for denials by a decision source. */
  check?: string;
}
