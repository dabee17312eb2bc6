import { describe, expect, it } from "vitest";
import { createGate, DENIAL_REASONS, GateDependencyError, uninjectedDeps, type DecisionSource, TRACE_ID_KEYS, type EnvelopeInput, type UntrustedEnvelope } from "../../runtime/index.js";
import { ALLOW_ALL, BARE_POLICY, FULL_POLICY, fixedNow, spyTask, validEnvelope } from "./gate-fixture.js";

const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });

function without(key: string): UntrustedEnvelope {
  const rest: Record<string, unknown> = { ...validEnvelope() };
  delete rest[key];
  return rest;
}

const cases: [string, EnvelopeInput, string][] = [
  ["cross-tenant lease", validEnvelope({ lease: { id: "lease-1", tenant_id: "globex", expires_at: "2026-03-01T13:00:00Z" } }), DENIAL_REASONS.crossTenant],
  ["lease expiring exactly now", validEnvelope({ lease: { id: "lease-1", tenant_id: "acme", expires_at: "2026-03-01T12:00:00Z" } }), DENIAL_REASONS.leaseExpired],
  ["lease expired an hour ago", validEnvelope({ lease: { id: "lease-1", tenant_id: "acme", expires_at: "2026-03-01T11:00:00+00:00" } }), DENIAL_REASONS.leaseExpired],
  ["unparsable lease expiry", validEnvelope({ lease: { id: "lease-1", tenant_id: "acme", expires_at: "tomorrow" } }), DENIAL_REASONS.leaseInvalid],
  ["lease expiry without an offset", validEnvelope({ lease: { id: "lease-1", tenant_id: "acme", expires_at: "2026-03-01T13:00:00" } }), DENIAL_REASONS.leaseInvalid],
  ["no lease", without("lease"), DENIAL_REASONS.leaseInvalid],
  ["lease without tenant", { ...validEnvelope(), lease: { expires_at: "2026-03-01T13:00:00Z" } }, DENIAL_REASONS.leaseInvalid],
  ["no tenant", without("tenant_id"), DENIAL_REASONS.tenantMissing],
  ["no principal", without("principal"), DENIAL_REASONS.principalMissing],
  ["blank principal", validEnvelope({ principal: "  " }), DENIAL_REASONS.principalMissing],
  ["no approval", without("approval"), DENIAL_REASONS.approvalMissing],
  ["approval without approver", validEnvelope({ approval: { approved_by: "", at: "2026-03-01T11:00:00Z" } }), DENIAL_REASONS.approvalInvalid],
  ["approval in the future", validEnvelope({ approval: { approved_by: "r", at: "2026-03-01T12:00:01Z" } }), DENIAL_REASONS.approvalInvalid],
  ["approval with a bad time", validEnvelope({ approval: { approved_by: "r", at: "yesterday" } }), DENIAL_REASONS.approvalInvalid],
  ["negative timeout", validEnvelope({ budget: { timeout_ms: -1 } }), DENIAL_REASONS.budgetInvalid],
  ["fractional token budget", validEnvelope({ budget: { tokens: 1.5 } }), DENIAL_REASONS.budgetInvalid],
  ["budget that is not an object", { ...validEnvelope(), budget: 5 }, DENIAL_REASONS.budgetInvalid],
  ...TRACE_ID_KEYS.flatMap((key): [string, EnvelopeInput, string][] => [
    [`missing ${key}`, without(key), DENIAL_REASONS.traceIdMissing],
    [`empty ${key}`, { ...validEnvelope(), [key]: "" }, DENIAL_REASONS.traceIdMissing],
    [`non-string ${key}`, { ...validEnvelope(), [key]: 42 }, DENIAL_REASONS.traceIdMissing],
  ]),
];

