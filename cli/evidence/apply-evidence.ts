import { canonicalJson } from "../../common/canonical-json.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { CliError } from "../cli-error.js";
import { openFolder, type ContainedFolder } from "../contained-folder.js";
import type { Bundle } from "../../compiler/bundle.js";
import type { Diagnostic } from "../../compiler/diagnostics.js";
import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import { buildEvidence, type PreviousEvidence, type Signer } from "../../compiler/evidence/build-evidence.js";
import { ruleTally } from "../../compiler/evidence/check-tally.js";
import { policyTally } from "../../compiler/evidence/policy-tally.js";
import type { PolicySummary } from "../../compiler/policy/run-policies.js";
import { DSSE_PATH, MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import type { AttestedFile } from "../../compiler/evidence/statement.js";
import { ALL_RULES } from "../../rules/index.js";
import { bundleInputDigest } from "./input-files.js";
import { ed25519Signer, keyIdOf, readPrivateKey } from "./keys.js";
import { sourceDateTime } from "./source-date.js";
import { readToolchain } from "./toolchain.js";

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

function readIfPresent(folder: ContainedFolder | undefined, path: string): string | undefined {
  try {
    return folder?.readFile(path, 64 * 1024 * 1024)?.toString("utf8");
  } catch {
    // A link or special file there is named when the output folder is inspected; it is never read.
    return undefined;
  }
}

/**
 * The evidence files already in `outDir`, so a statement `verify` wrote is kept while it still
 * holds. Read through the output folder's layer: never through a link, never from a pipe.
 */
export function readPreviousEvidence(outDir: string): PreviousEvidence {
  const previous: PreviousEvidence = {};
  let folder: ContainedFolder | undefined;
  try {
    folder = openFolder(outDir, { label: outDir });
  } catch {
    folder = undefined;
  }
  const manifest = readIfPresent(folder, MANIFEST_PATH);
  const dsse = readIfPresent(folder, DSSE_PATH);
  if (manifest !== undefined) previous.manifest = manifest;
  if (dsse !== undefined) previous.dsse = dsse;
  return previous;
}

/** The `--sign-key` flag's value: a file name, or undefined when not given. */
export function signKeyFlag(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw new CliError("--sign-key takes one key file");
  return value;
}

/**
 * What, besides the bundle and the generator, changes the evidence `apply` writes: the
 * toolchain (lockfile), SOURCE_DATE_EPOCH and the signing key. `apply` mixes it into the
 * digest that lets it skip an unchanged output, so adding `--sign-key` is never skipped.
 */
export function evidenceSettings(env: Readonly<Record<string, string | undefined>>, signKey: string | undefined): string {
  return evidenceSettingsOf(env, signKey === undefined ? null : keyIdOf(readPrivateKey(signKey)));
}

/** {@link evidenceSettings} for a key already loaded: its DSSE key id, or null when not signing. */
export function evidenceSettingsOf(env: Readonly<Record<string, string | undefined>>, keyid: string | null): string {
  return sha256Hex(canonicalJson({ toolchain: readToolchain(), time: sourceDateTime(env) ?? null, keyid })).slice(0, 16);
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
  const time = sourceDateTime(options.env);
  return buildEvidence(options.files, {
    inputDigest: options.inputDigest,
    toolchain: readToolchain(),
    tallies: {
      static_checks: ruleTally(ALL_RULES.map((rule) => rule.id), options.diagnostics),
      policy_eval: policyTally(options.policies, options.diagnostics).tally,
    },
    ...(time === undefined ? {} : { time }),
    ...(options.signer === undefined ? {} : { signer: options.signer }),
    previous: options.previous,
  });
}
