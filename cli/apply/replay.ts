import { createRequire } from "node:module";
import type picomatchType from "picomatch";
import { DEFAULT_MISSION_GLOBS, DEFAULT_PHASE_GLOBS, MANIFEST_NAMES } from "../../compiler/constants.js";
import { compareStrings } from "../../compiler/diagnostics.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { inputDigest as bundleDigest, type InputEntry } from "../../compiler/evidence/input-digest.js";
import type { BundleManifest } from "../../compiler/types/manifest.js";
import type { OutputStream } from "../cli-io.js";
import { evidenceOfTallies, readPreviousEvidence } from "../evidence/evidence-files.js";
import { ed25519Signer, readPrivateKey } from "../evidence/keys.js";
import { ExitCode } from "../exit-code.js";
import { createNodeHost } from "../node-host.js";
import { hasLeftovers, isUpToDate, planOutput, readIndexOf, type OutputIndex, type ReplayRecord } from "../output-writer.js";
import { inputDigest, recordedOutput } from "./input-digest.js";
import { sortFiles } from "./output-files.js";
import { assertOutputFolder, displayPath, lockFor, openOutFolder, refuseOutInsideGlobs } from "./out-folder.js";
import { printNotes, reportPlan, type ApplyMode } from "./plan-report.js";

// The fast path of an `apply` with nothing to do. It loads neither the parsers nor the rules nor
// the emitters: it reads the output record, lists and reads the bundle's files, hashes them, and
// rebuilds the evidence from the record's tallies. The record's `replay` field says when that is
// sound (cli/apply/replay-record.ts decides it, the same way for `apply` and `spec-kit serve`).

/** The largest document the fast path reads; a bundle with a larger one is checked in full. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Whether `value` has the shape of a {@link ReplayRecord}; anything else is not believed. */
export function isReplayRecord(value: unknown): value is ReplayRecord {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const strings = (list: unknown): boolean => Array.isArray(list) && list.every((item) => typeof item === "string");
  const globs = (list: unknown): boolean => list === null || strings(list);
  return (
    typeof record["manifest"] === "string" &&
    strings(record["documents"]) &&
    globs(record["phases"]) &&
    globs(record["missions"]) &&
    Number.isSafeInteger(record["rules"]) &&
    (record["rules"] as number) > 0
  );
}

/**
 * The files of `listing` the load stage would read as the bundle's documents under the record's
 * manifest and globs, with the manifest, sorted; undefined when the listing does not hold
 * exactly one manifest, the recorded one (a second is a warning: not a clean check).
 * The same selection as compiler/load/load-bundle.ts (findManifest, documentSelector), without
 * loading the parsers that module brings; test/apply/replay.test.ts holds the two together.
 */
export function replaySelection(listing: readonly string[], replay: Pick<ReplayRecord, "manifest" | "phases" | "missions">): string[] | undefined {
  const present = new Set(listing);
  const manifests = MANIFEST_NAMES.filter((name) => present.has(name));
  if (manifests.length !== 1 || manifests[0] !== replay.manifest) return undefined;
  const picomatch = createRequire(import.meta.url)("picomatch") as typeof picomatchType;
  const isPhase = picomatch([...(replay.phases ?? DEFAULT_PHASE_GLOBS)], { dot: false });
  const isMission = picomatch([...(replay.missions ?? DEFAULT_MISSION_GLOBS)], { dot: false });
  return [replay.manifest, ...listing.filter((file) => file !== replay.manifest && (isPhase(file) || isMission(file)))].sort(compareStrings);
}

/** What the fast path of a no-op `apply` is given: what the full run would use. */
export interface ReplayRequest {
  bundleDir: string;
  out: string;
  mode: Exclude<ApplyMode, "dry-run">;
  /** The settings part of apply's input digest (evidence settings, emit kind). */
  settings: string;
  signKey: string | undefined;
  waitSeconds: number;
  env: Readonly<Record<string, string | undefined>>;
  /** Where apply's own lines go. */
  stream: OutputStream;
}

interface UnchangedInputs {
  index: OutputIndex;
  replay: ReplayRecord;
  /** The documents' paths and the SHA-256 of their bytes: the evidence's bundle digest. */
  entries: InputEntry[];
}

