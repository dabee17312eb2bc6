import type { GatePolicy, TaskEnvelope } from "../../runtime/index.js";

/** The instant every gate test runs at. */
export const NOW = Date.parse("2026-03-01T12:00:00.000Z");

/** A clock frozen at {@link NOW}. */
export const fixedNow = (): number => NOW;

/** A policy listing every gate the protocol names. */
export const FULL_POLICY: GatePolicy = {
  phaseId: "P7",
  runtimeGate: ["budget", "timeout", "sandbox", "token"],
  policyGate: ["approval", "permission", "tenant boundary"],
  auditTrace: ["trace_id", "session_id", "task_id", "capability_id", "version"],
};

/** A policy with no policy gate at all: identity and lease checks must still hold. */
export const BARE_POLICY: GatePolicy = { phaseId: "P3", runtimeGate: [], policyGate: [], auditTrace: [] };

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
    lease: { tenant_id: "acme", expires_at: "2026-03-01T13:00:00Z" },
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
