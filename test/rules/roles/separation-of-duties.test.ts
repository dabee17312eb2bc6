import { describe, expect, it } from "vitest";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const RULE = "roles/separation-of-duties";
const MANIFEST = "specKit: 1\nname: x\n";

describe(RULE, () => {
  it("accepts implementing and releasing in separate roles", () => {
    const text = `mission: { id: m, title: M, system: S }
roles:
  - { id: implementer, responsibility: Edits., capabilities: [write-branch], access_scope: [branch:write] }
  - { id: captain, responsibility: Merges., capabilities: [merge-to-main], access_scope: [main:merge] }
actions:
  - { id: merge, kind: merge-to-main, performed_by: captain, requires_human_approval: true }
`;
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/r.yaml": text }).diagnostics).toEqual([]);
  });

  it("reports a role that implements and releases, at its id, with the evidence (YAML)", () => {
    const text = `mission: { id: m, title: M, system: S }
roles:
  - id: implementer
    responsibility: Edits and ships.
    capabilities: [write-branch]
    access_scope: [branch:write]
actions:
  - { id: merge, kind: merge-to-main, performed_by: implementer, requires_human_approval: true }
`;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/r.yaml": text });
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        file: "missions/r.yaml",
        line: 3,
        column: 9,
        message:
          'role "implementer" both implements (capability write-branch, scope branch:write) and releases (action merge-to-main); give these duties to separate roles',
        severity: "error",
      },
    ]);
  });

  it("counts scopes alone and reports once per role (JSON)", () => {
    const text = `{
  "mission": { "id": "m", "title": "M", "system": "S" },
  "roles": [
    { "id": "ok", "responsibility": "Reads.", "capabilities": [], "access_scope": [] },
    { "id": "dev", "responsibility": "Everything.", "capabilities": [], "access_scope": ["code:write", "production:deploy", "main:merge"] }
  ]
}
`;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/r.json": text });
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        file: "missions/r.json",
        line: 5,
        column: 13,
        message: 'role "dev" both implements (scope code:write) and releases (scope production:deploy, scope main:merge); give these duties to separate roles',
      },
    ]);
  });
});
