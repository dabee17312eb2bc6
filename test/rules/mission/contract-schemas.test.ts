import { readFileSync, readdirSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";

const SCHEMA_DIR = new URL("../../../schemas/", import.meta.url);
const CONTRACTS = [
  "mission-prompt",
  "artifact-evidence",
  "validation-report",
  "agent-lifecycle-event",
  "trajectory",
  "evidence-bundle",
  "mission",
];

function validatorFor(name: string) {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const schema = JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), "utf8")) as Record<string, unknown>;
  return { schema, validate: ajv.compile(schema) };
}

const UUID = "5f0c8c4e-8a6b-4f7e-9b61-2f0d3c1e9a10";
const DIGEST = `sha256:${"ab".repeat(32)}`;

const SAMPLES: Record<string, { valid: unknown; invalid: unknown[] }> = {
  "mission-prompt": {
    valid: { id: UUID, objective: "Ship P7", priority: "P0", originatingSpec: "https://spec-kit.dev/specs/p7", createdAt: "2026-01-02T03:04:05Z" },
    invalid: [
      { id: "not-a-uuid", objective: "x", priority: "P0", originatingSpec: "https://a.b", createdAt: "2026-01-02T03:04:05Z" },
      { id: UUID, objective: "x", priority: "P3", originatingSpec: "https://a.b", createdAt: "2026-01-02T03:04:05Z" },
      { id: UUID, objective: "x", priority: "P1", originatingSpec: "https://a.b", createdAt: "yesterday" },
    ],
  },
  "artifact-evidence": {
    valid: { artifactId: UUID, missionId: UUID, type: "code", uri: "s3://agentnexus-evidence/a", checksum: DIGEST, reviewer: "qa" },
    invalid: [{ artifactId: UUID, missionId: UUID, type: "binary", uri: "s3://x/a", checksum: "c", reviewer: "r" }],
  },
  "validation-report": {
    valid: { reportId: UUID, artifactId: UUID, suite: "unit", result: "pass", coverage: 0.93, generatedAt: "2026-01-02T03:04:05Z" },
    invalid: [{ reportId: UUID, artifactId: UUID, suite: "unit", result: "ok", coverage: "high", generatedAt: "2026-01-02T03:04:05Z" }],
  },
  "agent-lifecycle-event": {
    valid: { agentId: "implementer-v4", lifecycle: "escalated", capabilityProfile: "writer", energyBudget: 100 },
    invalid: [{ agentId: "a", lifecycle: "paused", capabilityProfile: "p", energyBudget: 1 }],
  },
  trajectory: {
    valid: {
      trace_id: UUID,
      agent_id: "implementer-v4",
      task_id: "issue-123",
      steps: [{ step_id: 1, action: "tool_call", tool: "grep", args: { pattern: "error_handler" }, output_hash: DIGEST }],
      outcome: "patch_generated",
    },
    invalid: [
      { trace_id: UUID, agent_id: "a", task_id: "t", steps: [{ step_id: 1, action: "tool_call" }], outcome: "o" },
      { trace_id: UUID, agent_id: "a", task_id: "t", steps: [{ step_id: 0, action: "think", output_hash: "sha256:..." }], outcome: "o" },
    ],
  },
  "evidence-bundle": {
    valid: {
      bundle_id: "ev-2025-10-14-xyz",
      governance_gate: "Gen4-Compile",
      artifacts: {
        source_diff: DIGEST,
        verification_report: { execution_tests: "pass (145/145)", static_checks: "pass (22/22)", policy_eval: "pass" },
        reproducibility: { container_hash: DIGEST, input_snapshot: DIGEST },
      },
      attestation: "intoto-provenance-v1",
    },
    invalid: [
      {
        bundle_id: "ev",
        governance_gate: "g",
        artifacts: {
          source_diff: DIGEST,
          verification_report: { execution_tests: "mostly", static_checks: "pass", policy_eval: "pass" },
          reproducibility: { container_hash: DIGEST, input_snapshot: DIGEST },
        },
        attestation: "a",
      },
    ],
  },
  mission: {
    valid: { mission: { id: "m", title: "M", system: "S" }, contracts: [{ name: "C", schema: { $ref: "https://spec-kit.dev/schemas/trajectory.schema.json" }, producers: [], consumers: [] }] },
    invalid: [
      { mission: { id: "m", title: "M", system: "S" }, contracts: [{ name: "C", schema: { $ref: "https://elsewhere/x.json" }, producers: [], consumers: [] }] },
      { mission: { id: "m", title: "M", system: "S" }, roles: [{ id: "r", responsibility: "x", capabilities: ["fly"], access_scope: [] }] },
      { mission: { id: "m", title: "M", system: "S" }, suppressions: [{ rule: "roles/least-privilege", reason: "short" }] },
    ],
  },
};

describe("contract and mission schemas", () => {
  it("each is draft 2020-12 with an $id under spec-kit.dev and a title", () => {
    const present = readdirSync(SCHEMA_DIR);
    for (const file of CONTRACTS.map((name) => `${name}.schema.json`)) {
      expect(present, file).toContain(file);
      const schema = JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), "utf8")) as Record<string, unknown>;
      expect(schema.$schema, file).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id, file).toBe(`https://spec-kit.dev/schemas/${file}`);
      expect(typeof schema.title, file).toBe("string");
    }
  });

  for (const name of CONTRACTS) {
    it(`${name} accepts a sample and refuses wrong formats, enums and shapes`, () => {
      const { validate } = validatorFor(name);
      const sample = SAMPLES[name]!;
      expect(validate(sample.valid), JSON.stringify(validate.errors)).toBe(true);
      for (const bad of sample.invalid) expect(validate(bad), JSON.stringify(bad)).toBe(false);
    });
  }
});
