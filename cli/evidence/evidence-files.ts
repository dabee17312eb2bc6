import { canonicalJson } from "../../common/canonical-json.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { buildEvidence, type PreviousEvidence, type Signer } from "../../compiler/evidence/build-evidence.js";
import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import { DSSE_PATH, MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import type { AttestedFile, VerifierTallies } from "../../compiler/evidence/statement.js";
import { CliError } from "../cli-error.js";
import { openFolder, type ContainedFolder } from "../contained-folder.js";
import { keyIdOf, readPrivateKey } from "./keys.js";
import { sourceDateTime } from "./source-date.js";
import { readToolchain } from "./toolchain.js";

// The parts of apply's evidence that need neither the rules nor the compiler: its settings,
// the evidence already on disk, and the files built from tallies already counted. A no-op
// `apply` that answers from its output record (cli/apply/replay.ts) loads only this.

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

/** What {@link evidenceOfTallies} needs: everything but the check's outcome, which `tallies` already counts. */
export interface TalliedEvidenceOptions {
  /** The generated files, without evidence. */
  files: readonly AttestedFile[];
  /** The statement's static_checks and policy_eval tallies. */
  tallies: VerifierTallies;
  /** The canonical digest of the bundle's files (see `bundleInputDigest`). */
  inputDigest: string;
  /** The evidence already in the output folder; none for an output that does not exist. */
  previous: PreviousEvidence;
  signer?: Signer;
  /** The environment (SOURCE_DATE_EPOCH). */
  env: Readonly<Record<string, string | undefined>>;
}

/** The evidence files (evidence/manifest.json, and its envelope with a signer) of tallies already counted. Throws a CliError for a bad SOURCE_DATE_EPOCH. */
export function evidenceOfTallies(options: TalliedEvidenceOptions): GeneratedFile[] {
  const time = sourceDateTime(options.env);
  return buildEvidence(options.files, {
    inputDigest: options.inputDigest,
    toolchain: readToolchain(),
    tallies: options.tallies,
    ...(time === undefined ? {} : { time }),
    ...(options.signer === undefined ? {} : { signer: options.signer }),
    previous: options.previous,
  });
}
