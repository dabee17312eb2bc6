import { envelopeWraps, signedEnvelope, type Signer } from "./build-evidence.js";
import { artifactEvidence, EPOCH_TIME, validationReports, type SuiteOutcome } from "./contracts.js";
import { sha256Hex } from "./digest.js";
import { evidenceBundleOf } from "./evidence-bundle.js";
import type { LedgerPayload } from "./ledger.js";
import {
  ARTIFACT_EVIDENCE_PATH,
  DSSE_PATH,
  EVIDENCE_BUNDLE_PATH,
  MANIFEST_PATH,
  REJECTION_REPORT_PATH,
  VALIDATION_REPORTS_PATH,
} from "./paths.js";
import { prettyJson } from "./pretty-json.js";
import { rejectionReport } from "./rejection-report.js";
import { buildStatement, serializeStatement, type AttestedFile, type Toolchain, type VerifierTallies } from "./statement.js";
import { combineTallies, formatTally, NOT_RUN, type VerifierTally } from "./verification-summary.js";

/** Which part of the evidence a verifier's tally fills. */
export type VerifierSlot = "replay" | "execution_tests" | "static_checks" | "policy_eval";

/** One verifier of the Compile phase as the verdict knows it: its name and the slot its tally fills. */
export interface VerifierName {
  name: string;
  slot: VerifierSlot;
}

/** What one verifier of a run gave. */
export interface VerifierResult extends VerifierName {
  ok: boolean;
  tally: VerifierTally;
  /** Findings, one line each (for the Rejection Report). */
  diagnostics: readonly string[];
  /** The suites it ran, each becoming a ValidationReport. */
  suites: readonly SuiteOutcome[];
}

/** The verdict of a Compile run, before any evidence is written. */
export interface CompileVerdict {
  /** The first verifier that failed; absent when the run is accepted. */
  failed?: VerifierResult;
  /** The tally of each verifier family (`not run` for those that did not run). */
  tallies: Required<VerifierTallies>;
  /** The replay's tally. */
  replay: VerifierTally;
  /** The tallies in the report's words (`pass (n/n)`), for the ledger. */
  report: Record<string, string>;
  /** Every planned verifier with its result, in order (`not run` after a failure), for the Rejection Report. */
  verdicts: { verifier: string; result: string }[];
  /** The suites the verifiers ran, in order. */
  suites: SuiteOutcome[];
}

/**
 * Gen-4's Compile verdict over the verifiers' results, in the order they ran (a run stops at
 * the first failure): rejected by the first that failed, else accepted.
 */
export function compileVerdict(planned: readonly VerifierName[], results: readonly VerifierResult[]): CompileVerdict {
  // `check` and `lint` both fill static_checks: their tallies add up.
  const tallyOf = (slot: VerifierSlot): VerifierTally => combineTallies(results.filter((result) => result.slot === slot).map((result) => result.tally));
  const tallies = { execution_tests: tallyOf("execution_tests"), static_checks: tallyOf("static_checks"), policy_eval: tallyOf("policy_eval") };
  const verdict: CompileVerdict = {
    tallies,
    replay: tallyOf("replay"),
    report: Object.fromEntries(Object.entries(tallies).map(([slot, tally]) => [slot, formatTally(tally)])),
    verdicts: planned.map((verifier) => ({ verifier: verifier.name, result: formatTally(results.find((result) => result.name === verifier.name)?.tally ?? NOT_RUN) })),
    suites: results.flatMap((result) => result.suites),
  };
  const failed = results.find((result) => !result.ok);
  if (failed) verdict.failed = failed;
  return verdict;
}

/** The evidence files a verdict writes and removes, and what the ledger records of it. */
export interface CompileEvidence {
  accepted: boolean;
  /** The bundle id when accepted, the failing verifier when rejected. */
  verdict: string;
  /** Files to write, by path relative to the output folder. */
  files: Map<string, string>;
  /** Files to remove, relative to the output folder. */
  stale: string[];
  /** The ledger record, but for when it was recorded and the Node.js version that ran (the caller's to add). */
  ledger: Omit<LedgerPayload, "recorded_at" | "node">;
}

