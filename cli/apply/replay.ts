import { compareStrings } from "../../compiler/diagnostics.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { inputDigest as bundleDigest, type InputEntry } from "../../compiler/evidence/input-digest.js";
import { decodeUtf8 } from "../../compiler/load/decode.js";
import { documentSelector, findManifest } from "../../compiler/load/load-bundle.js";
import type { BundleManifest } from "../../compiler/types/manifest.js";
import type { CliIo, OutputStream } from "../cli-io.js";
import { typeScriptLoaded } from "../code-host.js";
import { evidenceFor, readPreviousEvidence } from "../evidence/apply-evidence.js";
import { bundleFiles } from "../evidence/input-files.js";
import { ed25519Signer, readPrivateKey } from "../evidence/keys.js";
import { ExitCode } from "../exit-code.js";
import { createNodeHost } from "../node-host.js";
import { hasLeftovers, isUpToDate, planOutput, readIndexOf, recoverOutput, type OutputIndex, type ReplayRecord } from "../output-writer.js";
import type { CheckResult } from "../public-api.js";
import { sortFiles } from "./emit-output.js";
import { inputDigest, recordedOutput } from "./input-digest.js";
import { assertOutputFolder, displayPath, lockFor, openOutFolder, refuseOutInsideGlobs } from "./out-folder.js";
import { printNotes, reportPlan, type ApplyMode } from "./plan-report.js";

/** The largest document the fast path reads; a bundle with a larger one is checked in full. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** The files of `listing` the record's manifest makes documents of, with the manifest, sorted. */
function selectedDocuments(listing: readonly string[], replay: ReplayRecord): string[] {
  const manifest = { phases: replay.phases ?? undefined, missions: replay.missions ?? undefined } as BundleManifest;
  const select = documentSelector(manifest, replay.manifest);
  return [replay.manifest, ...listing.filter((file) => select(file) !== undefined)].sort(compareStrings);
}

/**
 * What a later `apply` needs to tell, from the bundle's files alone, that its inputs are the
 * ones this check saw: recorded only when the check was clean (no diagnostic, so nothing to
 * replay but the summary lines), ran no policy and no code check (those read more than the
 * documents), with every rule at its default severity, and when the documents it parsed are
 * exactly the manifest and the files its globs select. Undefined otherwise: the next run then
 * checks in full, as it always did.
 */
export function replayRecordOf(result: CheckResult, bundleDir: string, ruleOverrides: Readonly<Record<string, unknown>>): ReplayRecord | undefined {
  if (result.diagnostics.length > 0 || result.policies !== undefined || !result.bundle?.manifest.valid) return undefined;
  if (Object.keys(ruleOverrides).length > 0 || typeScriptLoaded()) return undefined;
  const manifest = result.bundle.manifest;
  const phases = manifest.data.phases;
  const missions = manifest.data.missions;
  const replay: ReplayRecord = {
    manifest: manifest.document.file,
    phases: Array.isArray(phases) ? [...phases] : null,
    missions: Array.isArray(missions) ? [...missions] : null,
    documents: [...result.documents.keys()].sort(compareStrings),
  };
  if (!sameList([...bundleFiles(result.bundle)].sort(compareStrings), replay.documents)) return undefined;
  const listing = createNodeHost(bundleDir, { parallel: false }).listFiles();
  return sameList(selectedDocuments(listing, replay), replay.documents) ? replay : undefined;
}

function isReplayRecord(value: unknown): value is ReplayRecord {
  if (value === null || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  const strings = (list: unknown): boolean => Array.isArray(list) && list.every((item) => typeof item === "string");
  return typeof record["manifest"] === "string" && strings(record["documents"]) && (record["phases"] === null || strings(record["phases"])) && (record["missions"] === null || strings(record["missions"]));
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
  env: CliIo["env"];
  /** Where apply's own lines go. */
  stream: OutputStream;
}

/** The record and documents of an output folder whose recorded inputs are the bundle's files as they are now; undefined otherwise. */
function unchangedInputs(request: ReplayRequest): { index: OutputIndex; replay: ReplayRecord; entries: InputEntry[] } | undefined {
  const folder = openOutFolder(request.out);
  const index = folder ? readIndexOf(folder) : undefined;
  const record = index?.record;
  if (!index || !record || !isReplayRecord(record.replay) || !Array.isArray(record.notes)) return undefined;
  const replay = record.replay;
  const host = createNodeHost(request.bundleDir, { parallel: false });
  const listing = host.listFiles();
  const found = findManifest(listing);
  if (found.file !== replay.manifest || found.findings.length > 0) return undefined;
  if (!sameList(selectedDocuments(listing, replay), replay.documents)) return undefined;
  const documents = new Map<string, { text: string }>();
  const entries: InputEntry[] = [];
  for (const file of replay.documents) {
    const read = host.readFile(file, MAX_DOCUMENT_BYTES);
    if (!read.ok) return undefined;
    const decoded = decodeUtf8(read.bytes);
    if (!decoded.ok) return undefined;
    documents.set(file, { text: decoded.text });
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
  let inputs;
  try {
    if (hasLeftovers(out)) return undefined;
    inputs = unchangedInputs(request);
  } catch {
    return undefined;
  }
  if (!inputs) return undefined;
  let lock;
  try {
    lock = lockFor(out, mode === "write", request.waitSeconds);
  } catch {
    return undefined;
  }
  try {
    if (mode === "write") for (const warning of recoverOutput(out)) stream.write(`warning: ${warning}\n`);
    const folder = openOutFolder(out);
    assertOutputFolder(folder, mode === "write" ? "write" : "read");
    // The record again, read under the lock: another run may have replaced the folder meanwhile.
    const index = folder ? readIndexOf(folder) : undefined;
    if (!folder || !index || JSON.stringify(index.record) !== JSON.stringify(inputs.index.record)) return undefined;
    const generated = recordedOutput(folder, index);
    if (!generated) return undefined;
    const signer = request.signKey === undefined ? undefined : ed25519Signer(readPrivateKey(request.signKey));
    const evidence = evidenceFor({
      files: generated,
      diagnostics: [],
      inputDigest: bundleDigest(inputs.entries),
      previous: readPreviousEvidence(out),
      ...(signer === undefined ? {} : { signer }),
      env: request.env,
    });
    const files = sortFiles([...generated, ...evidence]);
    const manifest = { phases: inputs.replay.phases ?? undefined, missions: inputs.replay.missions ?? undefined } as BundleManifest;
    await refuseOutInsideGlobs(out, request.bundleDir, manifest, files.map((file) => file.path));
    const plan = planOutput(out, files);
    if (!isUpToDate(plan)) return undefined;
    if (mode !== "write") return reportPlan(mode, plan, out, stream);
    stream.write(`0 files written, ${plan.unchanged.length} unchanged in ${displayPath(out)}\n`);
    printNotes(stream, (index.record?.notes ?? []).filter((note): note is string => typeof note === "string"));
    return ExitCode.ok;
  } catch {
    return undefined;
  } finally {
    lock?.release();
  }
}
