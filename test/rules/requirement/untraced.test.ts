import { describe, expect, it } from "vitest";
import rule from "../../../rules/requirement/untraced.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { checkFixture } from "../../bind/fixture-bundles.js";
import { phaseYaml } from "../../../compiler/check/rule-examples.js";

const MANIFEST = "specKit: 1\nname: x\n";
const MISSION_MD = ["# Billing Specification", "", "## Security", "- Invoices are signed before they are sent.", "- Card numbers never leave the vault.", ""].join("\n");
const OTHER_MD = ["# Ledger Specification", "", "## Integrity", "Entries are never rewritten.", ""].join("\n");

/** The example phase with its invariant traced to `refs`. */
function tracing(...refs: string[]): string {
  return phaseYaml({ replace: { "  - a task never runs for another tenant": `  - {text: invoices are signed, traces: [${refs.join(", ")}]}` } });
}

describe("requirement/untraced", () => {
  it("reports the requirement of the fixture's traced mission that nothing traces, at its Markdown line:column", () => {
    expectDiagnostics(checkFixture("requirements-traced"), rule.id, [
      {
        ruleId: rule.id,
        messageId: "untraced",
        file: "missions/billing.md",
        line: 10,
        column: 3,
        severity: "warning",
        message:
          'requirement billing/security-2 ("Card numbers never leave the vault.") is traced by no invariant or test, while mission billing has 2 of its 3 requirements traced; add it to the traces of one that checks it',
      },
    ]);
  });

  it("reports nothing for a mission none of whose requirements is traced, nor once every one is", () => {
    const files = { "spec-kit.yaml": MANIFEST, "missions/billing.md": MISSION_MD, "missions/ledger.md": OTHER_MD };
    expect(only(checkFiles({ ...files, "phases/P7.yaml": phaseYaml() }), rule.id)).toEqual([]);
    expect(only(checkFiles({ ...files, "phases/P7.yaml": tracing("billing/security-1", "billing/security-2") }), rule.id)).toEqual([]);
  });

  it("opts in only the missions something traces, and a misspelled reference opts in nothing", () => {
    const files = { "spec-kit.yaml": MANIFEST, "missions/billing.md": MISSION_MD, "missions/ledger.md": OTHER_MD };
    expectDiagnostics(checkFiles({ ...files, "phases/P7.yaml": tracing("ledger/integrity-1", "billing/security-1") }), rule.id, [
      { ruleId: rule.id, file: "missions/billing.md", line: 5, column: 3, message: /^requirement billing\/security-2 .* mission billing has 1 of its 2 requirements traced;/ },
    ]);
    expect(only(checkFiles({ ...files, "phases/P7.yaml": tracing("billing/securty-1") }), rule.id)).toEqual([]);
  });

  it("is a gate when the manifest sets it to error", () => {
    const result = checkFiles({ "spec-kit.yaml": `${MANIFEST}rules: { requirement/untraced: error }\n`, "missions/billing.md": MISSION_MD, "phases/P7.yaml": tracing("billing/security-1") });
    expectDiagnostics(result, rule.id, [{ ruleId: rule.id, line: 5, column: 3, severity: "error" }]);
  });
});
