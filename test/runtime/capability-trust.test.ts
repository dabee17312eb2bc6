import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CapabilityRevokedError,
  DENIAL_REASONS,
  GateDependencyError,
  createCapabilityRegistry,
  createGate,
  signCapability,
  uninjectedDeps,
  type CapabilityArtifact,
  type GatePolicy,
} from "../../runtime/index.js";
import { ALLOW_ALL, FULL_POLICY, NOW, fixedNow, validEnvelope } from "./gate-fixture.js";

const TRACE = { trace_id: "tr-r", session_id: "se-r", task_id: "ta-r", capability_id: "cap-1", version: "v1" };
const APPROVAL = { approved_by: "security-lead", at: "2026-03-01T11:00:00Z" };
const publisher = generateKeyPairSync("ed25519");
const stranger = generateKeyPairSync("ed25519");
const publicPem = publisher.publicKey.export({ type: "spki", format: "pem" }).toString();

function artifact(overrides: Partial<CapabilityArtifact> = {}, key = publisher.privateKey): CapabilityArtifact {
  const body = {
    capability_id: "cap-1",
    version: "v1",
    digest: `sha256:${"a".repeat(64)}`,
    provenance: { source: "git+https://example.test/tools.git#abc", builder: "ci" },
    sbom_digest: `sha256:${"b".repeat(64)}`,
    ...overrides,
  };
  return { ...body, key_id: "publisher", signature: signCapability(body, key), ...overrides };
}

function registry() {
  return createCapabilityRegistry({ trustedKeys: { publisher: publicPem }, now: fixedNow });
}

function active() {
  const r = registry();
  expect(r.register(artifact(), TRACE)).toMatchObject({ ok: true, entry: { status: "verified" } });
  expect(r.approve("cap-1", "v1", APPROVAL, TRACE)).toMatchObject({ ok: true, entry: { status: "active" } });
  return r;
}

const TRUSTED_POLICY = { ...FULL_POLICY, phaseId: "P9", capabilityTrust: true } as const satisfies GatePolicy;

describe("capability registry", () => {
  it("verifies a signed artifact, activates it on approval, and then trusts it", () => {
    const r = registry();
    r.register(artifact(), TRACE);
    expect(r.verdict("cap-1", "v1")).toMatchObject({ trusted: false, status: "verified" });
    r.approve("cap-1", "v1", APPROVAL, TRACE);
    expect(r.verdict("cap-1", "v1")).toEqual({ trusted: true, status: "active", reason: "capability cap-1 v1 is verified, trusted and active" });
    expect(r.log.records().map((e) => e.payload.type)).toEqual(["capability.verified", "capability.activated"]);
    expect(r.log.verify()).toMatchObject({ ok: true });
  });

  it("rejects a bad signature, an unknown key, a signature over other fields, and malformed artifacts", () => {
    const r = registry();
    expect(r.register(artifact({}, stranger.privateKey), TRACE)).toMatchObject({ ok: false, reason: "the signature does not verify", entry: { status: "rejected" } });
    expect(r.register(artifact({ version: "v2", key_id: "nobody" }), TRACE)).toMatchObject({ ok: false, reason: "key nobody is not trusted" });
    const swapped = { ...artifact({ version: "v3" }), digest: `sha256:${"c".repeat(64)}` };
    expect(r.register(swapped, TRACE)).toMatchObject({ ok: false, reason: "the signature does not verify" });
    const noProvenance = { ...artifact({ version: "v4" }), provenance: { source: "x" } };
    expect(r.register(noProvenance, TRACE)).toMatchObject({ ok: false, reason: "the provenance record lacks builder" });
    expect(r.register({ ...artifact({ version: "v5" }), sbom_digest: "sha256:xyz" }, TRACE)).toMatchObject({ ok: false, reason: expect.stringContaining("sbom_digest") });
    expect(r.register(null as never, TRACE)).toMatchObject({ ok: false });
    expect(r.verdict("cap-1", "v1").trusted).toBe(false);
    expect(r.approve("cap-1", "v1", APPROVAL, TRACE)).toMatchObject({ ok: false, reason: "capability cap-1 v1 is rejected, not verified" });
  });

  it("refuses a second registration of one version, and an approval without approver or from the future", () => {
    const r = registry();
    r.register(artifact(), TRACE);
    expect(r.register(artifact(), TRACE)).toMatchObject({ ok: false, reason: "capability cap-1 v1 is already registered" });
    expect(r.approve("cap-1", "v1", { approved_by: "", at: APPROVAL.at }, TRACE)).toMatchObject({ ok: false });
    expect(r.approve("cap-1", "v1", { approved_by: "x", at: new Date(NOW + 1000).toISOString() }, TRACE)).toMatchObject({ ok: false });
    expect(r.approve("cap-9", "v1", APPROVAL, TRACE)).toMatchObject({ ok: false, reason: expect.stringContaining("not registered") });
  });

  it("revocation and distrusting the signing key take effect at the next verdict", () => {
    const r = active();
    expect(r.revoke("cap-1", "v1", "", TRACE)).toMatchObject({ ok: false });
    expect(r.revoke("cap-1", "v1", "compromised build", TRACE)).toMatchObject({ ok: true, entry: { status: "revoked" } });
    expect(r.verdict("cap-1", "v1")).toMatchObject({ trusted: false, status: "revoked", reason: expect.stringContaining("compromised build") });
    const k = active();
    expect(k.distrustKey("publisher", "key leaked", TRACE)).toBe(1);
    expect(k.verdict("cap-1", "v1")).toMatchObject({ trusted: false, reason: expect.stringContaining("no longer trusted") });
  });

  it("an operation without the five trace ids changes nothing: no capability registered, activated or revoked without its event", () => {
    const { trace_id: _dropped, ...noTrace } = TRACE;
    const bad = noTrace as typeof TRACE;
    const r = registry();
    expect(() => r.register(artifact(), bad)).toThrow(/trace_id/);
    expect(r.entries()).toEqual([]);
    r.register(artifact(), TRACE);
    expect(() => r.approve("cap-1", "v1", APPROVAL, bad)).toThrow(/trace_id/);
    expect(r.verdict("cap-1", "v1")).toMatchObject({ trusted: false, status: "verified" });
    r.approve("cap-1", "v1", APPROVAL, TRACE);
    expect(() => r.revoke("cap-1", "v1", "compromised build", bad)).toThrow(/trace_id/);
    expect(() => r.distrustKey("publisher", "key leaked", bad)).toThrow(/trace_id/);
    expect(r.verdict("cap-1", "v1")).toMatchObject({ trusted: true });
    expect(r.log.records().map((e) => e.payload.type)).toEqual(["capability.verified", "capability.activated"]);
  });

  it("refuses a trusted key that is not an Ed25519 public key", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(() => createCapabilityRegistry({ trustedKeys: { k: rsa }, now: fixedNow })).toThrow("not an Ed25519 public key");
    expect(() => createCapabilityRegistry({ trustedKeys: { k: "not a key" }, now: fixedNow })).toThrow("not a public key");
  });
});

