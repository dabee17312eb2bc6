import { createHash } from "node:crypto";
import { accessSync, chmodSync, closeSync, constants, lchownSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, symlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { compareStrings } from "../compiler/diagnostics.js";
import { DSSE_PATH, MANIFEST_PATH } from "../compiler/evidence/paths.js";
import { CliError } from "./cli-error.js";
import { assertRelativePath, describeKind, displayPath, isSpecial, openFolder, removeOwnTree, uniqueSuffix, type ContainedFolder, type TreeEntry } from "./contained-folder.js";
import type { OutputLock } from "./output-lock.js";
import { processAlive } from "./output-lock.js";

/** One file `apply` generates: a path relative to the output folder (`/` separators) and its bytes. */
export interface OutputFile {
  path: string;
  content: string | Uint8Array;
  /** The SHA-256 (hex) of `content`, when already known (a file read back and checked against its record). */
  sha256?: string;
}

/** What writing would do, each list sorted. */
export interface OutputPlan {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/** What a write did: its plan, and what it could not clean up (a warning each; the output is whole). */
export interface WriteResult extends OutputPlan {
  warnings: string[];
}

/** The record of what spec-kit wrote, so that later runs remove only their own files. */
export const INDEX_FILE = ".spec-kit-output.json";

/**
 * The evidence files `apply` owns besides those its index lists: the statement and its
 * envelope (the index cannot list their digests, since the statement attests the index).
 */
export const APPLY_EVIDENCE: readonly string[] = [MANIFEST_PATH, DSSE_PATH];

/** What `apply` records beside the file list so that a later run with the same inputs can skip emission. */
export interface OutputRecord {
  /** A digest of everything the output depends on: the bundle's texts, the generator and its options. */
  inputDigest: string;
  /** The emitters' notes, printed again when emission is skipped. */
  notes: string[];
  /**
   * What a later `apply` needs to tell, before it checks anything, that its inputs are these
   * again (cli/apply/replay.ts). Present only when the bundle alone decides the whole check
   * (see cli/apply/replay-record.ts); every field comes from the bundle and the generator,
   * never from this machine.
   */
  replay?: ReplayRecord;
}

/** What {@link OutputRecord.replay} holds: the bundle's document set as its manifest selected it, and the check's rule count. */
export interface ReplayRecord {
  /** The manifest file, relative to the bundle root. */
  manifest: string;
  /** The manifest's `phases` globs as written; null where it gave none (the defaults apply). */
  phases: string[] | null;
  /** The manifest's `missions` globs as written; null where it gave none. */
  missions: string[] | null;
  /** Every document the check parsed (the manifest, the phases and the missions), sorted. */
  documents: string[];
  /** How many rules the check ran, all passing: the evidence's `static_checks` tally. */
  rules: number;
}

/** The index file's content. */
export interface OutputIndex {
  generator: "spec-kit";
  /** The generated files outside evidence/, sorted. */
  files: string[];
  /** The sha256 of each file in `files`, by path. */
  sha256?: Record<string, string>;
  record?: OutputRecord;
}

const encoder = new TextEncoder();

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? encoder.encode(content) : content;
}

function digest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function isEvidence(path: string): boolean {
  return path === "evidence" || path.startsWith("evidence/");
}

/**
 * The index file for a set of generated files (those under evidence/ and an index already in
 * the set are left out): their paths and digests, and the record that lets a later run skip.
 */
export function indexFile(files: readonly OutputFile[], record?: OutputRecord): OutputFile & { content: string } {
  const listed = files.filter((f) => f.path !== INDEX_FILE && !isEvidence(f.path)).sort((a, b) => compareStrings(a.path, b.path));
  const index: OutputIndex = {
    generator: "spec-kit",
    files: listed.map((f) => f.path),
    sha256: Object.fromEntries(listed.map((f) => [f.path, digest(bytesOf(f.content))])),
    ...(record ? { record } : {}),
  };
  return { path: INDEX_FILE, content: `${JSON.stringify(index, null, 2)}\n` };
}

/** `files` with their index file (replacing one already there). */
export function withIndex(files: readonly OutputFile[], record?: OutputRecord): OutputFile[] {
  return [...files.filter((f) => f.path !== INDEX_FILE), indexFile(files, record)];
}

function parseIndex(bytes: Uint8Array | undefined): OutputIndex | undefined {
  if (bytes === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(bytes).toString("utf8")) as OutputIndex;
    if (parsed === null || typeof parsed !== "object" || !Array.isArray(parsed.files)) return undefined;
    return { ...parsed, files: parsed.files.filter((f): f is string => typeof f === "string") };
  } catch {
    return undefined;
  }
}

