import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { KeyObject } from "node:crypto";
import { envelopeWraps, signedEnvelope } from "../../compiler/evidence/build-evidence.js";
import { artifactEvidence, EPOCH_TIME, validationReports, type SuiteOutcome } from "../../compiler/evidence/contracts.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { evidenceBundleOf } from "../../compiler/evidence/evidence-bundle.js";
import {
  ARTIFACT_EVIDENCE_PATH,
  DSSE_PATH,
  EVIDENCE_BUNDLE_PATH,
  EVIDENCE_DIR,
  LEDGER_PATH,
  MANIFEST_PATH,
  REJECTION_REPORT_PATH,
  VALIDATION_REPORTS_PATH,
} from "../../compiler/evidence/paths.js";
import { prettyJson } from "../../compiler/evidence/pretty-json.js";
import { rejectionReport } from "../../compiler/evidence/rejection-report.js";
import { buildStatement, serializeStatement, type VerifierTallies } from "../../compiler/evidence/statement.js";
import { formatTally, NOT_RUN, type VerifierTally } from "../../compiler/evidence/verification-summary.js";
import { CliError } from "../cli-error.js";
import { describeKind, openFolder, type ContainedFolder } from "../contained-folder.js";
import { withOutputLock } from "../output-lock.js";
import type { OutputStream } from "../cli-io.js";
import { check } from "../public-api.js";
import { checkVerifier } from "./check-verifier.js";
import { bundleFiles, bundleInputDigest } from "./input-files.js";
import { ed25519Signer } from "./keys.js";
import { appendLedger, readLedger } from "./ledger-file.js";
import { lintVerifier } from "./lint-verifier.js";
import { readOutputTree } from "./output-tree.js";
import { replayVerifier } from "./replay-verifier.js";
import { sourceDateTime } from "./source-date.js";
import { testVerifier } from "./test-verifier.js";
import { readToolchain } from "./toolchain.js";
import type { CliRunner, Verifier, VerifierOutcome, VerifierSlot } from "./verifier.js";
import { writeEvidenceFiles } from "./write-evidence.js";

/**
 * The Compile phase's verifiers in the order they run: the policy checks first (cheap, and a
 * defect in the spec is then named by its rule rather than by a failed replay), then the
 * replay, the generated suites and lint.
 */
export const COMPILE_VERIFIERS: readonly Verifier[] = [checkVerifier, replayVerifier, testVerifier, lintVerifier];

/** What a `verify` run needs. */
export interface CompileOptions {
  bundleDir: string;
  outDir: string;
  /** An Ed25519 private key: the statement is then also written as a signed DSSE envelope. */
  signKey?: KeyObject;
  env: Readonly<Record<string, string | undefined>>;
  cli: CliRunner;
  /** Progress lines go here. */
  progress: OutputStream;
  verifiers?: readonly Verifier[];
  /** Seconds to wait while another run holds the output folder's lock. */
  lockWaitSeconds?: number;
}

/** How a `verify` run ended. */
export interface CompileResult {
  accepted: boolean;
  /** The bundle id when accepted, the failing verifier when rejected. */
  verdict: string;
  /** The new ledger head. */
  ledgerHead: string;
}

function requireFolder(dir: string, what: string): void {
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new CliError(`${dir}: no such folder (${what})`);
}

/**
 * Gen-4's Compile phase over a committed output: runs each verifier (stopping at the first
 * that fails), prints one progress line per verifier, then writes the evidence (statement,
 * optional DSSE envelope, ValidationReports, ArtifactEvidence) or a Rejection Report into
 * DIR/evidence, and appends one record to the ledger either way.
 */
export async function runCompile(options: CompileOptions): Promise<CompileResult> {
  requireFolder(options.bundleDir, "the bundle");
  const folder = openFolder(options.outDir, { label: options.outDir });
  if (!folder) throw new CliError(`${options.outDir}: no such folder (the output to verify; run "spec-kit apply" first)`);
  const evidenceKind = folder.kind(EVIDENCE_DIR);
  if (evidenceKind !== undefined && evidenceKind !== "folder") {
    throw new CliError(`refusing ${folder.show(EVIDENCE_DIR)}: it is ${describeKind(evidenceKind)}; verify writes evidence only into a real folder inside ${options.outDir} (remove it)`);
  }
  return withOutputLock(resolve(options.outDir), "spec-kit verify", options.lockWaitSeconds, () => compileLocked(options, folder));
}

