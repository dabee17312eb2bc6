import { describe, it, expect } from "vitest";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const MANIFEST = "specKit: 1\nname: x\n";
const MISSION = "# Billing\n\n## Core Subsystems\n- Component: Invoice Service\n  - Responsibilities: Issues invoices.\n  - Interfaces: REST `POST /invoices`.\n";

describe("mission/markdown", () => {
  it("passes a mission it reads whole", () => {
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": MISSION }).diagnostics).toEqual([]);
  });

  it("reports a list item of the wrong shape, saying what it expected", () => {
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": `${MISSION}- The ledger is shared.\n` });
    expectDiagnostics(result, "mission/markdown", [
      {
        ruleId: "mission/markdown",
        messageId: "unreadItem",
        line: 7,
        column: 3,
        severity: "warning",
        message: 'a list item under "Core Subsystems" is not read: expected "- Component: <name>" with the fields Responsibilities and Interfaces',
      },
    ]);
  });

  it("says nothing about YAML missions", () => {
    const yaml = "mission: { id: m, title: M, system: S }\n";
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": yaml }).diagnostics).toEqual([]);
  });
});