/** The index of an opened output folder, or undefined when it has none that parses. A link or special file there is refused. */
export function readIndexOf(folder: ContainedFolder): OutputIndex | undefined {
  return parseIndex(folder.readFile(INDEX_FILE, 64 * 1024 * 1024));
}

/** The index of the output folder `dir`, or undefined when it has none that parses (or there is no folder). */
export function readOutputIndex(dir: string): OutputIndex | undefined {
  const folder = openFolder(dir, { label: resolve(dir) });
  return folder ? readIndexOf(folder) : undefined;
}

const LEFTOVER = /^\.(.+)\.spec-kit-(tmp|old)-(\d+)-[0-9a-z]+$/;
const LOCK_LEFTOVER = /^\.(.+)\.spec-kit-lock\.(\d+)-[0-9a-f]+\.(tmp|stale)$/;

interface Leftover {
  path: string;
  kind: "tmp" | "old" | "lock";
  pid: number;
}

/** Whether any run (live or dead) left a staging folder, backup or lock temporary beside `dir`. */
export function hasLeftovers(dir: string): boolean {
  return leftoversOf(resolve(dir)).length > 0;
}

/** The staging folders, backups and lock temporaries of `dir` that runs left beside it. */
function leftoversOf(dir: string): Leftover[] {
  const parent = dirname(dir);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const out: Leftover[] = [];
  for (const name of names.sort(compareStrings)) {
    const staged = LEFTOVER.exec(name);
    if (staged && staged[1] === basename(dir)) out.push({ path: join(parent, name), kind: staged[2] as "tmp" | "old", pid: Number(staged[3]) });
    const lock = LOCK_LEFTOVER.exec(name);
    if (lock && lock[1] === basename(dir)) out.push({ path: join(parent, name), kind: "lock", pid: Number(lock[2]) });
  }
  return out;
}

/**
 * Finishes or undoes what runs that died left beside the output folder: a missing folder is
 * restored from the newest backup of a dead run, and the staging folders and backups of dead
 * runs are removed. What belongs to a run still alive is never touched. Returns warnings for
 * leftovers it could not remove; they block nothing (every run names its own).
 */
export function recoverOutput(dir: string): string[] {
  const target = resolve(dir);
  const dead = leftoversOf(target).filter((leftover) => !processAlive(leftover.pid));
  const warnings: string[] = [];
  let exists = true;
  try {
    lstatSync(target);
  } catch {
    exists = false;
  }
  const backups = dead.filter((leftover) => leftover.kind === "old");
  if (!exists && backups.length > 0) {
    const newest = backups.sort((a, b) => lstatSync(a.path).mtimeMs - lstatSync(b.path).mtimeMs).at(-1)!;
    renameSync(newest.path, target);
  }
  for (const leftover of leftoversOf(target).filter((l) => !processAlive(l.pid))) {
    try {
      removeOwnTree(leftover.path);
    } catch (error) {
      warnings.push(`could not remove ${leftover.path} left by an earlier run (${(error as NodeJS.ErrnoException).code ?? "unknown error"}); it blocks nothing, remove it when convenient`);
    }
  }
  return warnings;
}

