import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { invariantReferences, significantStems, stem } from "../../../rules/invariant/untraced.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { MANIFEST_YAML, VALID_YAML, replaceOnce, toJson, validPhase } from "../../validate/phase-fixture.js";

const RULE = "invariant/untraced";
const VALID_JSON = readFileSync(new URL("../../fixtures/phases/valid.json", import.meta.url), "utf8");
const UNTRACED = 'invariant 2 ("Identity binding events are append-only.") is traced by no test, acceptance criterion or guardrail; add one that names it or refers to inv-2';

const phaseBundle = (file: string, text: string) => checkFiles({ "spec-kit.yaml": MANIFEST_YAML, [file]: text });

describe(RULE, () => {
  it("warns at an invariant that shares no stem with any test, criterion or guardrail (YAML)", () => {
    expectDiagnostics(phaseBundle("phases/P7.yaml", VALID_YAML), RULE, [
      { ruleId: RULE, file: "phases/P7.yaml", line: 12, column: 5, message: UNTRACED, severity: "warning" },
    ]);
  });

  it("warns at the same invariant in JSON", () => {
    expectDiagnostics(phaseBundle("phases/P7.json", VALID_JSON), RULE, [
      { ruleId: RULE, file: "phases/P7.json", line: 15, column: 5, message: UNTRACED },
    ]);
  });

  it("is satisfied by a test sharing a stem in another inflection", () => {
    const text = replaceOnce(VALID_YAML, "unit: [lease expiry is enforced]", "unit: [lease expiry is enforced, appending to an identity log]");
    expectDiagnostics(phaseBundle("phases/P7.yaml", text), RULE, []);
  });

  it("is satisfied by a reference to the invariant's index", () => {
    for (const reference of ["inv-2 holds under replay", "INV2 holds", "I2 holds", "invariant #2 holds"]) {
      const phase = validPhase();
      phase.acceptance.push(`${reference} in 100% of runs`);
      expect(only(phaseBundle("phases/P7.json", toJson(phase)), RULE), reference).toEqual([]);
    }
  });

  it("does not count a reference to another invariant or shared stop words", () => {
    const phase = validPhase();
    phase.invariants = ["Every checkpoint must never be lost."];
    phase.tests.unit = ["inv-3 must never fail", "every path is checked"];
    expectDiagnostics(phaseBundle("phases/P7.json", toJson(phase)), RULE, [
      { ruleId: RULE, line: 14, column: 5, message: /^invariant 1 \("Every checkpoint must never be lost\."\)/ },
    ]);
  });

  it("takes guardrails as tracing texts", () => {
    const phase = validPhase();
    phase.invariants = ["The sandbox is always on."];
    phase.tests = { unit: [], integration: [], e2e: [] };
    phase.acceptance = ["p99 <= 5 ms"];
    expectDiagnostics(phaseBundle("phases/P7.json", toJson(phase)), RULE, []);
  });

  it("reads invalid phases without crashing", () => {
    const text = "phase_meta: { phase_id: P1 }\ninvariants: [Leases expire., 42]\ntests: { unit: lease }\nacceptance: 7\n";
    expectDiagnostics(phaseBundle("phases/P1.yaml", text), RULE, [{ ruleId: RULE, line: 2, column: 14, message: /^invariant 1 / }]);
  });
});

describe("tracing helpers", () => {
  it("stems inflections to one form", () => {
    expect(["trace", "traced", "traces", "tracing"].map(stem)).toEqual(["trac", "trac", "trac", "trac"]);
    expect(["tenant", "tenants"].map(stem)).toEqual(["tenant", "tenant"]);
    expect(["deny", "denies", "denied"].map(stem)).toEqual(["deny", "deny", "deny"]);
    expect(["bypass", "bypasses"].map(stem)).toEqual(["bypass", "bypass"]);
    expect(["run", "running"].map(stem)).toEqual(["run", "run"]);
    expect(stem("replayable")).toBe("replay");
  });

  it("drops short words, numbers and stop words", () => {
    expect([...significantStems("A task must never run in 2 tenants.")].sort()).toEqual(["run", "task", "tenant"]);
  });

  it("finds 1-based invariant references", () => {
    expect([...invariantReferences("covers inv-1, INV3, I12 and invariant 4 but not pi2 or i18n")].sort((a, b) => a - b)).toEqual([1, 3, 4, 12]);
  });
});
