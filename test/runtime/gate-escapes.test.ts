/**
 * The gate escape battery of runtime/testing.ts: which cases it builds for a policy, that they
 * pass against the real gate, and that they fail against a gate that lets an escape through.
 */
import { describe, expect, it } from "vitest";
import { TRACE_ID_KEYS, createGate, type DecisionSource, type Gate, type GateDepsFor, type GatePolicy } from "../../runtime/index.js";
import { ESCAPE_NOW, describeGateEscapes, escapeEnvelope, gateEscapeCases } from "../../runtime/testing.js";
import { BARE_POLICY, FULL_POLICY } from "./gate-fixture.js";

const APPROVAL_CASE = "denies an envelope without the approval this phase requires";
const REVOKED_BEFORE = "lease revoked before: denies a lease the envelope marks revoked, or the revocation source does not confirm";
const REVOKED_DURING = "lease revoked during: a running task is stopped at its next checkpoint, its signal aborted";
const decisionCases = (check: string) => [
  `${check}: refuses to build without its decision source`,
  `${check}: denies when its decision source throws or rejects`,
  `${check}: denies when its decision source says no (or anything but true)`,
];

/** The options a generated suite passes, for `policy`. */
function battery<P extends GatePolicy>(policy: P, now?: number) {
  return { createPhaseGate: (deps: GateDepsFor<P>): Gate => createGate(policy, deps), policy, ...(now === undefined ? {} : { now }) };
}

function titles(policy: GatePolicy): string[] {
  return gateEscapeCases(battery(policy)).map((c) => c.title);
}

describe("gateEscapeCases", () => {
  it("has the twelve cases every phase gets, in order, for a policy that needs nothing injected", () => {
    expect(titles(BARE_POLICY)).toEqual([
      "allows a valid envelope and runs the task once, with the five trace ids on every event",
      "denies a cross-tenant envelope",
      "denies an expired lease",
      ...TRACE_ID_KEYS.map((key) => `denies an envelope whose ${key} is missing or empty`),
      REVOKED_BEFORE,
      REVOKED_DURING,
      "denies a task that outruns budget.timeout_ms and aborts its signal",
      "denies a task that exceeds its token budget and aborts its signal",
    ]);
  });

  it("adds, for every check needing a decision source, missing / throws / says no, and the revocation source where tenant boundary is listed", () => {
    const all = titles(FULL_POLICY);
    expect(all.slice(8)).toEqual([
      APPROVAL_CASE,
      ...decisionCases("approval"),
      ...decisionCases("permission"),
      ...decisionCases("sandbox"),
      "tenant boundary: refuses to build without the lease revocation source",
      REVOKED_BEFORE,
      REVOKED_DURING,
      "denies a task that outruns budget.timeout_ms and aborts its signal",
      "denies a task that exceeds its token budget and aborts its signal",
    ]);
    const custom = titles({ ...BARE_POLICY, runtimeGate: ["rate-limit", "timeout"], policyGate: ["permission"] });
    expect(custom.filter((title) => /decision source/.test(title))).toEqual([...decisionCases("permission"), ...decisionCases("rate-limit")]);
    expect(custom).not.toContain(APPROVAL_CASE);
  });

  it("passes every case against the real gate", async () => {
    for (const policy of [FULL_POLICY, BARE_POLICY, { ...BARE_POLICY, runtimeGate: ["rate-limit"], auditTrace: ["span_id"] }] as GatePolicy[]) {
      for (const { run } of gateEscapeCases(battery(policy))) await run();
    }
  });

  it("fails a case when the gate lets that escape through", async () => {
    const leaky = (deps: GateDepsFor<typeof FULL_POLICY>): Gate => {
      const gate = createGate(FULL_POLICY, deps);
      // Allows every envelope, whatever its tenant: the cross-tenant case must notice.
      return { ...gate, execute: (envelope, task) => gate.execute({ ...envelope, tenant_id: "tenant-a" }, task) };
    };
    const cases = gateEscapeCases({ createPhaseGate: leaky, policy: FULL_POLICY });
    await expect(cases.find((c) => c.title === "denies a cross-tenant envelope")!.run()).rejects.toThrow();
    await cases[0]!.run();
  });

  it("fails the approval case against a gate that does not check approval", async () => {
    const laxPolicy = { ...FULL_POLICY, policyGate: ["permission", "tenant boundary"] as const };
    const lax = (deps: GateDepsFor<typeof FULL_POLICY>): Gate => createGate(laxPolicy, deps);
    const approval = gateEscapeCases({ createPhaseGate: lax, policy: FULL_POLICY }).find((c) => c.title === APPROVAL_CASE)!;
    await expect(approval.run()).rejects.toThrow();
  });

  it("fails the decision cases against a gate that falls back to allowing when a source is missing or fails", async () => {
    // The old behaviour: `deps.authorize?.(envelope) ?? true`, a throw swallowed as a yes.
    const open = (deps: GateDepsFor<typeof FULL_POLICY>): Gate => {
      const lenient = (source: DecisionSource | undefined): DecisionSource => async (envelope, context) => {
        try {
          return (await source?.(envelope, context)) !== false;
        } catch {
          return true;
        }
      };
      const checks = { approval: lenient(deps.checks.approval), permission: lenient(deps.checks.permission), sandbox: lenient(deps.checks.sandbox) };
      return createGate(FULL_POLICY, { ...deps, checks });
    };
    const cases = gateEscapeCases({ createPhaseGate: open, policy: FULL_POLICY });
    for (const title of decisionCases("permission")) {
      await expect(cases.find((c) => c.title === title)!.run(), title).rejects.toThrow();
    }
  });

  it("fails the revocation cases against a gate that never asks the revocation source", async () => {
    const deaf = (deps: GateDepsFor<typeof FULL_POLICY>): Gate => createGate(FULL_POLICY, { ...deps, leases: () => true });
    const cases = gateEscapeCases({ createPhaseGate: deaf, policy: FULL_POLICY });
    await expect(cases.find((c) => c.title === REVOKED_BEFORE)!.run()).rejects.toThrow();
    await expect(cases.find((c) => c.title === REVOKED_DURING)!.run()).rejects.toThrow();
  });
});

