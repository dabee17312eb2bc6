import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCompile } from "../../cli/evidence/compile.js";
import { testVerifier } from "../../cli/evidence/test-verifier.js";
import { checkLedger } from "../../compiler/evidence/ledger.js";
import { ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH, LEDGER_PATH, MANIFEST_PATH, REJECTION_REPORT_PATH, VALIDATION_REPORTS_PATH } from "../../compiler/evidence/paths.js";
import { INDEX_FILE, isUpToDate, planOutput, writeOutput } from "../../cli/output-writer.js";
import { applyFiles, schemaValidator, cleanup, copySpecs, fakeCli, recordingIo, scratch, testApply } from "./helpers.js";

const EPOCH = { SOURCE_DATE_EPOCH: "1700000000" };
let root: string;
let bundle: string;
let out: string;

async function verify(env: Record<string, string | undefined> = EPOCH) {
  const progress = recordingIo();
  const result = await runCompile({ bundleDir: bundle, outDir: out, env, cli: fakeCli(testApply(out, env)), progress: progress.stdout });
  return { ...result, progress: progress.out };
}

beforeAll(async () => {
  root = scratch("verify");
  bundle = copySpecs(join(root, "bundle"));
  out = join(root, "out");
  expect(await testApply(out, EPOCH)(bundle, out)).toBe(0);
});
afterAll(() => cleanup(root));

describe("spec-kit verify on a copy of specs/", () => {
  let first: Awaited<ReturnType<typeof verify>>;
  let manifest: string;

  beforeAll(async () => {
    first = await verify();
    manifest = readFileSync(join(out, MANIFEST_PATH), "utf8");
  }, 300_000);

  it("accepts, printing one progress line per verifier", () => {
    expect(first.accepted).toBe(true);
    expect(first.progress.split("\n").map((line) => line.split(" … ")[0])).toEqual(["verify: check", "verify: policies", "verify: replay", "verify: tests", "verify: lint", ""]);
    expect(first.progress).toMatch(/^verify: policies … not run \(not configured\)$/m);
    expect(first.progress).toMatch(/^verify: replay … ok \(\d+\/\d+ files identical\)$/m);
    expect(first.progress).toMatch(/^verify: check … ok /m);
    expect(first.progress).toMatch(/^verify: tests … ok \(\d+\/\d+ tests passed\)$/m);
    expect(first.progress).toMatch(/^verify: lint … not run \(skipped \(no lint command\)\)$/m);
  });

  it("records the real counts in the statement", () => {
    const statement = JSON.parse(manifest);
    expect(statement.predicate.bundle_id).toBe(first.verdict);
    expect(statement.predicate.verification_report.execution_tests).toMatch(/^pass \((\d+)\/\1\)$/);
    // spec-kit's own rules are static checks; policy_eval is the OPA policies', and specs/ configures none.
    expect(statement.predicate.verification_report.static_checks).toMatch(/^pass \((\d+)\/\1\)$/);
    expect(statement.predicate.verification_report.policy_eval).toBe("not configured");
    expect(statement.predicate.reproducibility.replay).toMatch(/^pass \((\d+)\/\1\)$/);
    expect(statement.predicate.timestamp).toBe("2023-11-14T22:13:20Z");
  });

  it("gives the same evidence bytes when run again", async () => {
    const reports = readFileSync(join(out, VALIDATION_REPORTS_PATH), "utf8");
    const artifacts = readFileSync(join(out, ARTIFACT_EVIDENCE_PATH), "utf8");
    const second = await verify();
    expect(second.accepted).toBe(true);
    expect(readFileSync(join(out, MANIFEST_PATH), "utf8")).toBe(manifest);
    expect(readFileSync(join(out, VALIDATION_REPORTS_PATH), "utf8")).toBe(reports);
    expect(readFileSync(join(out, ARTIFACT_EVIDENCE_PATH), "utf8")).toBe(artifacts);
  }, 300_000);

  it("writes ValidationReports and ArtifactEvidence valid against schemas/ and linked by id", () => {
    const validateReport = schemaValidator("validation-report");
    const validateArtifact = schemaValidator("artifact-evidence");
    const reports = JSON.parse(readFileSync(join(out, VALIDATION_REPORTS_PATH), "utf8")) as Record<string, unknown>[];
    const artifacts = JSON.parse(readFileSync(join(out, ARTIFACT_EVIDENCE_PATH), "utf8")) as Record<string, unknown>[];
    for (const report of reports) expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    for (const artifact of artifacts) expect(validateArtifact(artifact), JSON.stringify(validateArtifact.errors)).toBe(true);
    const ids = new Set(artifacts.map((a) => a.artifactId));
    expect(reports.every((r) => ids.has(r.artifactId))).toBe(true);
    expect(new Set(reports.map((r) => r.reportId)).size).toBe(reports.length);
    expect(reports.map((r) => r.suite)).toEqual(expect.arrayContaining(["replay", "check", "vitest:tests/P1.test.ts"]));
    expect(artifacts.find((a) => String(a.uri).endsWith(":gates/P1.ts"))?.type).toBe("code");
  });

  it("writes the Gen-4 Evidence Bundle, valid against its schema, with policy_eval `not configured` (specs/ configures no policy)", () => {
    const bundleDoc = JSON.parse(readFileSync(join(out, EVIDENCE_BUNDLE_PATH), "utf8")) as { artifacts: { verification_report: Record<string, string> } };
    const validateBundle = schemaValidator("evidence-bundle");
    expect(validateBundle(bundleDoc), JSON.stringify(validateBundle.errors)).toBe(true);
    expect(bundleDoc.artifacts.verification_report.policy_eval).toBe("not configured");
  });

  it("appends one ledger record per run, chained", () => {
    const ledger = checkLedger(readFileSync(join(out, LEDGER_PATH), "utf8"));
    expect(ledger.ok && ledger.records.map((r) => r.payload.result)).toEqual(["accepted", "accepted"]);
  });
});

