import { describe, expect, it } from "vitest";
import { applySuppressions, parseDottedPath } from "../compiler/check/suppressions.js";
import type { Finding } from "../compiler/diagnostics.js";
import { checkFiles, expectDiagnostics, only, validateTexts } from "./helpers/rule-tester.js";
import { MANIFEST_YAML, VALID_YAML, replaceOnce, toJson, validPhase } from "./validate/phase-fixture.js";

const UNTRACED = "invariant/untraced";
const UNUSED = "suppression/unused";

/** The valid fixture (whose invariant 2 is untraced) with suppressions under phase_meta. */
function withSuppressions(lines: string): string {
  return replaceOnce(VALID_YAML, "  owner: autoloop-core\n", `  owner: autoloop-core\n  suppressions:\n${lines}`);
}

describe("parseDottedPath", () => {
  it("reads keys, indices and quoted keys", () => {
    expect(parseDottedPath("module_scope.write_modules[0]")).toEqual(["module_scope", "write_modules", 0]);
    expect(parseDottedPath("invariants[1]")).toEqual(["invariants", 1]);
    expect(parseDottedPath('x["odd key"].y')).toEqual(["x", "odd key", "y"]);
    expect(parseDottedPath("roles")).toEqual(["roles"]);
  });

  it("refuses malformed paths", () => {
    for (const bad of ["", "a..b", "a[", "a[x]", ".a", "a.", "a[0]b"]) expect(parseDottedPath(bad), bad).toBeUndefined();
  });
});

describe("phase suppressions", () => {
  it("drops the finding of the rule at the path, and reports nothing else", () => {
    const text = withSuppressions("    - rule: invariant/untraced\n      path: invariants[1]\n      reason: Covered by the event store's own tests.\n");
    const result = checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.yaml": text });
    expect(only(result, UNTRACED)).toEqual([]);
    expect(only(result, UNUSED)).toEqual([]);
  });

  it("keeps findings outside the path and reports the suppression as unused, at the suppression", () => {
    const text = withSuppressions("    - rule: invariant/untraced\n      path: invariants[0]\n      reason: Covered by the event store's own tests.\n");
    const result = checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.yaml": text });
    expectDiagnostics(result, UNTRACED, [{ ruleId: UNTRACED, file: "phases/P7.yaml", line: 16, column: 5 }]);
    expectDiagnostics(result, UNUSED, [
      {
        ruleId: UNUSED,
        file: "phases/P7.yaml",
        line: 8,
        column: 7,
        message: "suppression of invariant/untraced at invariants[0] matches no diagnostic; remove it",
        severity: "warning",
      },
    ]);
  });

  it("without a path, drops every finding of the rule in that file only", () => {
    const phase = validPhase();
    phase.invariants.push("Checkpoints survive restarts.");
    phase.phase_meta.suppressions = [{ rule: UNTRACED, reason: "Tracing lands with the P8 test plan." }];
    const other = validPhase();
    other.phase_meta.phase_id = "P8";
    const result = checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.json": toJson(phase), "phases/P8.json": toJson(other) });
    expect(only(result, UNTRACED).map((d) => `${d.file}:${d.line}`)).toEqual(["phases/P8.json:15"]);
    expect(only(result, UNUSED)).toEqual([]);
  });

  it("ignores a suppression without a long enough reason", () => {
    const text = withSuppressions("    - { rule: invariant/untraced, reason: later }\n");
    const result = checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.yaml": text });
    expect(only(result, UNTRACED)).toHaveLength(1);
    expect(only(result, UNUSED)).toEqual([]);
  });

  it("reports a malformed path and suppresses nothing with it", () => {
    const text = withSuppressions('    - { rule: invariant/untraced, path: "invariants[", reason: Covered by the event store. }\n');
    const result = checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.yaml": text });
    expect(only(result, UNTRACED)).toHaveLength(1);
    expectDiagnostics(result, UNUSED, [
      {
        ruleId: UNUSED,
        line: 8,
        column: 7,
        message: 'suppression of invariant/untraced has path "invariants[", which is not a dotted path such as module_scope.write_modules[0]',
      },
    ]);
  });

  it("honours the manifest's severity for suppression/unused", () => {
    const text = withSuppressions("    - { rule: graph/no-cycle, reason: Kept while the graph is reworked. }\n");
    const manifest = `${MANIFEST_YAML}rules: { suppression/unused: off }\n`;
    expect(only(checkFiles({ "spec-kit.yaml": manifest, "phases/P7.yaml": text }), UNUSED)).toEqual([]);
    expect(only(checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "phases/P7.yaml": text }), UNUSED)).toHaveLength(1);
  });
});

describe("mission suppressions", () => {
  const mission = (suppression: string) => `mission: { id: m, title: M, system: S }
roles:
  - { id: localizer, responsibility: Finds issues., capabilities: [read-code], access_scope: [code:read, logs:read] }
suppressions:
${suppression}`;

  it("drops a mission finding at or below the path", () => {
    const text = mission('  - { rule: roles/least-privilege, path: "roles[0]", reason: Log access ends in Q3. }\n');
    const result = checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "missions/m.yaml": text });
    expect(result.diagnostics).toEqual([]);
  });

  it("reports an unused mission suppression (JSON)", () => {
    const text = `{
  "mission": { "id": "m", "title": "M", "system": "S" },
  "suppressions": [
    { "rule": "roles/least-privilege", "reason": "Nothing to accept here." }
  ]
}
`;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST_YAML, "missions/m.json": text });
    expectDiagnostics(result, UNUSED, [
      { ruleId: UNUSED, file: "missions/m.json", line: 4, column: 5, message: "suppression of roles/least-privilege matches no diagnostic; remove it" },
    ]);
  });
});

describe("suppressions under validate", () => {
  const VAGUE = replaceOnce(VALID_YAML, "cross-tenant access success rate = 0%", "cross-tenant access is denied");

  it("drops the suppressed finding of a phase rule", () => {
    expect(only(validateTexts({ "phases/P7.yaml": VAGUE }), "protocol/measurable-acceptance")).toHaveLength(1);
    const text = replaceOnce(
      VAGUE,
      "  owner: autoloop-core\n",
      "  owner: autoloop-core\n  suppressions:\n    - { rule: protocol/measurable-acceptance, path: acceptance, reason: Rewritten with numbers in P8. }\n",
    );
    expect(only(validateTexts({ "phases/P7.yaml": text }), "protocol/measurable-acceptance")).toEqual([]);
  });

  it("does not call a suppression of a bundle rule unused, since bundle rules do not run", () => {
    const text = withSuppressions("    - { rule: invariant/untraced, reason: Covered by the event store. }\n");
    expect(only(validateTexts({ "phases/P7.yaml": text }), UNUSED)).toEqual([]);
  });
});

describe("applySuppressions", () => {
  it("passes findings through when there is no bundle", () => {
    const findings: Finding[] = [{ ruleId: "x/y", message: "m", file: "a.yaml" }];
    const out = applySuppressions(findings, undefined);
    expect(out).toEqual(findings);
    expect(out).not.toBe(findings);
  });

  it("gives the same diagnostics on every run", () => {
    const text = withSuppressions("    - { rule: graph/no-cycle, reason: Kept while the graph is reworked. }\n    - { rule: invariant/untraced, reason: Covered by the event store. }\n");
    const files = { "spec-kit.yaml": MANIFEST_YAML, "phases/P7.yaml": text };
    expect(checkFiles(files).diagnostics).toEqual(checkFiles(files).diagnostics);
  });
});
