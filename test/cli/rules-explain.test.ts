import { describe, expect, it } from "vitest";
import { formatRuleTable, listRules } from "../../cli/commands/rules.js";
import { runCli } from "../../cli/run-cli.js";
import { ALL_RULES } from "../../rules/index.js";

/** Runs the CLI in-process with captured streams. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe("spec-kit rules", () => {
  it("lists every rule with its default severity and doc, in id order", async () => {
    const result = await run(["rules"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+DEFAULT\s+DESCRIPTION$/);
    expect(lines).toHaveLength(ALL_RULES.length + 1);
    const leastPrivilege = lines.find((line) => line.startsWith("roles/least-privilege "));
    expect(leastPrivilege).toMatch(/^roles\/least-privilege\s+error\s+A role's access_scope grants more than its capabilities need/);
    expect(lines.find((line) => line.startsWith("invariant/untraced "))).toMatch(/\swarning\s/);
    const ids = lines.slice(1).map((line) => line.split(/\s+/)[0]);
    expect(ids).toEqual([...ids].sort());
  });

  it("prints JSON with --format json", async () => {
    const result = await run(["rules", "--format", "json"]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { rules: { id: string; defaultSeverity: string; doc: string }[] };
    expect(parsed.rules.map((r) => r.id)).toEqual(listRules().map((r) => r.id));
    expect(parsed.rules).toContainEqual({
      id: "mission/orphan-contract",
      defaultSeverity: "warning",
      doc: "A data contract has no producer or no consumer.",
    });
  });

  it("aligns the table on the longest id", () => {
    const table = formatRuleTable([
      { id: "a/b", defaultSeverity: "error", doc: "One." },
      { id: "long/name", defaultSeverity: "warning", doc: "Two." },
    ]);
    expect(table).toBe("ID         DEFAULT  DESCRIPTION\na/b        error    One.\nlong/name  warning  Two.\n");
  });

  it("refuses an unknown format with exit 2", async () => {
    const result = await run(["rules", "--format", "sarif"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^spec-kit: /);
  });
});

describe("spec-kit explain", () => {
  it("prints the doc, the details and both examples with the failing one's diagnostics", async () => {
    const result = await run(["explain", "roles/least-privilege"]);
    expect(result.code).toBe(0);
    const text = result.stdout;
    expect(text.startsWith("roles/least-privilege (default: error)\n\nA role's access_scope grants more")).toBe(true);
    expect(text).toContain("  write-branch      -> branch:write\n");
    expect(text).toContain("Failing example: The planner may write to production.\n");
    expect(text).toContain(
      '    missions/roles.yaml:6:49  error  role "planner" holds production write scope "production:write" but lacks the deploy capability  roles/least-privilege\n',
    );
    const passing = text.slice(text.indexOf("Passing example:"));
    expect(passing).toContain("  gives no diagnostics\n");
    expect(text.indexOf("Failing example:")).toBeLessThan(text.indexOf("Passing example:"));
  });

  it("prints the explanation as JSON, the failing example's diagnostics included", async () => {
    const result = await run(["explain", "invariant/untraced", "--format", "json"]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.id).toBe("invariant/untraced");
    expect(parsed.details).toMatch(/significant word stem/);
    expect(parsed.examples.failing.diagnostics).toEqual([
      expect.objectContaining({ ruleId: "invariant/untraced", file: "phases/P1.yaml", line: 4, column: 5, severity: "warning" }),
    ]);
    expect(parsed.examples.passing.diagnostics).toEqual([]);
  });

  it("explains every shipped rule without failing", async () => {
    for (const rule of ALL_RULES) {
      const result = await run(["explain", rule.id]);
      expect(result.code, rule.id).toBe(0);
      expect(result.stdout.startsWith(`${rule.id} (default: ${rule.defaultSeverity})\n`)).toBe(true);
    }
  });

  it("refuses an unknown rule with exit 2 and one line naming the area's rules", async () => {
    const result = await run(["explain", "roles/nope"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'spec-kit: unknown rule "roles/nope"; rules in roles: roles/human-approval, roles/least-privilege, roles/separation-of-duties\n',
    );
    const other = await run(["explain", "nothing"]);
    expect(other.stderr).toBe('spec-kit: unknown rule "nothing"; run "spec-kit rules" to list them\n');
    const policy = await run(["explain", "policy/spec_kit/roles/deny"]);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toMatch(/^spec-kit: unknown rule "policy\/spec_kit\/roles\/deny"; it has the shape of a policy's rule id/);
  });

  it("shows a policy rule's binary example file by its size, and as base64 in json", async () => {
    const text = await run(["explain", "policy/eval"]);
    expect(text.stdout).toContain("  policies/example.wasm\n    (binary, 600 bytes)\n");
    expect(text.stdout).toMatch(/spec-kit\.yaml:5:19 {2}error {2}policy policies\/example\.wasm: example\/deny failed: trapped \(unreachable\) {2}policy\/eval/);
    const json = JSON.parse((await run(["explain", "policy/eval", "--format", "json"])).stdout);
    expect(json.examples.failing.files["policies/example.wasm"]).toEqual({ bytes: 600, base64: expect.stringMatching(/^AGFzbQEAAAA/) });
  });
});
