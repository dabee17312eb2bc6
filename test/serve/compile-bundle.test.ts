import { describe, expect, it } from "vitest";
import { compileBundle, type BundleFile } from "../../cli/serve/compile-bundle.js";
import { REPO_ROOT } from "../cli/spawn-cli.js";
import { readTree, specsFiles } from "./helpers.js";
import { opaPolicyWasm } from "../policy/opa-wat.js";
import { join } from "node:path";

const encoder = new TextEncoder();

function asFiles(files: Record<string, string | Uint8Array>): BundleFile[] {
  return Object.entries(files).map(([path, content]) => ({ path, bytes: typeof content === "string" ? encoder.encode(content) : content }));
}

describe("compileBundle (the service's in-memory check and apply)", () => {
  it("checks the project's bundle in memory: the check JSON, the task graph, and a digest of the submitted files", async () => {
    const answer = await compileBundle({ files: asFiles(specsFiles()), apply: false }, { env: {} });
    expect(answer.report).toEqual({ diagnostics: [], summary: { errors: 0, warnings: 0, files: 16 } });
    expect(answer.graph).toMatchObject({ graphFormat: 1, bundle: "autoloop" });
    expect(answer.graph!.nodes.length).toBeGreaterThan(13);
    expect(answer.inputDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(answer.files).toBeUndefined();
  });

  it("applies in memory exactly what `spec-kit apply specs` wrote to generated/, evidence included", async () => {
    const answer = await compileBundle({ files: asFiles(specsFiles()), apply: true }, { env: {} });
    const onDisk = readTree(join(REPO_ROOT, "generated"));
    const served = Object.fromEntries(answer.files!.map((file) => [file.path, file.content]));
    expect(Object.keys(served).sort()).toEqual(Object.keys(onDisk).sort());
    for (const [path, content] of Object.entries(served)) expect(content, path).toBe(onDisk[path]);
    expect(answer.digests.artifacts!["evidence/manifest.json"]).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("generates nothing while an error stands, and reports it with its position", async () => {
    const files = specsFiles();
    files["phases/P1.yaml"] = files["phases/P1.yaml"]!.replace("completion: 1", "completion: 0.5");
    const answer = await compileBundle({ files: asFiles(files), apply: true }, { env: {} });
    expect(answer.report.summary.errors).toBeGreaterThan(0);
    expect(answer.report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: "protocol/status-consistency", file: "phases/P1.yaml" }));
    expect(answer.files).toBeUndefined();
  });

  it("generates nothing from a document that did not load, even when the manifest turns protocol/parse off", async () => {
    const files = specsFiles();
    files["spec-kit.yaml"] = `${files["spec-kit.yaml"]!}\nrules:\n  protocol/parse: off\n  graph/unknown-phase: off\n  graph/asymmetric-edge: off\n`;
    files["phases/P13.json"] = '{"phase_meta": {,,}';
    const answer = await compileBundle({ files: asFiles(files), apply: true }, { env: {} });
    expect(answer.report.summary.errors).toBe(0);
    expect(answer.files).toBeUndefined();
    expect(answer.notes).toEqual(["not generated: phases/P13.json: did not load (not well-formed JSON or YAML, unreadable or unsafe)"]);
  });

  it("hands bytes that are not UTF-8 to the loader as they are, which reports them", async () => {
    const files: Record<string, string | Uint8Array> = specsFiles();
    files["phases/P2.yaml"] = new Uint8Array([0x70, 0x68, 0x61, 0xff, 0xfe, 0x0a]);
    const answer = await compileBundle({ files: asFiles(files), apply: false }, { env: {} });
    expect(answer.report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: "protocol/parse", file: "phases/P2.yaml", message: expect.stringMatching(/not valid UTF-8/) }));
  });

  it("evaluates the policies a submitted bundle lists, as check does, and counts them in the evidence", async () => {
    const files: Record<string, string | Uint8Array> = specsFiles();
    files["spec-kit.yaml"] = `${files["spec-kit.yaml"]}\npolicies:\n  - path: policies/review.wasm\n`;
    files["policies/review.wasm"] = await opaPolicyWasm({ entrypoints: { "review/deny": { result: [{ msg: "P7 needs a reviewer", phase: "P7" }] }, "review/warn": "undefined" } });
    const denied = await compileBundle({ files: asFiles(files), apply: true }, { env: {} });
    expect(denied.report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: "policy/review/deny", file: "phases/P7.yaml", message: "P7 needs a reviewer" }));
    expect(denied.files).toBeUndefined();
    files["policies/review.wasm"] = await opaPolicyWasm({ entrypoints: { "review/deny": "undefined", "review/warn": "undefined" } });
    const passed = await compileBundle({ files: asFiles(files), apply: true }, { env: {} });
    const manifest = JSON.parse(passed.files!.find((file) => file.path === "evidence/manifest.json")!.content);
    expect(manifest.predicate.verification_report.policy_eval).toBe("pass (2/2)");
  });

  it("reports a bundle without a manifest as the CLI does, with no graph", async () => {
    const answer = await compileBundle({ files: asFiles({ "phases/P1.yaml": "a: 1\n" }), apply: true }, { env: {} });
    expect(answer.report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: "manifest/schema" }));
    expect(answer.graph).toBeNull();
    expect(answer.files).toBeUndefined();
  });
});
