/**
 * What the host (this runner) gives the generated gates and flows: they do no I/O of their own,
 * so the clock, the decisions and the stores are injected. Here they are in memory; a team wires
 * its policy engine, lease store and metrics instead.
 */
import type { DecisionSource, RevocationSource, TaskEnvelope, TraceIds } from "spec-kit/runtime";

/** A clock the runner moves by hand, so a 10-minute canary takes no time. */
export class ManualClock {
  constructor(private ms: number) {}
  readonly now = (): number => this.ms;
  advance(minutes: number): void {
    this.ms += minutes * 60_000;
  }
}

/** Which principal may run which capability: the `permission` decision source. */
export function permissionTable(grants: Readonly<Record<string, readonly string[]>>): DecisionSource {
  return (envelope) => Object.hasOwn(grants, envelope.principal) && (grants[envelope.principal] ?? []).includes(envelope.capability_id);
}

/** Capabilities this host runs inside its sandbox: the `sandbox` decision source. */
export function sandboxedCapabilities(capabilities: readonly string[]): DecisionSource {
  return (envelope) => capabilities.includes(envelope.capability_id);
}

/** A lease store with revocation: the gate's `leases` source, asked before a task runs and at each checkpoint. */
export class LeaseStore {
  private readonly revoked = new Set<string>();
  revoke(leaseId: string): void {
    this.revoked.add(leaseId);
  }
  readonly source: RevocationSource = (envelope) => envelope.lease.id !== undefined && !this.revoked.has(envelope.lease.id);
}

/** An envelope for `tenant` on `capability`, leased for an hour from `now`. */
export function envelopeFor(trace: TraceIds, tenant: string, principal: string, now: number): TaskEnvelope {
  return {
    ...trace,
    tenant_id: tenant,
    principal,
    lease: { id: `lease-${trace.task_id}`, tenant_id: tenant, expires_at: new Date(now + 3_600_000).toISOString() },
    budget: { timeout_ms: 5_000, tokens: 1_000 },
  };
}