/** What the evidence of a verdict is built from. */
export interface CompileEvidenceInputs {
  inputDigest: string;
  /** ISO 8601 time (from SOURCE_DATE_EPOCH); omitted when undefined. */
  time?: string;
  /** Accepted runs only: the files of the output folder the statement attests. */
  files: () => readonly AttestedFile[];
  /** Accepted runs only: the tools the output was made with. */
  toolchain: () => Toolchain;
  /** Signs the statement into a DSSE envelope. */
  signer?: Signer;
  /** The DSSE envelope in the output folder now, if any: kept when it still wraps the statement. */
  currentEnvelope?: string;
}

/**
 * The evidence of a verdict. Rejected: a Rejection Report naming the failing verifier, and
 * the evidence of an earlier acceptance removed. Accepted: the in-toto statement with the real
 * tallies, the ArtifactEvidence and ValidationReports, the Gen-4 Evidence Bundle when every
 * family ran, and the DSSE envelope when signing; an envelope around another statement and a
 * stale Rejection Report are removed. `files` and `toolchain` are read only when accepted.
 */
export function compileEvidence(verdict: CompileVerdict, inputs: CompileEvidenceInputs): CompileEvidence {
  const ledgerBase = { kind: "verify" as const, input_digest: inputs.inputDigest, verification_report: verdict.report };
  const { failed } = verdict;
  if (failed) {
    const text = prettyJson(rejectionReport(inputs.inputDigest, failed.name, failed.diagnostics, verdict.verdicts, inputs.time));
    return {
      accepted: false,
      verdict: failed.name,
      files: new Map([[REJECTION_REPORT_PATH, text]]),
      stale: [VALIDATION_REPORTS_PATH, ARTIFACT_EVIDENCE_PATH, EVIDENCE_BUNDLE_PATH],
      ledger: { ...ledgerBase, result: "rejected", rejected_by: failed.name, evidence: { [REJECTION_REPORT_PATH]: sha256Hex(text) } },
    };
  }
  const statement = buildStatement({
    files: inputs.files(),
    inputDigest: inputs.inputDigest,
    toolchain: inputs.toolchain(),
    tallies: verdict.tallies,
    replay: verdict.replay,
    ...(inputs.time === undefined ? {} : { time: inputs.time }),
  });
  const manifest = serializeStatement(statement);
  const bundleId = statement.predicate.bundle_id;
  const artifacts = artifactEvidence(statement.subject, sha256Hex(manifest), bundleId, inputs.inputDigest);
  const files = new Map<string, string>([
    [MANIFEST_PATH, manifest],
    [ARTIFACT_EVIDENCE_PATH, prettyJson(artifacts)],
    [VALIDATION_REPORTS_PATH, prettyJson(validationReports(verdict.suites, artifacts, bundleId, inputs.time ?? EPOCH_TIME))],
  ]);
  const gen4 = evidenceBundleOf(statement);
  // An envelope around another statement no longer holds: replace it when signing, else remove it.
  const stale: string[] = [REJECTION_REPORT_PATH];
  if (gen4) files.set(EVIDENCE_BUNDLE_PATH, prettyJson(gen4));
  else stale.push(EVIDENCE_BUNDLE_PATH);
  if (inputs.signer) files.set(DSSE_PATH, signedEnvelope(manifest, inputs.signer));
  else if (!envelopeWraps(inputs.currentEnvelope ?? "", manifest)) stale.push(DSSE_PATH);
  const evidence = Object.fromEntries([...files].map(([path, text]) => [path, sha256Hex(text)]));
  return { accepted: true, verdict: bundleId, files, stale, ledger: { ...ledgerBase, result: "accepted", bundle_id: bundleId, evidence } };
}