/** What the output folder holds now, against what is to be written. */
interface Inspection {
  folder: ContainedFolder | undefined;
  tree: Map<string, TreeEntry>;
  plan: OutputPlan;
  /** Paths spec-kit wrote before (index, owned evidence), whether or not still generated. */
  ownedBefore: Set<string>;
  /** True when an output record is to be written and differs from the one on disk (the record is bookkeeping: never in the plan's lists). */
  indexChanged: boolean;
}

function refuseEntry(label: string, entry: TreeEntry, why: string): CliError {
  const target = entry.target === undefined ? "" : ` (to ${entry.target})`;
  return new CliError(`refusing ${label}/${entry.path}: it is ${describeKind(entry.kind)}${target}; ${why}`);
}

function ancestorsOf(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join("/"));
}

/**
 * Reads the output folder without following a link or opening a special file, and compares it
 * with `files`. Refuses (CliError, exit 2, naming the path) a special file anywhere in it, and
 * a link, folder or special file where spec-kit writes a file or needs a folder.
 */
function inspect(dir: string, files: readonly OutputFile[], readHere?: ReadonlySet<OutputFile>): Inspection {
  for (const file of files) assertRelativePath(file.path);
  const target = resolve(dir);
  const label = displayPath(target);
  const folder = openFolder(target, { label });
  const tree = new Map<string, TreeEntry>((folder?.walk() ?? []).map((entry) => [entry.path, entry]));
  for (const entry of tree.values()) {
    if (isSpecial(entry.kind)) throw refuseEntry(label, entry, "spec-kit never opens special files in an output folder; remove it");
  }
  const index = folder ? readIndexOf(folder) : undefined;
  const ownedBefore = new Set<string>([...(index?.files ?? []), ...APPLY_EVIDENCE, INDEX_FILE]);
  const next = new Set(files.map((f) => f.path));
  const plan: OutputPlan = { added: [], changed: [], removed: [], unchanged: [] };
  let indexChanged = false;
  for (const file of files) {
    for (const ancestor of ancestorsOf(file.path)) {
      const entry = tree.get(ancestor);
      if (!entry || entry.kind === "folder") continue;
      if (entry.kind === "file" && ownedBefore.has(ancestor) && !next.has(ancestor)) continue;
      throw refuseEntry(label, entry, `spec-kit needs a real folder there to write ${file.path}; remove it`);
    }
    const entry = tree.get(file.path);
    if (!entry) {
      if (file.path !== INDEX_FILE) plan.added.push(file.path);
      continue;
    }
    if (entry.kind !== "file") throw refuseEntry(label, entry, "spec-kit writes a generated file there and never writes through or replaces what it did not write; remove it");
    // A file the caller has just read from this folder (through the same layer) is not read again.
    const current = readHere?.has(file) ? bytesOf(file.content) : folder!.readFile(file.path);
    // Compared byte for byte: hashing both sides cost a no-op apply two SHA-256 passes per file.
    const state = current === undefined ? "added" : Buffer.compare(current, bytesOf(file.content)) === 0 ? "unchanged" : "changed";
    if (file.path === INDEX_FILE) indexChanged = state !== "unchanged";
    else plan[state].push(file.path);
  }
  if (next.has(INDEX_FILE) && !tree.has(INDEX_FILE)) indexChanged = true;
  for (const old of ownedBefore) {
    if (next.has(old) || old === INDEX_FILE) continue;
    const entry = tree.get(old);
    if (!entry || entry.kind === "folder") continue;
    if (entry.kind !== "file") throw refuseEntry(label, entry, "spec-kit wrote a file there before and never removes what it did not write; remove it");
    plan.removed.push(old);
  }
  for (const list of Object.values(plan)) list.sort(compareStrings);
  return { folder, tree, plan, ownedBefore, indexChanged };
}

/**
 * Compares the generated files with what the output folder holds now (reading it as
 * {@link writeOutput} would). The output record, when among `files`, is compared but never
 * listed: a changed record alone makes the plan list nothing, yet not up to date. `readHere`:
 * files of `files` the caller has just read from this very folder (a no-op apply's recorded
 * output), compared without reading them a second time.
 */
