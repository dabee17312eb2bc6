import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { KeyObject } from "node:crypto";
import { compileEvidence, compileVerdict, type VerifierResult } from "../../compiler/evidence/compile-verdict.js";
import { DSSE_PATH, EVIDENCE_DIR, LEDGER_PATH } from "../../compiler/evidence/paths.js";
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
import { policyVerifier } from "./policy-verifier.js";
import { readOutputTree } from "./output-tree.js";
import { replayVerifier } from "./replay-verifier.js";
import { sourceDateTime } from "./source-date.js";
import { testVerifier } from "./test-verifier.js";
import { readToolchain } from "./toolchain.js";
import type { CliRunner, Verifier } from "./verifier.js";
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
 * that fails), prints one progress line per verifier, then writes the evidence the verdict
 * gives (compiler/evidence/compile-verdict.ts: statement, optional DSSE envelope,
 * ValidationReports, ArtifactEvidence, or a Rejection Report) into DIR/evidence, and appends
 * one record to the ledger either way. Every write goes through the contained output folder,
 * under the folder's lock.
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
  const verifiers = options.verifiers ?? COMPILE_VERIFIERS;
  const scratchDir = mkdtempSync(join(tmpdir(), "spec-kit-verify-"));
  const results: VerifierResult[] = [];
  try {
    for (const verifier of verifiers) {
      const outcome = await verifier.run({ bundleDir: options.bundleDir, inputFiles, outDir: options.outDir, scratchDir, env: options.env, cli: options.cli });
      options.progress.write(`verify: ${verifier.name} … ${outcome.ok ? (outcome.tally.run ? "ok" : "not run") : "FAILED"} (${outcome.summary})\n`);
      results.push({ name: verifier.name, slot: verifier.slot, ok: outcome.ok, tally: outcome.tally, diagnostics: outcome.diagnostics, suites: outcome.suites });
      if (!outcome.ok) break;
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  const signer = options.signKey ? ed25519Signer(options.signKey) : undefined;
  const evidence = compileEvidence(compileVerdict(verifiers, results), {
    inputDigest,
    ...(time === undefined ? {} : { time }),
    files: () => {
      const tree = readOutputTree(folder);
      if (tree.refused.length > 0) throw new CliError(`cannot attest ${options.outDir}: ${tree.refused[0]}`);
      return tree.files;
    },
    toolchain: readToolchain,
    ...(signer ? { signer } : {}),
    currentEnvelope: folder.readFile(DSSE_PATH)?.toString("utf8") ?? "",
  });
  writeEvidenceFiles(folder, evidence.files, evidence.stale);
  const head = appendLedger(folder, { ...evidence.ledger, recorded_at: new Date().toISOString(), node: process.version }, signer);
  return { accepted: evidence.accepted, verdict: evidence.verdict, ledgerHead: head };
}
