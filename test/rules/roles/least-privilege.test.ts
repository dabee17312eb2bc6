import { describe, expect, it } from "vitest";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const RULE = "roles/least-privilege";
const MANIFEST = "specKit: 1\nname: x\n";

function mission(roles: string): string {
  return `mission: { id: m, title: M, system: S }\nroles:\n${roles}`;
}

describe(RULE, () => {
  it("accepts scopes that the capabilities need", () => {
    const text = mission(`  - id: localizer
    responsibility: Pinpoints issues.
    capabilities: [read-code, read-logs, read-metrics]
    access_scope: [code:read, logs:read, metrics:read]
  - id: planner
    responsibility: Plans.
    capabilities: [plan-tasks]
    access_scope: [tickets:read]
`);
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/r.yaml": text }).diagnostics).toEqual([]);
  });

  it("reports excess scopes and production writes at the scope (YAML)", () => {
    const text = mission(`  - id: localizer
    responsibility: Pinpoints issues.
    capabilities: [read-code]
    access_scope: [code:read, logs:read, "*:*"]
  - id: captain
    responsibility: Rolls back.
    capabilities: [rollback]
    access_scope: [production:rollback, production:read]
`);
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/r.yaml": text });
    expectDiagnostics(result, RULE, [
      {
        ruleId: RULE,
        file: "missions/r.yaml",
        line: 6,
        column: 31,
        message: 'role "localizer" holds scope "logs:read", which none of its capabilities needs (it needs code:read)',
        severity: "error",
      },
      { ruleId: RULE, line: 6, column: 42, message: 'role "localizer" holds production write scope "*:*" but lacks the deploy capability' },
      { ruleId: RULE, line: 10, column: 20, message: 'role "captain" holds production write scope "production:rollback" but lacks the deploy capability' },
      {
        ruleId: RULE,
        line: 10,
        column: 41,
        message: 'role "captain" holds scope "production:read", which none of its capabilities needs (it needs production:rollback)',
      },
    ]);
  });

  it("lets a deploying role hold production:deploy but not a wildcard (JSON)", () => {
    const text = `{
  "mission": { "id": "m", "title": "M", "system": "S" },
  "roles": [
    { "id": "rc", "responsibility": "Ships.", "capabilities": ["deploy"], "access_scope": ["production:deploy", "production:*"] }
  ]
}
`;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/r.json": text });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, file: "missions/r.json", line: 4, column: 113, message: 'role "rc" holds scope "production:*", which none of its capabilities needs (it needs production:deploy)' },
    ]);
  });

  it("treats a role without known capabilities as needing nothing", () => {
    const text = mission(`  - { id: idle, responsibility: Waits., capabilities: [teleport], access_scope: [code:read] }\n`);
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/r.yaml": text });
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, line: 3, column: 82, message: 'role "idle" holds scope "code:read", which none of its capabilities needs (it needs no scope)' },
    ]);
  });
});
