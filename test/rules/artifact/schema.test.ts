import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import rule from "../../../rules/artifact/schema.js";
import { checkFileMap } from "../../../cli/public-api.js";
import { expectDiagnostics, validateTexts } from "../../helpers/rule-tester.js";
import { CLI_TEST_TIMEOUT_MS, runCli } from "../../cli/spawn-cli.js";

const RULE = rule.id;
const UUID = "5f0c8c4e-8a6b-4f7e-9b61-2f0d3c1e9a10";
const DIGEST = `sha256:${"ab".repeat(32)}`;

const trajectory = (overrides: Record<string, unknown> = {}): string =>
  `${JSON.stringify(
    {
      trace_id: UUID,
      agent_id: "implementer-v4",
      task_id: "issue-123",
      steps: [{ step_id: 1, action: "tool_call", tool: "grep", args: { pattern: "error_handler" }, output_hash: DIGEST }],
      outcome: "patch_generated",
      ...overrides,
    },
    null,
    2,
  )}\n`;

const EVIDENCE_YAML = `bundle_id: ev-2025-10-14-xyz
governance_gate: Gen4-Compile
artifacts:
  source_diff: ${DIGEST}
  verification_report: {execution_tests: pass (145/145), static_checks: mostly, policy_eval: pass}
  reproducibility: {container_hash: ${DIGEST}, input_snapshot: ${DIGEST}}
attestation: intoto-provenance-v1
`;

const scratch = mkdtempSync(join(tmpdir(), "spec-kit-artifact-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe(RULE, () => {
  it("accepts seed 000's trajectory, found by its keys, by its $schema, and with the $schema key allowed", () => {
    expect(validateTexts({ "phases/run.json": trajectory() }).diagnostics).toEqual([]);
    expect(validateTexts({ "x.json": trajectory({ $schema: "https://spec-kit.dev/schemas/trajectory.schema.json" }) }).diagnostics).toEqual([]);
  });

  it("reports a trajectory's schema issues at the value, not as a phase report", () => {
    const text = trajectory({ trace_id: "not-a-uuid", steps: [{ step_id: 0, action: "tool_call", output_hash: "sha256:..." }] });
    const result = validateTexts({ "phases/run.json": text });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual([RULE, RULE, RULE, RULE]);
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, messageId: "invalid", file: "phases/run.json", line: 2, column: 15, message: /trace_id/ },
      { ruleId: RULE, messageId: "missingKey", line: 6, column: 5, message: /missing required key "tool" in steps\[0\]/ },
      { ruleId: RULE, line: 7, column: 18, message: /step_id/ },
      { ruleId: RULE, line: 9, column: 22, message: /output_hash/ },
    ]);
  });

  it("reports an evidence bundle in YAML found by its keys", () => {
    expectDiagnostics(validateTexts({ "evidence.yaml": EVIDENCE_YAML }), RULE, [{ ruleId: RULE, file: "evidence.yaml", line: 5, column: 73, message: /static_checks must match the pattern/ }]);
  });

  it(
    "validate --kind checks a file as the kind named, and refuses an unknown kind with exit 2",
    () => {
      const file = join(scratch, "run.json");
      writeFileSync(file, trajectory());
      expect(runCli(["validate", file]).code).toBe(0);
      const asPhase = runCli(["validate", file, "--kind", "phase", "--format", "json"]);
      expect(asPhase.code).toBe(1);
      expect((JSON.parse(asPhase.stdout) as { diagnostics: { ruleId: string }[] }).diagnostics.map((d) => d.ruleId)).toContain("protocol/required-keys");
      const asEvidence = runCli(["validate", file, "--kind", "evidence-bundle", "--format", "json"]);
      expect(asEvidence.code).toBe(1);
      expect(new Set((JSON.parse(asEvidence.stdout) as { diagnostics: { ruleId: string }[] }).diagnostics.map((d) => d.ruleId))).toEqual(new Set([RULE]));
      const bad = runCli(["validate", file, "--kind", "novel"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/Argument: kind, Given: "novel", Choices: "phase", "mission", "manifest", "trajectory", "evidence-bundle"/);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFileMap(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([RULE]);
    expect(checkFileMap(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