async function compileLocked(options: CompileOptions, folder: ContainedFolder): Promise<CompileResult> {
  const time = sourceDateTime(options.env);
  const ledger = readLedger(folder);
  if (!ledger.ok) throw new CliError(`${folder.show(LEDGER_PATH)}:${ledger.line}: the ledger is broken (record ${ledger.reason}); run "spec-kit evidence log"`);
  const bundle = check(options.bundleDir).bundle;
  const inputDigest = bundleInputDigest(options.bundleDir, bundle);
  const inputFiles = bundle ? bundleFiles(bundle) : [];
  const scratchDir = mkdtempSync(join(tmpdir(), "spec-kit-verify-"));
  const outcomes: { verifier: Verifier; outcome: VerifierOutcome }[] = [];
  let failed: { verifier: Verifier; outcome: VerifierOutcome } | undefined;
  try {
    for (const verifier of options.verifiers ?? COMPILE_VERIFIERS) {
      const outcome = await verifier.run({ bundleDir: options.bundleDir, inputFiles, outDir: options.outDir, scratchDir, env: options.env, cli: options.cli });
      options.progress.write(`verify: ${verifier.name} … ${outcome.ok ? (outcome.tally.run ? "ok" : "not run") : "FAILED"} (${outcome.summary})\n`);
      outcomes.push({ verifier, outcome });
      if (!outcome.ok) {
        failed = { verifier, outcome };
        break;
      }
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  const tallyOf = (slot: VerifierSlot): VerifierTally => outcomes.find((o) => o.verifier.slot === slot)?.outcome.tally ?? NOT_RUN;
  const tallies: VerifierTallies = { execution_tests: tallyOf("execution_tests"), static_checks: tallyOf("static_checks"), policy_eval: tallyOf("policy_eval") };
  const report = Object.fromEntries(Object.entries(tallies).map(([slot, tally]) => [slot, formatTally(tally)]));
  const signer = options.signKey ? ed25519Signer(options.signKey) : undefined;
  const ledgerBase = { kind: "verify" as const, recorded_at: new Date().toISOString(), input_digest: inputDigest, verification_report: report, node: process.version };

  if (failed) {
    const verdicts = (options.verifiers ?? COMPILE_VERIFIERS).map((v) => ({ verifier: v.name, result: formatTally(outcomes.find((o) => o.verifier === v)?.outcome.tally ?? NOT_RUN) }));
    const text = prettyJson(rejectionReport(inputDigest, failed.verifier.name, failed.outcome.diagnostics, verdicts, time));
    writeEvidenceFiles(folder, new Map([[REJECTION_REPORT_PATH, text]]), [VALIDATION_REPORTS_PATH, ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH]);
    const head = appendLedger(folder, { ...ledgerBase, result: "rejected", rejected_by: failed.verifier.name, evidence: { [REJECTION_REPORT_PATH]: sha256Hex(text) } }, signer);
    return { accepted: false, verdict: failed.verifier.name, ledgerHead: head };
  }

  const tree = readOutputTree(folder);
  if (tree.refused.length > 0) throw new CliError(`cannot attest ${options.outDir}: ${tree.refused[0]}`);
  const statement = buildStatement({ files: tree.files, inputDigest, toolchain: readToolchain(), tallies, replay: tallyOf("replay"), ...(time === undefined ? {} : { time }) });
  const manifest = serializeStatement(statement);
  const bundleId = statement.predicate.bundle_id;
  const artifacts = artifactEvidence(statement.subject, sha256Hex(manifest), bundleId, inputDigest);
  const suites: SuiteOutcome[] = outcomes.flatMap((o) => o.outcome.suites);
  const files = new Map<string, string>([
    [MANIFEST_PATH, manifest],
    [ARTIFACT_EVIDENCE_PATH, prettyJson(artifacts)],
    [VALIDATION_REPORTS_PATH, prettyJson(validationReports(suites, artifacts, bundleId, time ?? EPOCH_TIME))],
  ]);
  const gen4 = evidenceBundleOf(statement);
  // An envelope around another statement no longer holds: replace it when signing, else remove it.
  const stale: string[] = [REJECTION_REPORT_PATH];
  if (gen4) files.set(EVIDENCE_BUNDLE_PATH, prettyJson(gen4));
  else stale.push(EVIDENCE_BUNDLE_PATH);
  if (signer) files.set(DSSE_PATH, signedEnvelope(manifest, signer));
  else if (!envelopeWraps(folder.readFile(DSSE_PATH)?.toString("utf8") ?? "", manifest)) stale.push(DSSE_PATH);
  writeEvidenceFiles(folder, files, stale);
  const evidence = Object.fromEntries([...files].map(([path, text]) => [path, sha256Hex(text)]));
  const head = appendLedger(folder, { ...ledgerBase, result: "accepted", bundle_id: bundleId, evidence }, signer);
  return { accepted: true, verdict: bundleId, ledgerHead: head };
}
