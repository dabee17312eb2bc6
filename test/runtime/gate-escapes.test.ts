/**
 * The gate escape battery of runtime/testing.ts: which cases it builds for a policy, that they
 * pass against the real gate, and that they fail against a gate that lets an escape through.
 */
import { describe, expect, it } from "vitest";
import { TRACE_ID_KEYS, createGate, type Gate, type GateDeps, type GatePolicy } from "../../runtime/index.js";
import { ESCAPE_NOW, describeGateEscapes, escapeEnvelope, gateEscapeCases } from "../../runtime/testing.js";
import { BARE_POLICY, FULL_POLICY } from "./gate-fixture.js";

const APPROVAL_CASE = "denies an envelope without the approval this phase requires";
const PERMISSION_CASE = "denies a principal the authorizer refuses";

/** The options a generated suite passes, for `policy`. */
function battery(policy: GatePolicy, now?: number) {
  return { createPhaseGate: (deps: GateDeps): Gate => createGate(policy, deps), policy, ...(now === undefined ? {} : { now }) };
}

function titles(policy: GatePolicy): string[] {
  return gateEscapeCases(battery(policy)).map((c) => c.title);
}

describe("gateEscapeCases", () => {
  it("has the ten cases every phase gets, in order, for a policy without approval or permission", () => {
    expect(titles(BARE_POLICY)).toEqual([
      "allows a valid envelope and runs the task once, with the five trace ids on every event",
      "denies a cross-tenant envelope",
      "denies an expired lease",
      ...TRACE_ID_KEYS.map((key) => `denies an envelope whose ${key} is missing or empty`),
      "denies a task that outruns budget.timeout_ms and aborts its signal",
      "denies a task that exceeds its token budget and aborts its signal",
    ]);
  });

  it("adds the approval and permission cases where the policy lists them, before the budget cases", () => {
    const all = titles(FULL_POLICY);
    expect(all).toHaveLength(12);
    expect(all.slice(8, 10)).toEqual([APPROVAL_CASE, PERMISSION_CASE]);
    expect(titles({ ...BARE_POLICY, policyGate: ["Approval"] })).toContain(APPROVAL_CASE);
    expect(titles({ ...BARE_POLICY, policyGate: ["Approval"] })).not.toContain(PERMISSION_CASE);
    expect(titles({ ...BARE_POLICY, policyGate: ["permission"] })).toContain(PERMISSION_CASE);
    expect(titles({ ...BARE_POLICY, policyGate: ["permission"] })).not.toContain(APPROVAL_CASE);
  });

  it("fails a case when the gate lets that escape through", async () => {
    const leaky = (deps: GateDeps): Gate => {
      const gate = createGate(FULL_POLICY, deps);
      // Allows every envelope, whatever its tenant: the cross-tenant case must notice.
      return { ...gate, execute: (envelope, task) => gate.execute({ ...envelope, tenant_id: "tenant-a" }, task) };
    };
    const cases = gateEscapeCases({ createPhaseGate: leaky, policy: FULL_POLICY });
    await expect(cases.find((c) => c.title === "denies a cross-tenant envelope")!.run()).rejects.toThrow();
    await cases[0]!.run();
  });

  it("fails the approval case against a gate that does not check approval", async () => {
    const lax = (deps: GateDeps): Gate => createGate({ ...FULL_POLICY, policyGate: ["permission"] }, deps);
    const approval = gateEscapeCases({ createPhaseGate: lax, policy: FULL_POLICY }).find((c) => c.title === APPROVAL_CASE)!;
    await expect(approval.run()).rejects.toThrow();
  });
});

describe("escapeEnvelope", () => {
  it("carries the further audit_trace ids as own properties, even __proto__, and an approval only where required", () => {
    const policy: GatePolicy = { ...BARE_POLICY, auditTrace: [...TRACE_ID_KEYS, "span_id", "__proto__"] };
    const envelope = escapeEnvelope(policy) as unknown as Record<string, unknown>;
    expect(Object.keys(envelope).slice(0, 2)).toEqual(["span_id", "__proto__"]);
    expect(Object.hasOwn(envelope, "__proto__")).toBe(true);
    expect(envelope["__proto__"]).toBe("__proto__-1");
    expect(envelope.approval).toBeUndefined();
    expect(escapeEnvelope(FULL_POLICY).approval).toEqual({ approved_by: "reviewer-a", at: "2029-12-31T23:00:00.000Z" });
  });

  it("sets the lease and approval times around the given instant", () => {
    const now = Date.parse("2026-03-01T12:00:00.000Z");
    const envelope = escapeEnvelope(FULL_POLICY, now);
    expect(envelope.lease.expires_at).toBe("2026-03-01T13:00:00.000Z");
    expect(envelope.approval?.at).toBe("2026-03-01T11:00:00.000Z");
    expect(escapeEnvelope(BARE_POLICY).lease.expires_at).toBe(new Date(ESCAPE_NOW + 3_600_000).toISOString());
  });
});

describe("the battery, registered for a policy with approval and permission", () => {
  describeGateEscapes(battery(FULL_POLICY));
});

describe("the battery, registered for a bare policy with further ids on another clock", () => {
  describeGateEscapes(battery({ ...BARE_POLICY, auditTrace: [...TRACE_ID_KEYS, "span_id", "__proto__"] }, Date.parse("2026-03-01T12:00:00.000Z")));
});
