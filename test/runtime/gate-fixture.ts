import type { DecisionSource, GatePolicy, RevocationSource, TaskEnvelope } from "../../runtime/index.js";

/** The instant every gate test runs at. */
export const NOW = Date.parse("2026-03-01T12:00:00.000Z");

/** A clock frozen at {@link NOW}. */
export const fixedNow = (): number => NOW;

/** A policy listing every gate the protocol names. */
export const FULL_POLICY = {
  phaseId: "P7",
  runtimeGate: ["budget", "timeout", "sandbox", "token"],
  policyGate: ["approval", "permission", "tenant boundary"],
  auditTrace: ["trace_id", "session_id", "task_id", "capability_id", "version"],
} as const satisfies GatePolicy;

/** Decision sources that allow every check, and a revocation source that keeps every lease in force: spread into the deps of a gate built on {@link FULL_POLICY}. */
export const ALLOW_ALL: { checks: Readonly<Record<"approval" | "permission" | "sandbox", DecisionSource>>; leases: RevocationSource } = Object.freeze({
  checks: Object.freeze({ approval: () => true, permission: () => true, sandbox: () => true }),
  leases: () => true,
});

/** A policy with no policy gate at all: identity and lease checks must still hold. */
export const BARE_POLICY = { phaseId: "P3", runtimeGate: [], policyGate: [], auditTrace: [] } as const satisfies GatePolicy;

/** An envelope that passes {@link FULL_POLICY} at {@link NOW}. */
export function validEnvelope(overrides: Partial<TaskEnvelope> = {}): TaskEnvelope {
  return {
    trace_id: "tr-1",
    session_id: "se-1",
    task_id: "ta-1",
    capability_id: "cap-1",
    version: "v1",
    tenant_id: "acme",
    principal: "agent-7",
    lease: { id: "lease-1", tenant_id: "acme", expires_at: "2026-03-01T13:00:00Z" },
    approval: { approved_by: "reviewer", at: "2026-03-01T11:00:00Z" },
    ...overrides,
  };
}

/** A task that records each call. */
export function spyTask<T>(value: T): { task: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    task: async () => {
      calls += 1;
      return value;
    },
    calls: () => calls,
  };
}
