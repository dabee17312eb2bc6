// The Compile verdict as a pure function: what runCompile writes is decided here, without a file system.
import { describe, expect, it } from "vitest";
import { compileEvidence, compileVerdict, type VerifierName, type VerifierResult } from "../../compiler/evidence/compile-verdict.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { combineTallies } from "../../compiler/evidence/verification-summary.js";
import {
  ARTIFACT_EVIDENCE_PATH,
  DSSE_PATH,
  EVIDENCE_BUNDLE_PATH,
  MANIFEST_PATH,
  REJECTION_REPORT_PATH,
  VALIDATION_REPORTS_PATH,
} from "../../compiler/evidence/paths.js";

const PLANNED: VerifierName[] = [
  { name: "check", slot: "policy_eval" },
  { name: "replay", slot: "replay" },
  { name: "tests", slot: "execution_tests" },
  { name: "lint", slot: "static_checks" },
];
const DIGEST = `sha256:${"a".repeat(64)}`;
const TOOLCHAIN = { node: ">=20.19.0", spec_kit: "0.1.0" };

function result(name: string, ok: boolean, passed: number, total: number): VerifierResult {
  const planned = PLANNED.find((verifier) => verifier.name === name)!;
  return { ...planned, ok, tally: { run: true, passed, total }, diagnostics: ok ? [] : [`${name} failed here`], suites: [] };
}

describe("compileVerdict", () => {
  it("is rejected by the first verifier that failed, and tallies the others as run or not run", () => {
    const verdict = compileVerdict(PLANNED, [result("check", true, 3, 3), result("replay", false, 1, 2)]);
    expect(verdict.failed?.name).toBe("replay");
    expect(verdict.report).toEqual({ execution_tests: "not run", static_checks: "not run", policy_eval: "pass (3/3)" });
    expect(verdict.verdicts).toEqual([
      { verifier: "check", result: "pass (3/3)" },
      { verifier: "replay", result: "fail (1/2)" },
      { verifier: "tests", result: "not run" },
      { verifier: "lint", result: "not run" },
    ]);
  });

  it("is accepted when every verifier that ran passed", () => {
    const verdict = compileVerdict(PLANNED, PLANNED.map((verifier) => result(verifier.name, true, 2, 2)));
    expect(verdict.failed).toBeUndefined();
    expect(verdict.replay).toEqual({ run: true, passed: 2, total: 2 });
  });
});

describe("compileEvidence", () => {
  const never = () => {
    throw new Error("read only for an accepted run");
  };

  it("writes a Rejection Report, removes the evidence of an acceptance and records its digest, reading nothing", () => {
    const verdict = compileVerdict(PLANNED, [result("check", false, 0, 1)]);
    const evidence = compileEvidence(verdict, { inputDigest: DIGEST, time: "2023-11-14T22:13:20Z", files: never, toolchain: never });
    expect(evidence.accepted).toBe(false);
    expect(evidence.verdict).toBe("check");
    expect([...evidence.files.keys()]).toEqual([REJECTION_REPORT_PATH]);
    const report = JSON.parse(evidence.files.get(REJECTION_REPORT_PATH)!);
    expect(report).toMatchObject({ result: "rejected", rejected_by: "check", diagnostics: ["check failed here"], input_digest: DIGEST, timestamp: "2023-11-14T22:13:20Z" });
    expect(evidence.stale).toEqual([VALIDATION_REPORTS_PATH, ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH]);
    expect(evidence.ledger).toMatchObject({ kind: "verify", result: "rejected", rejected_by: "check", evidence: { [REJECTION_REPORT_PATH]: sha256Hex(evidence.files.get(REJECTION_REPORT_PATH)!) } });
  });

  it("writes the statement and contracts of an accepted run, and drops an envelope that no longer wraps it", () => {
    const verdict = compileVerdict(PLANNED, PLANNED.map((verifier) => result(verifier.name, true, 2, 2)));
    const files = [{ path: "gates/P1.ts", content: "export {};\n" }];
    const evidence = compileEvidence(verdict, { inputDigest: DIGEST, files: () => files, toolchain: () => TOOLCHAIN, currentEnvelope: "{}" });
    expect(evidence.accepted).toBe(true);
    expect(evidence.verdict).toMatch(/^ev-[0-9a-f]{16}$/);
    expect([...evidence.files.keys()].sort()).toEqual([ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH, MANIFEST_PATH, VALIDATION_REPORTS_PATH].sort());
    expect(JSON.parse(evidence.files.get(MANIFEST_PATH)!).predicate.bundle_id).toBe(evidence.verdict);
    expect(evidence.stale).toEqual([REJECTION_REPORT_PATH, DSSE_PATH]);
    expect(evidence.ledger).toMatchObject({ result: "accepted", bundle_id: evidence.verdict });
    expect(Object.keys(evidence.ledger.evidence).sort()).toEqual([...evidence.files.keys()].sort());
  });
});

describe("combineTallies", () => {
  it("adds the executed counts and, apart from them, the todo and skipped ones, where any tally has them", () => {
    const withApart = combineTallies([{ run: true, passed: 3, total: 4, todo: 2 }, { run: false }, { run: true, passed: 5, total: 5, skipped: 1 }]);
    expect(withApart).toEqual({ run: true, passed: 8, total: 9, todo: 2, skipped: 1 });
    expect(combineTallies([{ run: true, passed: 1, total: 1 }, { run: true, passed: 2, total: 3 }])).toEqual({ run: true, passed: 3, total: 4 });
    expect(combineTallies([{ run: false, reason: "not configured" }])).toEqual({ run: false, reason: "not configured" });
  });
});
