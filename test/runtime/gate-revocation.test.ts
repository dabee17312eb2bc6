/**
 * Lease revocation: the gate asks its revocation source before a task runs and again at each
 * checkpoint of the running task; a revoked lease denies with reason lease-revoked, in the receipt
 * and in the event log the sink feeds.
 */
import { describe, expect, it } from "vitest";
import {
  DENIAL_REASONS,
  LEASE_CHECK,
  LeaseRevokedError,
  createEventLog,
  createGate,
  type AuditEvent,
  type DecisionContext,
  type RevocationSource,
} from "../../runtime/index.js";
import { ALLOW_ALL, BARE_POLICY, FULL_POLICY, NOW, fixedNow, spyTask, validEnvelope } from "./gate-fixture.js";

/** A lease store: revoking an id makes the source refuse it from then on. */
function leaseStore() {
  const revoked = new Set<string>();
  const asked: DecisionContext[] = [];
  const source: RevocationSource = (envelope, context) => {
    asked.push(context);
    return !revoked.has(envelope.lease.id ?? "");
  };
  return { source, asked, revoke: (id: string) => void revoked.add(id) };
}

describe("a lease revoked before the run", () => {
  it("is denied with lease-revoked in the receipt and in the hash-chained event log", async () => {
    const store = leaseStore();
    const log = createEventLog<AuditEvent>();
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, leases: store.source, now: fixedNow, sink: (event) => void log.append(event) });
    const spy = spyTask("ran");
    expect((await gate.execute(validEnvelope(), spy.task)).decision).toBe("allowed");
    store.revoke("lease-1");
    const receipt = await gate.execute(validEnvelope(), spy.task);
    expect(receipt).toMatchObject({ decision: "denied", reason: "lease-revoked" });
    expect(receipt.detail).toBe("the revocation source answered no: lease lease-1 is not in force");
    expect(spy.calls()).toBe(1);
    const last = log.records().at(-1)!.payload;
    expect(last).toMatchObject({ type: "gate.denied", data: { reason: DENIAL_REASONS.leaseRevoked } });
    expect(log.verify().ok).toBe(true);
    expect(store.asked.map((context) => [context.phaseId, context.check])).toEqual([
      ["P7", LEASE_CHECK],
      ["P7", LEASE_CHECK],
    ]);
  });

  it("is denied when the envelope marks it revoked, even by a gate without a revocation source", async () => {
    const bare = createGate(BARE_POLICY, { now: fixedNow });
    for (const revoked of [true, "yes", 1, null]) {
      const receipt = await bare.execute({ ...validEnvelope(), lease: { ...validEnvelope().lease, revoked } }, spyTask(0).task);
      expect(receipt.reason).toBe(DENIAL_REASONS.leaseRevoked);
    }
    const inForce = await bare.execute(validEnvelope({ lease: { ...validEnvelope().lease, revoked: false } }), spyTask(0).task);
    expect(inForce.decision).toBe("allowed");
  });

  it("needs a lease id wherever a revocation source is asked", async () => {
    const anonymous = { tenant_id: "acme", expires_at: validEnvelope().lease.expires_at };
    const full = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const receipt = await full.execute(validEnvelope({ lease: anonymous }), spyTask(0).task);
    expect(receipt.reason).toBe(DENIAL_REASONS.leaseInvalid);
    expect(receipt.detail).toContain("lease.id is missing or empty");
    // The INTERFACE §5 envelope, without an id, still passes a gate that asks no revocation source.
    const bare = createGate(BARE_POLICY, { now: fixedNow });
    expect((await bare.execute(validEnvelope({ lease: anonymous }), spyTask(0).task)).decision).toBe("allowed");
  });

  it("uses a revocation source given to a gate whose policy does not require one", async () => {
    const bare = createGate(BARE_POLICY, { now: fixedNow, leases: () => false });
    expect((await bare.execute(validEnvelope(), spyTask(0).task)).reason).toBe(DENIAL_REASONS.leaseRevoked);
  });
});

describe("a lease revoked while the task runs", () => {
  it("stops the task at its next checkpoint: the signal aborts with a LeaseRevokedError and the next step never runs", async () => {
    const store = leaseStore();
    const log = createEventLog<AuditEvent>();
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, leases: store.source, now: fixedNow, sink: (event) => void log.append(event) });
    const steps: string[] = [];
    let reason: unknown;
    const receipt = await gate.execute(validEnvelope(), async ({ checkpoint, signal }) => {
      signal.addEventListener("abort", () => (reason = signal.reason));
      for (const step of ["plan", "edit", "commit"]) {
        await checkpoint();
        steps.push(step);
        if (step === "plan") store.revoke("lease-1");
      }
    });
    expect(steps).toEqual(["plan"]);
    expect(receipt).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.leaseRevoked });
    expect(reason).toBeInstanceOf(LeaseRevokedError);
    expect((reason as LeaseRevokedError).reason).toBe(DENIAL_REASONS.leaseRevoked);
    expect(receipt.events.map((event) => event.type)).toEqual(["gate.checked", "task.started", "lease.revoked", "gate.denied"]);
    expect(log.records().map((record) => record.payload.type)).toEqual(receipt.events.map((event) => event.type));
    // Before the run, then once per checkpoint, each checkpoint under the task's signal.
    expect(store.asked).toHaveLength(3);
    expect(store.asked[1]?.signal).toBeInstanceOf(AbortSignal);
  });

  it("stops the task when a checkpoint's revocation source throws", async () => {
    let calls = 0;
    const gate = createGate(FULL_POLICY, {
      ...ALLOW_ALL,
      now: fixedNow,
      leases: () => {
        calls += 1;
        if (calls > 1) throw new Error("lease store down");
        return true;
      },
    });
    let after = false;
    const receipt = await gate.execute(validEnvelope(), async ({ checkpoint }) => {
      await checkpoint();
      after = true;
    });
    expect(after).toBe(false);
    expect(receipt.reason).toBe(DENIAL_REASONS.leaseRevoked);
    expect(receipt.detail).toContain("lease store down");
  });

  it("stops the task at a checkpoint once the lease has expired on the gate's clock", async () => {
    let now = NOW;
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: () => now });
    const receipt = await gate.execute(validEnvelope(), async ({ checkpoint }) => {
      await checkpoint();
      now += 2 * 60 * 60 * 1000;
      await checkpoint();
      return "late";
    });
    expect(receipt.reason).toBe(DENIAL_REASONS.leaseExpired);
    expect(receipt.events.map((event) => event.type)).toContain("lease.expired");
  });

  it("lets a task whose lease stays in force pass every checkpoint, also on a gate without a revocation source", async () => {
    const gate = createGate(BARE_POLICY, { now: fixedNow });
    const receipt = await gate.execute(validEnvelope(), async ({ checkpoint }) => {
      await checkpoint();
      await checkpoint();
      return "done";
    });
    expect(receipt).toMatchObject({ decision: "allowed", result: "done" });
  });
});