describe("gate denials", () => {
  it("admits the valid envelope (the baseline every case below changes one thing of)", async () => {
    const spy = spyTask("done");
    const receipt = await gate.execute(validEnvelope(), spy.task);
    expect(receipt).toMatchObject({ decision: "allowed", result: "done" });
    expect(spy.calls()).toBe(1);
  });

  it.each(cases)("denies %s without calling the task", async (_name, envelope, reason) => {
    const spy = spyTask("never");
    const receipt = await gate.execute(envelope, spy.task);
    expect(receipt.decision).toBe("denied");
    expect(receipt.reason).toBe(reason);
    expect(receipt.result).toBeUndefined();
    expect(spy.calls()).toBe(0);
    expect(receipt.events.map((e) => e.type)).toEqual(["gate.denied"]);
    expect(receipt.events[0]!.data.reason).toBe(reason);
  });

  it("names the missing trace id in the detail", async () => {
    const receipt = await gate.execute({ ...validEnvelope(), capability_id: "" }, spyTask(0).task);
    expect(receipt.detail).toContain("capability_id");
    expect(receipt.detail).not.toContain("session_id");
  });

  it("reports every failed check in the denial event, the first as the reason", async () => {
    const receipt = await gate.execute({ ...validEnvelope({ tenant_id: "globex" }), trace_id: "" }, spyTask(0).task);
    expect(receipt.reason).toBe(DENIAL_REASONS.traceIdMissing);
    const failures = receipt.events[0]!.data.failures as { reason: string }[];
    expect(failures.map((f) => f.reason)).toEqual([DENIAL_REASONS.traceIdMissing, DENIAL_REASONS.crossTenant]);
  });

  it.each([null, "envelope", 7, []])("denies a non-object envelope %j", async (envelope) => {
    const spy = spyTask(0);
    const receipt = await gate.execute(envelope as unknown as UntrustedEnvelope, spy.task);
    expect(receipt).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.envelopeInvalid });
    expect(spy.calls()).toBe(0);
  });

  it("requires every extra id the policy's audit trace lists", async () => {
    const strict = createGate({ ...FULL_POLICY, auditTrace: [...FULL_POLICY.auditTrace, "run_id"] }, { ...ALLOW_ALL, now: fixedNow });
    const spy = spyTask(0);
    expect((await strict.execute(validEnvelope(), spy.task)).reason).toBe(DENIAL_REASONS.traceIdMissing);
    expect((await strict.execute({ ...validEnvelope(), run_id: "r-1" }, spy.task)).decision).toBe("allowed");
    expect(spy.calls()).toBe(1);
  });
});

