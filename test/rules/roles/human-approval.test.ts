import { describe, expect, it } from "vitest";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const RULE = "roles/human-approval";
const MANIFEST = "specKit: 1\nname: x\n";

const ROLES = `mission: { id: m, title: M, system: S }
roles:
  - { id: captain, responsibility: Ships., capabilities: [merge-to-main, deploy], access_scope: [main:merge, production:deploy] }
`;

describe(RULE, () => {
  it("accepts human approval, or a break-glass protocol", () => {
    const text = `${ROLES}actions:
  - { id: merge, kind: merge-to-main, performed_by: captain, requires_human_approval: true }
  - id: hotfix
    kind: deploy-to-production
    performed_by: captain
    requires_human_approval: false
    break_glass: { protocol: Tier-4 Emergency Break-glass }
  - { id: rollback, kind: rollback-production, performed_by: captain, requires_human_approval: false }
`;
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/a.yaml": text }).diagnostics).toEqual([]);
  });

  it("reports an unapproved high-impact action at its flag, and an undeclared one at the capability (YAML)", () => {
    const text = `${ROLES}actions:
  - id: deploy
    kind: deploy-to-production
    performed_by: captain
    requires_human_approval: false
`;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/a.yaml": text });
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        file: "missions/a.yaml",
        line: 3,
        column: 59,
        message: 'role "captain" has capability merge-to-main but the mission declares no merge-to-main action performed by it, so its approval is unspecified',
        severity: "error",
      },
      {
        ruleId: RULE,
        line: 8,
        column: 30,
        message: 'action "deploy" (deploy-to-production) neither requires human approval nor names a break-glass protocol',
      },
    ]);
  });

  it("reports in JSON, and an empty break-glass protocol does not count", () => {
    const text = `{
  "mission": { "id": "m", "title": "M", "system": "S" },
  "actions": [
    { "id": "merge", "kind": "merge-to-main", "performed_by": "x", "requires_human_approval": false, "break_glass": { "protocol": "" } }
  ]
}
`;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/a.json": text });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, file: "missions/a.json", line: 4, column: 95, message: 'action "merge" (merge-to-main) neither requires human approval nor names a break-glass protocol' },
    ]);
  });
});
