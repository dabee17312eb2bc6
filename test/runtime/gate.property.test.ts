import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createGate, DENIAL_REASONS, TRACE_ID_KEYS } from "../../runtime/index.js";
import { ALLOW_ALL, FULL_POLICY, NOW, fixedNow, validEnvelope } from "./gate-fixture.js";

const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
const blank = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.stringMatching(/^\s*$/),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
);
const id = fc.string({ minLength: 1 }).filter((s) => s.trim() !== "");

describe("gate properties", () => {
  it("denies, without running the task, any envelope with one trace id blanked", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TRACE_ID_KEYS), blank, fc.record({ trace_id: id, session_id: id, task_id: id }), async (key, value, ids) => {
        let ran = false;
        const receipt = await gate.execute({ ...validEnvelope(ids), [key]: value }, () => {
          ran = true;
        });
        expect(receipt.decision).toBe("denied");
        expect(receipt.reason).toBe(DENIAL_REASONS.traceIdMissing);
        expect(ran).toBe(false);
      }),
    );
  });

  it("admits a lease exactly when it names the envelope's tenant and expires after now", async () => {
    await fc.assert(
      fc.asyncProperty(id, id, fc.integer({ min: -86_400_000, max: 86_400_000 }), async (tenant, leaseTenant, offset) => {
        const envelope = validEnvelope({
          tenant_id: tenant,
          lease: { id: "lease-1", tenant_id: leaseTenant, expires_at: new Date(NOW + offset).toISOString() },
        });
        let ran = false;
        const receipt = await gate.execute(envelope, () => {
          ran = true;
        });
        const admissible = tenant === leaseTenant && offset > 0;
        expect(receipt.decision === "allowed").toBe(admissible);
        expect(ran).toBe(admissible);
      }),
    );
  });
});
