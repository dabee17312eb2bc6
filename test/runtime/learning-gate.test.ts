import { describe, expect, it } from "vitest";
import { createLearningGate, type GateEvidence, type LearningCandidate } from "../../runtime/index.js";
import { NOW, fixedNow } from "./gate-fixture.js";

const TRACE = { trace_id: "tr-l", session_id: "se-l", task_id: "ta-l", capability_id: "memory", version: "v1" };
const DIGEST = `sha256:${"d".repeat(64)}`;
const candidate: LearningCandidate = { delta_id: "delta-1", tenant_id: "acme", digest: DIGEST, trace: TRACE };
const passing: GateEvidence = { evidence_id: "ev-1", verifier: "spec-kit verify", candidate_digest: DIGEST, passed: 12, total: 12 };
const APPROVAL = { approved_by: "ml-lead", at: "2026-03-01T11:00:00Z" };

function gate(approvalRequired = true) {
  const g = createLearningGate({ now: fixedNow, approvalRequired });
  expect(g.propose(candidate)).toBe(true);
  return g;
}

describe("learning gate", () => {
  it("promotes a candidate with passing gate evidence and an approval", () => {
    const g = gate();
    expect(g.decide("delta-1", passing, APPROVAL)).toEqual({ status: "promoted", delta_id: "delta-1", evidence_id: "ev-1" });
    expect(g.status("delta-1")).toBe("promoted");
    expect(g.log.records().map((r) => r.payload.type)).toEqual(["learning.proposed", "learning.promoted"]);
    expect(g.log.records()[1]!.payload).toMatchObject({ ...TRACE, data: { approved_by: "ml-lead", checks: 12 } });
  });

  it.each([
    ["no evidence", undefined, "no gate evidence"],
    ["a failed check", { ...passing, passed: 11 }, "passed 11 of 12"],
    ["no checks at all", { ...passing, passed: 0, total: 0 }, "no valid count"],
    ["evidence over another delta", { ...passing, candidate_digest: `sha256:${"e".repeat(64)}` }, "not the candidate's"],
    ["no verifier", { ...passing, verifier: "" }, "no evidence id or verifier"],
  ] as const)("quarantines a candidate with %s", (_title, evidence, reason) => {
    const g = gate();
    const decision = g.decide("delta-1", evidence as GateEvidence | undefined, APPROVAL);
    expect(decision).toMatchObject({ status: "quarantined", reason: expect.stringContaining(reason) });
    expect(g.status("delta-1")).toBe("quarantined");
    expect(g.decide("delta-1", passing, APPROVAL)).toMatchObject({ status: "quarantined", reason: expect.stringContaining("already decided") });
    expect(g.log.records().at(-1)!.payload.type).toBe("learning.quarantined");
  });

  it("quarantines without an approval where one is required, and promotes without where none is", () => {
    expect(gate().decide("delta-1", passing)).toMatchObject({ status: "quarantined", reason: expect.stringContaining("approval") });
    expect(gate().decide("delta-1", passing, { approved_by: "x", at: new Date(NOW + 60_000).toISOString() })).toMatchObject({ status: "quarantined" });
    expect(gate(false).decide("delta-1", passing)).toMatchObject({ status: "promoted" });
  });

  it("rolls back only a promoted delta", () => {
    const g = gate();
    expect(g.rollback("delta-1", "trial regression")).toBe(false);
    g.decide("delta-1", passing, APPROVAL);
    expect(g.rollback("delta-1", "")).toBe(false);
    expect(g.rollback("delta-1", "trial regression")).toBe(true);
    expect(g.status("delta-1")).toBe("rolled_back");
    expect(g.log.verify()).toMatchObject({ ok: true });
  });

  it("refuses a duplicate or incomplete proposal, and an unknown delta is never promoted", () => {
    const g = gate();
    expect(g.propose(candidate)).toBe(false);
    expect(g.propose({ ...candidate, delta_id: "delta-2", digest: "" })).toBe(false);
    expect(() => g.propose({ ...candidate, delta_id: "delta-3", trace: { ...TRACE, trace_id: "" } })).toThrow("trace_id");
    expect(g.decide("delta-9", passing, APPROVAL)).toMatchObject({ status: "quarantined" });
  });
});