describe("the gate's capability trust check", () => {
  it("a gate whose policy needs capability trust refuses to build without the source", () => {
    expect(() => createGate(TRUSTED_POLICY, { ...ALLOW_ALL, now: fixedNow } as never)).toThrow(GateDependencyError);
    expect(() => createGate(TRUSTED_POLICY, { ...ALLOW_ALL, now: fixedNow } as never)).toThrow("deps.capabilities");
  });

  it("runs an active capability and refuses an unknown, unapproved or revoked one", async () => {
    const r = registry();
    const gate = createGate(TRUSTED_POLICY, { ...ALLOW_ALL, now: fixedNow, capabilities: r.source() });
    const run = () => gate.execute(validEnvelope(), () => "ran");
    expect(await run()).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
    r.register(artifact(), TRACE);
    expect(await run()).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
    r.approve("cap-1", "v1", APPROVAL, TRACE);
    const allowed = await run();
    expect(allowed).toMatchObject({ decision: "allowed", result: "ran" });
    expect(allowed.events[0]?.data.checks).toContain("capability");
    r.revoke("cap-1", "v1", "withdrawn", TRACE);
    const denied = await run();
    expect(denied).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
    expect(denied.detail).toContain("cap-1 v1");
    expect(await gate.execute(validEnvelope({ version: "v2" }), () => "ran")).toMatchObject({ decision: "denied" });
  });

  it("a revocation during the run stops the task at its next checkpoint", async () => {
    const r = active();
    const gate = createGate(TRUSTED_POLICY, { ...ALLOW_ALL, now: fixedNow, capabilities: r.source() });
    const steps: string[] = [];
    const seen: { signal?: AbortSignal } = {};
    const receipt = await gate.execute(validEnvelope(), async (context) => {
      seen.signal = context.signal;
      await context.checkpoint();
      steps.push("first");
      r.revoke("cap-1", "v1", "revoked mid-run", TRACE);
      await context.checkpoint();
      steps.push("second");
      return "done";
    });
    expect(steps).toEqual(["first"]);
    expect(receipt).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
    expect(seen.signal?.reason).toBeInstanceOf(CapabilityRevokedError);
    expect(receipt.events.map((e) => e.type)).toContain("capability.revoked");
  });

  it("a source that throws denies; the uninjected stand-in denies with dependency missing", async () => {
    const throwing = createGate(TRUSTED_POLICY, {
      ...ALLOW_ALL,
      now: fixedNow,
      capabilities: () => {
        throw new Error("catalog down");
      },
    });
    expect(await throwing.execute(validEnvelope(), () => "ran")).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
    const standIn = createGate(TRUSTED_POLICY, uninjectedDeps(TRUSTED_POLICY, fixedNow));
    const receipt = await standIn.execute(validEnvelope(), () => "ran");
    expect(receipt.decision).toBe("denied");
    expect(receipt.reason).toBe(DENIAL_REASONS.dependencyMissing);
  });

  it("a policy without capability trust still asks a source that is given", async () => {
    const r = registry();
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, capabilities: r.source() });
    expect(await gate.execute(validEnvelope(), () => "ran")).toMatchObject({ decision: "denied", reason: DENIAL_REASONS.capabilityUntrusted });
  });
});