/** The record of an output folder whose recorded inputs are the bundle's files as they are now; undefined otherwise. */
function unchangedInputs(request: ReplayRequest): UnchangedInputs | undefined {
  const folder = openOutFolder(request.out);
  const index = folder ? readIndexOf(folder) : undefined;
  const record = index?.record;
  if (!index || !record || typeof record.inputDigest !== "string" || !isReplayRecord(record.replay) || !Array.isArray(record.notes)) return undefined;
  const replay = record.replay;
  const host = createNodeHost(request.bundleDir, { parallel: false });
  const selected = replaySelection(host.listFiles(), replay);
  if (!selected || !sameList(selected, replay.documents)) return undefined;
  const documents = new Map<string, { text: string }>();
  const entries: InputEntry[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  for (const file of replay.documents) {
    const read = host.readFile(file, MAX_DOCUMENT_BYTES);
    if (!read.ok) return undefined;
    // As the load stage decodes (compiler/load/decode.ts): strict UTF-8, a leading BOM dropped.
    // Bytes that do not decode were a parse error: that check was not clean.
    documents.set(file, { text: decoder.decode(read.bytes) });
    entries.push({ path: file, sha256: sha256Hex(read.bytes) });
  }
  // The digest the full run compares: the generator, its settings and every document's text.
  if (inputDigest({ documents }, request.settings) !== record.inputDigest) return undefined;
  return { index, replay, entries };
}

/**
 * The fast path of an `apply` with nothing to do: when the output folder's record says a clean
 * check of these very documents (same generator, settings and document set) produced it, and
 * every file in it is as recorded, prints what the full run would print and returns its exit
 * status, without checking or emitting. Undefined whenever anything differs or cannot be read
 * (a document, the manifest's selection, a generated file, the evidence, a leftover of another
 * run): the caller then runs in full, which also reports any problem.
 */
export async function replayUnchanged(request: ReplayRequest): Promise<ExitCode | undefined> {
  const { out, mode, stream } = request;
  let inputs: UnchangedInputs | undefined;
  try {
    if (hasLeftovers(out)) return undefined;
    inputs = unchangedInputs(request);
  } catch {
    return undefined;
  }
  if (!inputs) return undefined;
  // The inputs are those of a clean check, so the full run would reach the lock too (and fail
  // there the same way: a lock held past --lock-timeout is reported, not waited for twice).
  const lock = lockFor(out, mode === "write", request.waitSeconds);
  try {
    // A leftover now would have the full run recover it and warn: let it.
    if (hasLeftovers(out)) return undefined;
    const folder = openOutFolder(out);
    assertOutputFolder(folder, mode === "write" ? "write" : "read");
    // The record again, read under the lock: another run may have replaced the folder meanwhile.
    const index = folder ? readIndexOf(folder) : undefined;
    if (!folder || !index || JSON.stringify(index.record) !== JSON.stringify(inputs.index.record)) return undefined;
    const generated = recordedOutput(folder, index);
    if (!generated) return undefined;
    const signer = request.signKey === undefined ? undefined : ed25519Signer(readPrivateKey(request.signKey));
    // The tallies of a clean check without policies, which is all a record with `replay` comes from.
    const rules = inputs.replay.rules;
    const evidence = evidenceOfTallies({
      files: generated,
      tallies: { static_checks: { run: true, passed: rules, total: rules }, policy_eval: { run: false, reason: "not configured" } },
      inputDigest: bundleDigest(inputs.entries),
      previous: readPreviousEvidence(out),
      ...(signer === undefined ? {} : { signer }),
      env: request.env,
    });
    const files = sortFiles([...generated, ...evidence]);
    const manifest = { ...(inputs.replay.phases ? { phases: inputs.replay.phases } : {}), ...(inputs.replay.missions ? { missions: inputs.replay.missions } : {}) } as BundleManifest;
    await refuseOutInsideGlobs(out, request.bundleDir, manifest, files.map((file) => file.path));
    const plan = planOutput(out, files, new Set(generated));
    if (!isUpToDate(plan)) return undefined;
    if (mode !== "write") return reportPlan(mode, plan, out, stream);
    stream.write(`0 files written, ${plan.unchanged.length} unchanged in ${displayPath(out)}\n`);
    printNotes(stream, index.record!.notes.filter((note): note is string => typeof note === "string"));
    return ExitCode.ok;
  } catch {
    return undefined;
  } finally {
    lock?.release();
  }
}