describe("gateEscapeCases for a policy with capability trust", () => {
  const TRUSTED = { ...FULL_POLICY, phaseId: "P9", capabilityTrust: true } as const satisfies GatePolicy;
  const CAPABILITY_CASES = [
    "capability trust: refuses to build without the capability trust source",
    "capability trust: denies a capability the registry does not hold verified, trusted and active (no, not true, throws, rejects)",
    "capability revoked during: a running task is stopped at its next checkpoint, its signal aborted",
  ];

  it("adds three capability cases before the lease cases, and none without capabilityTrust", () => {
    const all = titles(TRUSTED);
    expect(all.slice(all.indexOf(REVOKED_BEFORE) - 3, all.indexOf(REVOKED_BEFORE))).toEqual(CAPABILITY_CASES);
    expect(titles(FULL_POLICY).filter((title) => CAPABILITY_CASES.includes(title))).toEqual([]);
  });

  it("passes against the real gate", async () => {
    for (const { run } of gateEscapeCases(battery(TRUSTED))) await run();
  });

  it("fails the capability cases against a gate that never asks the capability source", async () => {
    const blind = (deps: GateDepsFor<typeof TRUSTED>): Gate => createGate(TRUSTED, { ...deps, capabilities: () => true });
    const cases = gateEscapeCases({ createPhaseGate: blind, policy: TRUSTED });
    for (const title of CAPABILITY_CASES.slice(1)) await expect(cases.find((c) => c.title === title)!.run(), title).rejects.toThrow();
    const untyped = (deps: GateDepsFor<typeof TRUSTED>): Gate => createGate({ ...TRUSTED, capabilityTrust: false }, deps);
    await expect(gateEscapeCases({ createPhaseGate: untyped, policy: TRUSTED }).find((c) => c.title === CAPABILITY_CASES[0])!.run()).rejects.toThrow();
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
