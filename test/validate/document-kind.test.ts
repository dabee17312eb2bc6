import { describe, expect, it } from "vitest";
import { DOCUMENT_KINDS, detectDocumentKind } from "../../compiler/validate/document-kind.js";

const TRAJECTORY = { trace_id: "t", agent_id: "implementer-v4", task_id: "issue-123", steps: [], outcome: "patch_generated" };
const EVIDENCE = { bundle_id: "ev-1", governance_gate: "Gen4-Compile", artifacts: {}, attestation: "intoto-provenance-v1" };

describe("detectDocumentKind", () => {
  it("takes --kind over everything", () => {
    expect(detectDocumentKind("phases/P1.yaml", { phase_meta: {} }, "trajectory")).toEqual({ kind: "trajectory", by: "flag" });
  });

  it("reads $schema by $id or by schema file name", () => {
    expect(detectDocumentKind("x.json", { $schema: "https://spec-kit.dev/schemas/trajectory.schema.json" })).toEqual({ kind: "trajectory", by: "$schema" });
    expect(detectDocumentKind("phases/x.json", { $schema: "../schemas/evidence-bundle.schema.json" })).toEqual({ kind: "evidence-bundle", by: "$schema" });
    expect(detectDocumentKind("x.json", { $schema: "https://example.com/other.json", phase_meta: {} })).toEqual({ kind: "phase", by: "content" });
  });

  it("reads the file name: the manifest, and x.trajectory.json / x.evidence-bundle.yaml", () => {
    expect(detectDocumentKind("a/spec-kit.yml", undefined)).toEqual({ kind: "manifest", by: "file name" });
    expect(detectDocumentKind("runs/42.trajectory.json", {})).toEqual({ kind: "trajectory", by: "file name" });
    expect(detectDocumentKind("out\\ev.evidence-bundle.yaml", {})).toEqual({ kind: "evidence-bundle", by: "file name" });
  });

  it("reads the top-level keys only one kind has: a Gen-4 trajectory is no phase report", () => {
    expect(detectDocumentKind("phases/run.json", TRAJECTORY)).toEqual({ kind: "trajectory", by: "content" });
    expect(detectDocumentKind("x.json", EVIDENCE)).toEqual({ kind: "evidence-bundle", by: "content" });
    expect(detectDocumentKind("x.yaml", { mission: {} })).toEqual({ kind: "mission", by: "content" });
    expect(detectDocumentKind("x.yaml", { mission: {}, phase_meta: {} })).toEqual({ kind: "phase", by: "content" });
    expect(detectDocumentKind("x.json", { specKit: 1 })).toEqual({ kind: "manifest", by: "content" });
  });

  it("falls back on the folder, then on a phase report", () => {
    expect(detectDocumentKind("repo/trajectories/broken.json", { steps: "?" })).toEqual({ kind: "trajectory", by: "folder" });
    expect(detectDocumentKind("missions/empty.yaml", null)).toEqual({ kind: "mission", by: "folder" });
    expect(detectDocumentKind("notes.yaml", { anything: 1 })).toEqual({ kind: "phase", by: "default" });
    expect(DOCUMENT_KINDS).toEqual(["phase", "mission", "manifest", "trajectory", "evidence-bundle"]);
  });
});
