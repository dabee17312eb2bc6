import type { Bundle } from "../../compiler/bundle.js";
import type { Diagnostic } from "../../compiler/diagnostics.js";
import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import type { PreviousEvidence, Signer } from "../../compiler/evidence/build-evidence.js";
import { ruleTally } from "../../compiler/evidence/check-tally.js";
import { policyTally } from "../../compiler/evidence/policy-tally.js";
import type { PolicySummary } from "../../compiler/policy/run-policies.js";
import type { AttestedFile } from "../../compiler/evidence/statement.js";
import { ALL_RULES } from "../../rules/index.js";
import { evidenceOfTallies, readPreviousEvidence } from "./evidence-files.js";
import { bundleInputDigest } from "./input-files.js";
import { ed25519Signer, readPrivateKey } from "./keys.js";

export { evidenceSettings, evidenceSettingsOf, readPreviousEvidence, signKeyFlag } from "./evidence-files.js";

/** What `apply` hands over to get its evidence files. */
export interface ApplyEvidenceOptions {
  /** The bundle folder, as `apply` read it. */
  bundleDir: string;
  /** The output folder `apply` writes (or, with `--check`, compares). */
  outDir: string;
  /** The bundle `check` loaded. */
  bundle: Bundle;
  /** The generated files and the output record, without evidence. */
  files: readonly AttestedFile[];
  /** `check`'s diagnostics: the statement's tallies of the rules and the policies. */
  diagnostics: readonly Diagnostic[];
  /** What `check`'s policies did; absent when none is configured. */
  policies?: PolicySummary;
  /** `--sign-key FILE`: an Ed25519 PKCS#8 PEM private key; adds evidence/manifest.dsse.json. */
  signKey?: string;
  /** The environment (SOURCE_DATE_EPOCH). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The evidence files `apply` appends to its output (evidence/manifest.json, and
 * evidence/manifest.dsse.json with a signing key). Reads the toolchain, the bundle's bytes,
 * SOURCE_DATE_EPOCH and the key; throws a CliError (exit 2) for a bad key or epoch.
 */
export function applyEvidence(options: ApplyEvidenceOptions): GeneratedFile[] {
  const signer = options.signKey === undefined ? undefined : ed25519Signer(readPrivateKey(options.signKey));
  return evidenceFor({
    files: options.files,
    diagnostics: options.diagnostics,
    ...(options.policies ? { policies: options.policies } : {}),
    inputDigest: bundleInputDigest(options.bundleDir, options.bundle),
    previous: readPreviousEvidence(options.outDir),
    ...(signer === undefined ? {} : { signer }),
    env: options.env,
  });
}

/** What {@link evidenceFor} needs: the inputs `applyEvidence` reads from disk, given directly. */
export interface EvidenceForOptions {
  /** The generated files, without evidence. */
  files: readonly AttestedFile[];
  /** `check`'s diagnostics: the statement's tallies of the rules and the policies. */
  diagnostics: readonly Diagnostic[];
  /** What `check`'s policies did; absent when none is configured. */
  policies?: PolicySummary;
  /** The canonical digest of the bundle's files (see `bundleInputDigest`). */
  inputDigest: string;
  /** The evidence already in the output folder; none for an output that does not exist. */
  previous: PreviousEvidence;
  signer?: Signer;
  /** The environment (SOURCE_DATE_EPOCH). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The evidence files of an emission whose bundle digest and previous evidence are known
 * already: what `apply` writes, for a bundle held in memory (`spec-kit serve`). Throws a
 * CliError for a bad SOURCE_DATE_EPOCH.
 */
export function evidenceFor(options: EvidenceForOptions): GeneratedFile[] {
  return evidenceOfTallies({
    files: options.files,
    tallies: {
      static_checks: ruleTally(ALL_RULES.map((rule) => rule.id), options.diagnostics),
      policy_eval: policyTally(options.policies, options.diagnostics).tally,
    },
    inputDigest: options.inputDigest,
    previous: options.previous,
    ...(options.signer === undefined ? {} : { signer: options.signer }),
    env: options.env,
  });
}
