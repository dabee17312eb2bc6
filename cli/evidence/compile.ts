import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeyObject } from "node:crypto";
import { envelopeWraps, signedEnvelope } from "../../compiler/evidence/build-evidence.js";
import { artifactEvidence, EPOCH_TIME, validationReports, type SuiteOutcome } from "../../compiler/evidence/contracts.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { evidenceBundleOf } from "../../compiler/evidence/evidence-bundle.js";
import {
  ARTIFACT_EVIDENCE_PATH,
  DSSE_PATH,
  EVIDENCE_BUNDLE_PATH,
  MANIFEST_PATH,
  REJECTION_REPORT_PATH,
  VALIDATION_REPORTS_PATH,
} from "../../compiler/evidence/paths.js";
import { prettyJson } from "../../compiler/evidence/pretty-json.js";
import { rejectionReport } from "../../compiler/evidence/rejection-report.js";
import { buildStatement, serializeStatement, type VerifierTallies } from "../../compiler/evidence/statement.js";
import { combineTallies, formatTally, NOT_RUN, type VerifierTally } from "../../compiler/evidence/verification-summary.js";
import { CliError } from "../cli-error.js";
import type { OutputStream } from "../cli-io.js";
import { check } from "../public-api.js";
import { checkVerifier } from "./check-verifier.js";
import { bundleFiles, bundleInputDigest } from "./input-files.js";
import { ed25519Signer } from "./keys.js";
import { appendLedger, ledgerFile, readLedger } from "./ledger-file.js";
import { lintVerifier } from "./lint-verifier.js";
import { policyVerifier } from "./policy-verifier.js";
import { readAttestedFiles } from "./output-tree.js";
import { replayVerifier } from "./replay-verifier.js";
import { sourceDateTime } from "./source-date.js";
import { testVerifier } from "./test-verifier.js";
import { readToolchain } from "./toolchain.js";
import type { CliRunner, Verifier, VerifierOutcome, VerifierSlot } from "./verifier.js";
import { writeEvidenceFiles } from "./write-evidence.js";

/**
 * The Compile phase's verifiers in the order they run: the rules and the OPA policies first
 * (cheap, and a defect in the spec is then named by its rule rather than by a failed replay),
 * then the replay, the generated suites and lint.
 */
export const COMPILE_VERIFIERS: readonly Verifier[] = [checkVerifier, policyVerifier, replayVerifier, testVerifier, lintVerifier];

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
}

/** How a `verify` run ended. */
export interface CompileResult {
  accepted: boolean;
  /** The bundle id when accepted, the failing verifier when rejected. */
  verdict: string;
  /** The new ledger head. */
  ledgerHead: string;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
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
  requireFolder(options.outDir, 'the output to verify; run "spec-kit apply" first');
  const time = sourceDateTime(options.env);
  const ledger = readLedger(ledgerFile(options.outDir));
  if (!ledger.ok) throw new CliError(`${ledgerFile(options.outDir)}:${ledger.line}: the ledger is broken (record ${ledger.reason}); run "spec-kit evidence log"`);
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
  const tallyOf = (slot: VerifierSlot): VerifierTally => combineTallies(outcomes.filter((o) => o.verifier.slot === slot).map((o) => o.outcome.tally));
  const tallies: VerifierTallies = { execution_tests: tallyOf("execution_tests"), static_checks: tallyOf("static_checks"), policy_eval: tallyOf("policy_eval") };
  const report = Object.fromEntries(Object.entries(tallies).map(([slot, tally]) => [slot, formatTally(tally)]));
  const ledgerBase = { kind: "verify" as const, recorded_at: new Date().toISOString(), input_digest: inputDigest, verification_report: report, node: process.version };

  if (failed) {
    const verdicts = (options.verifiers ?? COMPILE_VERIFIERS).map((v) => ({ verifier: v.name, result: formatTally(outcomes.find((o) => o.verifier === v)?.outcome.tally ?? NOT_RUN) }));
    const text = prettyJson(rejectionReport(inputDigest, failed.verifier.name, failed.outcome.diagnostics, verdicts, time));
    writeEvidenceFiles(options.outDir, new Map([[REJECTION_REPORT_PATH, text]]), [VALIDATION_REPORTS_PATH, ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH]);
    const head = appendLedger(ledgerFile(options.outDir), { ...ledgerBase, result: "rejected", rejected_by: failed.verifier.name, evidence: { [REJECTION_REPORT_PATH]: sha256Hex(text) } });
    return { accepted: false, verdict: failed.verifier.name, ledgerHead: head };
  }

  const statement = buildStatement({ files: readAttestedFiles(options.outDir), inputDigest, toolchain: readToolchain(), tallies, replay: tallyOf("replay"), ...(time === undefined ? {} : { time }) });
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
  if (options.signKey) files.set(DSSE_PATH, signedEnvelope(manifest, ed25519Signer(options.signKey)));
  else if (!envelopeWraps(readText(join(options.outDir, DSSE_PATH)) ?? "", manifest)) stale.push(DSSE_PATH);
  writeEvidenceFiles(options.outDir, files, stale);
  const evidence = Object.fromEntries([...files].map(([path, text]) => [path, sha256Hex(text)]));
  const head = appendLedger(ledgerFile(options.outDir), { ...ledgerBase, result: "accepted", bundle_id: bundleId, evidence });
  return { accepted: true, verdict: bundleId, ledgerHead: head };
}
