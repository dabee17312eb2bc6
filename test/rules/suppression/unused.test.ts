import { describe, expect, it } from "vitest";
import unused from "../../../rules/suppression/unused.js";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const RULE = "suppression/unused";

describe(RULE, () => {
  it("is a check-stage rule with a warning default", () => {
    expect(unused.scope).toBe("stage");
    expect(unused.scope === "stage" && unused.stage).toBe("check");
    expect(unused.defaultSeverity).toBe("warning");
  });

  it("its failing example warns at the stale suppression, and nothing else", () => {
    const result = checkFiles(unused.examples!.failing.files);
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        file: "missions/m.yaml",
        line: 8,
        column: 5,
        message: "suppression of roles/least-privilege at roles[0].access_scope matches no diagnostic; remove it",
        severity: "warning",
      },
    ]);
    expect(result.diagnostics).toHaveLength(1);
  });

  it("its passing example gives no diagnostics at all", () => {
    expect(checkFiles(unused.examples!.passing.files).diagnostics).toEqual([]);
  });

  it("reports each unused suppression of a phase, in order", () => {
    const text = `phase_meta:
  phase_id: P1
  title: T
  priority: low
  version: v1
  owner: o
  suppressions:
    - { rule: graph/no-cycle, reason: Kept while the graph is reworked. }
    - { rule: layers/no-bypass, path: module_scope, reason: Kept while the graph is reworked. }
`;
    const result = checkFiles({ "spec-kit.yaml": "specKit: 1\nname: x\n", "phases/P1.yaml": text });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, line: 8, column: 7, message: "suppression of graph/no-cycle matches no diagnostic; remove it" },
      { ruleId: RULE, line: 9, column: 7, message: "suppression of layers/no-bypass at module_scope matches no diagnostic; remove it" },
    ]);
  });
});
