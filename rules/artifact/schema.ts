import { defineDocumentRule } from "../../compiler/check/rule.js";
import { ISSUE_MESSAGE_ID } from "../../compiler/validate/schema-issues.js";

const TRAJECTORY = (stepId: string): string =>
  [
    "{",
    '  "$schema": "https://spec-kit.dev/schemas/trajectory.schema.json",',
    '  "trace_id": "5f0c8c4e-8a6b-4f7e-9b61-2f0d3c1e9a10",',
    '  "agent_id": "implementer-v4",',
    '  "task_id": "issue-123",',
    '  "steps": [',
    `    { "step_id": ${stepId}, "action": "tool_call", "tool": "grep", "args": { "pattern": "error_handler" }, "output_hash": "sha256:${"ab".repeat(32)}" }`,
    "  ],",
    '  "outcome": "patch_generated"',
    "}",
    "",
  ].join("\n");

/** artifact/schema: a Gen-4 trajectory or evidence bundle does not match its schema. */
export const artifactSchema = defineDocumentRule({
  id: "artifact/schema",
  scope: "document",
  defaultSeverity: "error",
  doc: "A trajectory or evidence bundle checked by validate must match schemas/trajectory.schema.json or schemas/evidence-bundle.schema.json.",
  details: [
    "`spec-kit validate` checks Gen-4 artifacts too (seed 000 §4): a Trajectory of an Explore run and an Evidence",
    "Bundle of the Compile phase. Their kind comes from --kind, their $schema, their file name (x.trajectory.json,",
    "x.evidence-bundle.json), their top-level keys or their folder (trajectories/, evidence-bundles/), so that such",
    "a file is never checked as a phase report. Every missing key, unknown key, wrong type or format is reported here.",
  ].join("\n"),
  messages: {
    // The validator words each issue from the schema (compiler/validate/schema-issues.ts).
    invalid: "{{message}}",
    missingKey: "{{message}}",
    unknownKey: "{{message}}",
  },
  examples: {
    failing: { description: "A trajectory step numbered 0 (steps count from 1).", files: { "trajectories/run.json": TRAJECTORY("0") } },
    passing: { description: "Seed 000's trajectory with its $schema.", files: { "trajectories/run.json": TRAJECTORY("1") } },
  },
  check({ document }, report) {
    if (document.kind !== "trajectory" && document.kind !== "evidence-bundle") return;
    for (const issue of document.schemaIssues) {
      report(ISSUE_MESSAGE_ID[issue.kind], { file: document.document.file, path: issue.path, on: issue.on }, { message: issue.message });
    }
  },
});

export default artifactSchema;
