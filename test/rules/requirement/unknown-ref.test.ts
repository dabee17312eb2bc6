import { describe, expect, it } from "vitest";
import rule from "../../../rules/requirement/unknown-ref.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { checkFixture } from "../../bind/fixture-bundles.js";
import { phaseYaml } from "../../../compiler/check/rule-examples.js";

const MANIFEST = "specKit: 1\nname: x\n";
const MISSION_MD = ["# Billing Specification", "", "## Security", "- Invoices are signed before they are sent.", "- Card numbers never leave the vault.", ""].join("\n");

/** The example phase with its invariant replaced by `invariant` (one YAML list item). */
function phaseWithInvariant(invariant: string): string {
  return phaseYaml({ replace: { "  - a task never runs for another tenant": `  - ${invariant}` } });
}

describe("requirement/unknown-ref", () => {
  it("reports the misspelled reference of the fixture bundle at its line:column, with the requirement it most likely means", () => {
    expectDiagnostics(checkFixture("requirements-traced"), rule.id, [
      {
        ruleId: rule.id,
        messageId: "unknownNear",
        file: "phases/P1.yaml",
        line: 17,
        column: 53,
        severity: "error",
        message:
          'integration test "a failed delivery is retried" traces "billing/operatons-1", which names no requirement of the bundle\'s missions; did you mean "billing/operations-1"?',
      },
    ]);
  });

  it("resolves references with and without the requirement: prefix", () => {
    const result = checkFixture("requirements-traced");
    // billing/security-1 (invariant 1) and requirement:billing/operations-1 (unit test 2) resolve: one finding only.
    expect(only(result, rule.id)).toHaveLength(1);
  });

  it("says what a reference looks like when nothing is near, and points into an invariant's traces", () => {
    const result = checkFiles({
      "spec-kit.yaml": MANIFEST,
      "missions/billing.md": MISSION_MD,
      "phases/P7.yaml": phaseWithInvariant("{text: invoices are signed, traces: [billing/security-1, billing/security-3]}"),
    });
    expectDiagnostics(result, rule.id, [
      {
        ruleId: rule.id,
        messageId: "unknown",
        file: "phases/P7.yaml",
        line: 4,
        column: 62,
        message: 'invariant 1 traces "billing/security-3", which names no requirement of the bundle\'s missions; write <mission>/<requirement>, as spec-kit graph lists them',
      },
    ]);
  });

  it("offers the mission for a requirement id written without it", () => {
    const result = checkFiles({
      "spec-kit.yaml": MANIFEST,
      "missions/billing.md": MISSION_MD,
      "phases/P7.yaml": phaseWithInvariant("{text: invoices are signed, traces: [security-2]}"),
    });
    expectDiagnostics(result, rule.id, [{ ruleId: rule.id, messageId: "unknownNear", line: 4, column: 42, message: /did you mean "billing\/security-2"\?$/ }]);
  });

  it("resolves a requirement of a YAML mission, and reports a reference when the bundle has no missions at all", () => {
    const yamlMission = "mission: { id: ledger, title: Ledger, system: Ledger }\nrequirements:\n  - { id: append-only, text: Entries are never rewritten. }\n";
    const traced = phaseWithInvariant("{text: entries are never rewritten, traces: [ledger/append-only]}");
    expect(only(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/ledger.yaml": yamlMission, "phases/P7.yaml": traced }), rule.id)).toEqual([]);
    expectDiagnostics(checkFiles({ "spec-kit.yaml": MANIFEST, "phases/P7.yaml": traced }), rule.id, [{ ruleId: rule.id, messageId: "unknown", line: 4, column: 50 }]);
  });

  it("leaves plain string invariants and tests alone", () => {
    expect(only(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": MISSION_MD, "phases/P7.yaml": phaseYaml() }), rule.id)).toEqual([]);
  });
});