describe("apply after verify", () => {
  it("keeps the ledger and verify's reports (not its files), and shows no drift", async () => {
    const ledger = readFileSync(join(out, LEDGER_PATH), "utf8");
    const manifest = readFileSync(join(out, MANIFEST_PATH), "utf8");
    const files = (await applyFiles(bundle, out, out, EPOCH))!;
    expect(isUpToDate(planOutput(out, files))).toBe(true);
    writeOutput(out, files);
    expect(readFileSync(join(out, LEDGER_PATH), "utf8")).toBe(ledger);
    expect(readFileSync(join(out, MANIFEST_PATH), "utf8")).toBe(manifest);
    expect(existsSync(join(out, VALIDATION_REPORTS_PATH))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, INDEX_FILE), "utf8")).files).not.toContain(LEDGER_PATH);
  });

  it("replaces the verified statement once the input changes, still keeping the ledger", async () => {
    const phase = join(bundle, "phases", "P1.yaml");
    const original = readFileSync(phase, "utf8");
    writeFileSync(phase, `${original}\n# edited\n`);
    try {
      const files = (await applyFiles(bundle, out, out, EPOCH))!;
      const plan = planOutput(out, files);
      expect(plan.changed).toEqual([MANIFEST_PATH]);
      expect(plan.removed).toEqual([]);
      expect(String(files.find((f) => f.path === MANIFEST_PATH)!.content)).toContain('"execution_tests": "not run"');
    } finally {
      writeFileSync(phase, original);
    }
  });
});

describe("spec-kit verify on a copy with a seeded defect", () => {
  it("rejects a hand-edited generated file: Rejection Report naming replay and the file, exit 1", async () => {
    const gate = join(out, "gates", "P1.ts");
    const original = readFileSync(gate, "utf8");
    writeFileSync(gate, original.replace("createGate", "createGate /* edited */"));
    try {
      const result = await verify();
      expect(result.accepted).toBe(false);
      expect(result.progress).toMatch(/^verify: replay … FAILED \(1 of \d+ files differ from a clean apply\)$/m);
      const report = JSON.parse(readFileSync(join(out, REJECTION_REPORT_PATH), "utf8"));
      expect(report.rejected_by).toBe("replay");
      expect(report.diagnostics).toEqual(["changed: gates/P1.ts"]);
      expect(existsSync(join(out, VALIDATION_REPORTS_PATH))).toBe(false);
    } finally {
      writeFileSync(gate, original);
    }
  }, 300_000);

  it("rejects a spec defect by the rule that catches it, before replaying", async () => {
    const phase = join(bundle, "phases", "P1.yaml");
    const original = readFileSync(phase, "utf8");
    writeFileSync(phase, original.replace(/completion: [0-9.]+/, "completion: 7"));
    try {
      const result = await verify();
      expect([result.accepted, result.verdict]).toEqual([false, "check"]);
      expect(result.progress).toMatch(/^verify: check … FAILED \(\d+ error\(s\)\)$/m);
      expect(result.progress).not.toContain("verify: replay");
      const report = JSON.parse(readFileSync(join(out, REJECTION_REPORT_PATH), "utf8"));
      expect(report.diagnostics.join("\n")).toMatch(/^phases\/P1\.yaml:\d+:\d+ protocol\//m);
      expect(report.verifiers).toEqual([
        { verifier: "check", result: expect.stringMatching(/^fail \(\d+\/\d+\)$/) },
        { verifier: "policies", result: "not run" },
        { verifier: "replay", result: "not run" },
        { verifier: "tests", result: "not run" },
        { verifier: "lint", result: "not run" },
      ]);
    } finally {
      writeFileSync(phase, original);
    }
  }, 300_000);

  it("rejects a failing generated test, naming it (the tests verifier alone)", async () => {
    const copy = join(root, "defect-tests");
    cpSync(out, copy, { recursive: true });
    const suite = join(copy, "tests", "P2.test.ts");
    writeFileSync(suite, `${readFileSync(suite, "utf8")}\nimport { it as seeded, expect as expectSeeded } from "vitest";\nseeded("seeded defect", () => expectSeeded(1).toBe(2));\n`);
    const scratchDir = mkdtempSync(join(root, "scratch-"));
    const outcome = await testVerifier.run({ bundleDir: bundle, outDir: copy, inputFiles: [], scratchDir, env: EPOCH, cli: fakeCli(() => 1) });
    expect(outcome.ok).toBe(false);
    expect(outcome.tally.run && outcome.tally.total - outcome.tally.passed).toBe(1);
    expect(outcome.diagnostics).toEqual([expect.stringMatching(/^tests\/P2\.test\.ts › seeded defect: .*expected 1 to be 2/)]);
    expect(outcome.suites.find((s) => s.suite === "vitest:tests/P2.test.ts")).toMatchObject({ artifact: "gates/P2.ts", passed: false });
  }, 300_000);
});
