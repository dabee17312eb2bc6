import type { TraceIds } from "./trace-ids.js";

/** The lease binding a task to a tenant until `expires_at`, unless it is revoked first. */
export interface TaskLease {
  /**
   * The lease's id, which the revocation source looks up (an addition to INTERFACE §5). A gate
   * that consults a revocation source denies a lease without one.
   */
  id?: string;
  tenant_id: string;
  /** ISO 8601 with an explicit offset. */
  expires_at: string;
  /** Set by whoever revoked the lease; any value other than `false` denies (an addition to INTERFACE §5). */
  revoked?: boolean;
}

/** A human or service approval of the task. */
export interface TaskApproval {
  approved_by: string;
  /** ISO 8601 with an explicit offset; must not lie in the future. */
  at: string;
}

/** Limits the caller asks for; a missing limit falls back to the policy defaults. */
export interface TaskBudget {
  timeout_ms?: number;
  tokens?: number;
  /** The cost the task may spend; precharged in the ledger before it runs (an addition to INTERFACE §5). */
  cost?: number;
}

/** What a caller hands the gate with each task (INTERFACE §5). */
export interface TaskEnvelope extends TraceIds {
  tenant_id: string;
  principal: string;
  lease: TaskLease;
  approval?: TaskApproval;
  budget?: TaskBudget;
}

/**
 * Any object offered as an envelope. The gate treats every envelope as untrusted input and
 * checks each field at run time, so tests may hand it malformed ones without casts.
 */
export type UntrustedEnvelope = { readonly [key: string]: unknown };

/** What `gate.execute` accepts: a typed envelope, or any object to be checked as one. */
export type EnvelopeInput = TaskEnvelope | UntrustedEnvelope;