describe("gate policy switches", () => {
  const bare = createGate(BARE_POLICY, { now: fixedNow });

  it("keeps the tenant and lease checks on when the policy lists no tenant boundary", async () => {
    const spy = spyTask(0);
    const crossTenant = validEnvelope({ lease: { id: "lease-1", tenant_id: "globex", expires_at: "2026-03-01T13:00:00Z" } });
    const expired = validEnvelope({ lease: { id: "lease-1", tenant_id: "acme", expires_at: "2026-03-01T10:00:00Z" } });
    expect((await bare.execute(crossTenant, spy.task)).reason).toBe(DENIAL_REASONS.crossTenant);
    expect((await bare.execute(expired, spy.task)).reason).toBe(DENIAL_REASONS.leaseExpired);
    expect(spy.calls()).toBe(0);
  });

  it("needs no approval when the policy lists none", async () => {
    expect((await bare.execute(validEnvelope({ approval: undefined }), spyTask(0).task)).decision).toBe("allowed");
  });

  it("folds no gate name: APPROVAL or tenant_boundary are custom checks, and the gate refuses to build without their sources", () => {
    // Before, the runtime folded case and separators ("APPROVAL" was approval); now the names are
    // exact, as the static rules read them, and an unknown name is a check with no implementation.
    const build = () => createGate({ ...BARE_POLICY, policyGate: ["APPROVAL", "tenant_boundary"] }, { now: fixedNow } as never);
    expect(build).toThrow(GateDependencyError);
    expect(build).toThrow('check "APPROVAL" needs deps.checks["APPROVAL"] (a DecisionSource), which was not given; check "tenant_boundary" needs deps.checks["tenant_boundary"]');
  });

  it("asks the injected permission source, with the phase and check, for the permission gate", async () => {
    const asked: string[] = [];
    const picky = createGate(FULL_POLICY, {
      ...ALLOW_ALL,
      now: fixedNow,
      checks: {
        ...ALLOW_ALL.checks,
        permission: (envelope, context) => {
          asked.push(`${context.phaseId} ${context.check} ${envelope.principal}`);
          return envelope.principal === "agent-7";
        },
      },
    });
    const spy = spyTask(0);
    expect((await picky.execute(validEnvelope(), spy.task)).decision).toBe("allowed");
    const refused = await picky.execute(validEnvelope({ principal: "intruder" }), spy.task);
    expect(refused.reason).toBe(DENIAL_REASONS.permissionDenied);
    expect(refused.detail).toBe("the permission decision source answered no");
    expect(asked).toEqual(["P7 permission agent-7", "P7 permission intruder"]);
    expect(spy.calls()).toBe(1);
  });

  it.each([
    ["permission", DENIAL_REASONS.permissionDenied],
    ["approval", DENIAL_REASONS.approvalDenied],
    ["sandbox", DENIAL_REASONS.sandboxDenied],
  ] as const)("refuses to build without the %s source, and denies when it throws, rejects or answers anything but true", async (check, reason) => {
    const others: Record<string, DecisionSource> = { ...ALLOW_ALL.checks };
    delete others[check];
    expect(() => createGate(FULL_POLICY, { ...ALLOW_ALL, checks: others, now: fixedNow } as never)).toThrow(`check "${check}" needs deps.checks["${check}"]`);
    const spy = spyTask(0);
    const answers: (() => unknown)[] = [() => { throw new Error("down"); }, () => Promise.reject(new Error("down")), () => false, () => "true", () => 1, () => Promise.resolve(undefined)];
    for (const answer of answers) {
      const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, checks: { ...ALLOW_ALL.checks, [check]: answer as () => boolean }, now: fixedNow });
      const receipt = await gate.execute(validEnvelope(), spy.task);
      expect(receipt.reason).toBe(reason);
      expect(receipt.events[0]?.data.failures).toEqual([expect.objectContaining({ check, reason })]);
    }
    expect(spy.calls()).toBe(0);
  });

  it("refuses to build without a custom guardrail's source, and denies on its refusal with the check named", async () => {
    const policy = { ...BARE_POLICY, runtimeGate: ["rate-limit"] } as const;
    expect(() => createGate(policy, { now: fixedNow } as never)).toThrow('check "rate-limit" needs deps.checks["rate-limit"]');
    // A source inherited from Object.prototype is no source.
    expect(() => createGate({ ...BARE_POLICY, runtimeGate: ["constructor"] }, { now: fixedNow, checks: {} } as never)).toThrow(GateDependencyError);
    const spy = spyTask(0);
    const gate = createGate(policy, { now: fixedNow, checks: { "rate-limit": (envelope) => envelope.tenant_id !== "acme" } });
    const receipt = await gate.execute(validEnvelope(), spy.task);
    expect(receipt.reason).toBe(DENIAL_REASONS.guardrailDenied);
    expect(receipt.detail).toBe("the rate-limit decision source answered no");
    expect(spy.calls()).toBe(0);
  });

  it("denies when a decision source does not answer within the time limit", async () => {
    const timers: (() => void)[] = [];
    const gate = createGate(FULL_POLICY, {
      ...ALLOW_ALL,
      checks: { ...ALLOW_ALL.checks, approval: () => new Promise<boolean>(() => undefined) },
      now: fixedNow,
      setTimer: (callback) => timers.push(callback),
      clearTimer: () => undefined,
    });
    const spy = spyTask(0);
    const pending = gate.execute(validEnvelope({ budget: { timeout_ms: 10 } }), spy.task);
    await new Promise((resolve) => setImmediate(resolve));
    timers[0]!();
    const receipt = await pending;
    expect(receipt.reason).toBe(DENIAL_REASONS.approvalDenied);
    expect(receipt.detail).toBe("the approval decision source did not answer in time");
    expect(spy.calls()).toBe(0);
  });

  it("refuses a malformed policy at creation", () => {
    expect(() => createGate({ ...BARE_POLICY, phaseId: "" }, { now: fixedNow })).toThrow(TypeError);
    expect(() => createGate({ ...BARE_POLICY, policyGate: [""] }, { now: fixedNow, checks: { "": () => true } })).toThrow(TypeError);
    expect(() => createGate(BARE_POLICY, {} as never)).toThrow("needs deps.now");
    expect(() => createGate({ ...BARE_POLICY, defaults: { timeoutMs: -5 } }, { now: fixedNow })).toThrow(TypeError);
  });
});

describe("a gate built from uninjectedDeps (the generated `gate` of a phase that needs injections)", () => {
  it("denies every envelope with `dependency missing`, naming the first missing source, and never runs the task", async () => {
    const withoutTenant = { ...FULL_POLICY, policyGate: ["approval", "permission"] };
    for (const [policy, detail] of [
      [FULL_POLICY, /^no lease revocation source \(deps\.leases\) was injected/],
      [withoutTenant, /^no decision source for "(sandbox|approval|permission)" \(deps\.checks\) was injected: build the gate with createPhaseGate\(deps\)$/],
    ] as const) {
      const gate = createGate(policy, uninjectedDeps(policy, fixedNow));
      const spy = spyTask("ran");
      const receipt = await gate.execute(validEnvelope(), spy.task);
      expect(receipt).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.dependencyMissing });
      expect(receipt.detail).toMatch(detail);
      expect(spy.calls()).toBe(0);
      expect(receipt.events.at(-1)?.type).toBe("gate.denied");
    }
  });

  it("is an ordinary gate for a policy that needs nothing injected", async () => {
    const gate = createGate(BARE_POLICY, uninjectedDeps(BARE_POLICY, fixedNow));
    expect(await gate.execute(validEnvelope(), () => "ran")).toMatchObject({ decision: "allowed", result: "ran" });
  });
});