export function planOutput(dir: string, files: readonly OutputFile[], readHere?: ReadonlySet<OutputFile>): OutputPlan & { recordChanged: boolean } {
  const inspection = inspect(dir, files, readHere);
  return { ...inspection.plan, recordChanged: inspection.indexChanged };
}

/** True when writing would change nothing. */
export function isUpToDate(plan: OutputPlan & { recordChanged?: boolean }): boolean {
  return plan.added.length === 0 && plan.changed.length === 0 && plan.removed.length === 0 && plan.recordChanged !== true;
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function ownedByMe(entry: { uid: number }): boolean {
  return typeof process.getuid !== "function" || isRoot || entry.uid === process.getuid();
}

function writable(abs: string): boolean {
  try {
    accessSync(abs, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The permission problems that would stop the swap or the removal of the old folder after it,
 * found before anything is changed: the parent must take new entries, and every folder of the
 * old output must be writable or this user's (a read-only folder of ours is made writable in
 * the backup only, just before it is removed).
 */
function preflight(target: string, inspection: Inspection): void {
  const parent = dirname(target);
  if (!writable(parent)) throw new CliError(`cannot write ${target}: its parent folder ${parent} is not writable by this user (spec-kit stages the new output beside it)`);
  if (!inspection.folder) return;
  const root = lstatSync(target);
  const folders = [{ path: "", abs: target, uid: root.uid }, ...[...inspection.tree.values()].filter((e) => e.kind === "folder").map((e) => ({ path: e.path, abs: join(target, ...e.path.split("/")), uid: e.uid }))];
  for (const folder of folders) {
    if (!ownedByMe(folder) && !writable(folder.abs)) {
      throw new CliError(`cannot replace ${target}: ${folder.path === "" ? "the folder" : `its folder ${folder.path}`} is read-only and belongs to another user (uid ${folder.uid}), so the old output could not be removed after the swap; nothing was changed`);
    }
  }
}

/** The folders of the new output and where each comes from, with the entries carried over from the old one. */
function carriedOver(inspection: Inspection, files: readonly OutputFile[]): { folders: string[]; kept: TreeEntry[] } {
  const next = new Set(files.map((f) => f.path));
  const kept: TreeEntry[] = [];
  const needed = new Set<string>();
  for (const file of files) for (const ancestor of ancestorsOf(file.path)) needed.add(ancestor);
  const ownedFolders = new Set<string>();
  for (const owned of inspection.ownedBefore) for (const ancestor of ancestorsOf(owned)) ownedFolders.add(ancestor);
  for (const entry of inspection.tree.values()) {
    if (next.has(entry.path)) continue;
    if (entry.kind === "folder") {
      // A folder of the user's (one no file of ours lay in) is kept, empty or not.
      if (!ownedFolders.has(entry.path)) needed.add(entry.path);
      continue;
    }
    if (entry.kind === "file" && inspection.ownedBefore.has(entry.path)) continue;
    kept.push(entry);
    for (const ancestor of ancestorsOf(entry.path)) needed.add(ancestor);
  }
  return { folders: [...needed].sort(compareStrings), kept };
}

/**
 * Builds the new output in `staging`: the user's folders, files (hard-linked, so the very same
 * file with its mode, owner and other links) and links (made again, pointing where they
 * pointed) carried over; the generated files written; then every folder and file that existed
 * before given its old mode (and, as root, its owner), the output folder itself last.
 */
function stage(target: string, staging: string, inspection: Inspection, files: readonly OutputFile[]): void {
  const { folders, kept } = carriedOver(inspection, files);
  const at = (path: string): string => join(staging, ...path.split("/"));
  const old = (path: string): string => join(target, ...path.split("/"));
  const failure = (path: string, action: string, error: unknown): CliError =>
    new CliError(`cannot ${action} ${target}/${path} into the new output (${(error as NodeJS.ErrnoException).code ?? "unknown error"}); nothing was changed`);
  mkdirSync(staging, { mode: 0o700 });
  for (const folder of folders) mkdirSync(at(folder));
  for (const entry of kept) {
    try {
      if (entry.kind === "file") linkSync(old(entry.path), at(entry.path));
      else symlinkSync(entry.target!, at(entry.path));
      if (entry.kind === "link" && isRoot) lchownSync(at(entry.path), entry.uid, entry.gid);
    } catch (error) {
      throw failure(entry.path, entry.kind === "file" ? "carry over (hard link)" : "carry over the link", error);
    }
  }
  for (const file of files) {
    const previous = inspection.tree.get(file.path);
    const abs = at(file.path);
    writeNewFile(abs, bytesOf(file.content));
    if (previous?.kind === "file") {
      chmodSync(abs, previous.mode & 0o777);
      if (isRoot) lchownSync(abs, previous.uid, previous.gid);
    }
  }
  const foldersDeepestFirst = [...folders].sort((a, b) => b.split("/").length - a.split("/").length || compareStrings(a, b));
  for (const folder of foldersDeepestFirst) {
    const previous = inspection.tree.get(folder);
    if (previous?.kind !== "folder") continue;
    chmodSync(at(folder), previous.mode);
    if (isRoot) lchownSync(at(folder), previous.uid, previous.gid);
  }
  if (inspection.folder) {
    const root = lstatSync(target);
    chmodSync(staging, root.mode & 0o7777);
    if (isRoot) lchownSync(staging, root.uid, root.gid);
  } else {
    chmodSync(staging, 0o777 & ~currentUmask());
  }
}

function currentUmask(): number {
  // process.umask() without an argument is deprecated; reading it by setting the same value back is not.
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
}

function writeNewFile(abs: string, bytes: Uint8Array): void {
  mkdirSync(dirname(abs), { recursive: true });
  // The staging folder is new and ours alone: a plain exclusive create cannot meet a link.
  const fd = openSync(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o666);
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the generated files (with their index: `files` should hold it, see {@link withIndex};
 * one without a record is added when missing) as one atomic change of the output folder. The
 * new folder is staged beside it with everything spec-kit did not write carried over as it is,
 * then swapped in with two renames; a failed second rename puts the old folder back. A run
 * killed at any moment leaves the old folder or the new one whole, and the next run's
 * {@link recoverOutput} finishes what a kill between the renames left. Everything that could
 * stop the swap is checked before it; the caller holds the folder's lock (`lock`, checked
 * again just before the swap).
 */
export function writeOutput(dir: string, files: readonly OutputFile[], record?: OutputRecord, lock?: OutputLock): WriteResult {
  const target = resolve(dir);
  const all = files.some((f) => f.path === INDEX_FILE) && record === undefined ? [...files] : withIndex(files, record);
  const warnings = recoverOutput(target);
  const inspection = inspect(target, all);
  if (isUpToDate(inspection.plan) && !inspection.indexChanged) return { ...inspection.plan, warnings };
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create ${dirname(target)} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  preflight(target, inspection);

  const suffix = uniqueSuffix();
  const staging = join(dirname(target), `.${basename(target)}.spec-kit-tmp-${suffix}`);
  const backup = join(dirname(target), `.${basename(target)}.spec-kit-old-${suffix}`);
  try {
    stage(target, staging, inspection, all);
    lock?.assertHeld();
    if (inspection.folder) {
      renameSync(target, backup);
      try {
        renameSync(staging, target);
      } catch (error) {
        renameSync(backup, target);
        throw error;
      }
    } else {
      renameSync(staging, target);
    }
  } catch (error) {
    try {
      removeOwnTree(staging);
    } catch {
      // a dead run's staging folder is removed by the next run's recovery
    }
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was changed`);
  }
  if (inspection.folder) {
    try {
      removeOwnTree(backup);
    } catch (error) {
      warnings.push(`the new output is in place, but the old one moved aside to ${backup} could not be removed (${(error as NodeJS.ErrnoException).code ?? "unknown error"}); it blocks nothing, remove it when convenient`);
    }
  }
  return { ...inspection.plan, warnings };
}
