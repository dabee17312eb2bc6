import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { compareStrings } from "../compiler/diagnostics.js";

/** One file `apply` generates: a path relative to the output folder (`/` separators) and its bytes. */
export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/** What writing would do, each list sorted. */
export interface OutputPlan {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/** The record of what spec-kit wrote, so that later runs remove only their own files. */
export const INDEX_FILE = ".spec-kit-output.json";

/** What `apply` records beside the file list so that a later run with the same inputs can skip emission. */
export interface OutputRecord {
  /** A digest of everything the output depends on: the bundle's texts, the generator and its options. */
  inputDigest: string;
  /** The emitters' notes, printed again when emission is skipped. */
  notes: string[];
}

/** The index file's content. */
export interface OutputIndex {
  generator: "spec-kit";
  files: string[];
  /** The sha256 of each file in `files`, by path. */
  sha256?: Record<string, string>;
  record?: OutputRecord;
}

const encoder = new TextEncoder();

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? encoder.encode(content) : content;
}

function siblings(dir: string, kind: "tmp" | "old"): string[] {
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.spec-kit-${kind}-`;
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .filter((name) => name.startsWith(prefix))
    .sort(compareStrings)
    .map((name) => join(parent, name));
}

/**
 * Finishes or undoes a swap that a killed run left half done: a missing folder is restored
 * from its backup, a leftover backup or staging folder is removed.
 */
export function recoverOutput(dir: string): void {
  const target = resolve(dir);
  const backups = siblings(target, "old");
  if (!existsSync(target) && backups.length > 0) renameSync(backups[backups.length - 1]!, target);
  for (const leftover of [...siblings(target, "old"), ...siblings(target, "tmp")]) rmSync(leftover, { recursive: true, force: true });
}

/** The index of the output folder `dir`, or undefined when it has none that parses. */
export function readOutputIndex(dir: string): OutputIndex | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(resolve(dir), INDEX_FILE), "utf8")) as OutputIndex;
    return parsed !== null && typeof parsed === "object" && Array.isArray(parsed.files) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function readIndex(dir: string): string[] {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, INDEX_FILE), "utf8")) as Partial<OutputIndex>;
    return Array.isArray(parsed.files) ? parsed.files.filter((f): f is string => typeof f === "string") : [];
  } catch {
    return [];
  }
}

function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = join(abs, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.push(relative(dir, child).split(sep).join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort(compareStrings);
}

/** Refuses an output path that could leave the output folder. */
function assertSafePath(path: string): void {
  if (path === "" || path.startsWith("/") || path.includes("\\") || path.split("/").some((part) => part === ".." || part === "." || part === "")) {
    throw new Error(`refusing to write outside the output folder: ${JSON.stringify(path)}`);
  }
}

function digest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Compares the generated files with what the output folder holds now. */
export function planOutput(dir: string, files: readonly OutputFile[]): OutputPlan {
  const target = resolve(dir);
  const previous = new Set(readIndex(target));
  const next = new Set(files.map((f) => f.path));
  const plan: OutputPlan = { added: [], changed: [], removed: [], unchanged: [] };
  for (const file of files) {
    assertSafePath(file.path);
    const abs = join(target, file.path);
    let current: Uint8Array | undefined;
    try {
      if (statSync(abs).isFile()) current = readFileSync(abs);
    } catch {
      current = undefined;
    }
    if (current === undefined) plan.added.push(file.path);
    else if (digest(current) === digest(bytesOf(file.content))) plan.unchanged.push(file.path);
    else plan.changed.push(file.path);
  }
  for (const old of previous) if (!next.has(old) && existsSync(join(target, old))) plan.removed.push(old);
  for (const list of Object.values(plan)) list.sort(compareStrings);
  return plan;
}

/** True when writing would change nothing. */
export function isUpToDate(plan: OutputPlan): boolean {
  return plan.added.length === 0 && plan.changed.length === 0 && plan.removed.length === 0;
}

/**
 * Writes the generated files as one atomic change of the output folder: the new folder is
 * staged beside it (with every file spec-kit did not write carried over), then swapped in
 * with two renames. A run killed at any moment leaves the old folder or the new one whole;
 * the next run's `recoverOutput` finishes what a kill between the renames left.
 */
export function writeOutput(dir: string, files: readonly OutputFile[], record?: OutputRecord): OutputPlan {
  const target = resolve(dir);
  recoverOutput(target);
  const plan = planOutput(target, files);
  const sorted = [...files].sort((a, b) => compareStrings(a.path, b.path));
  const index: OutputIndex = {
    generator: "spec-kit",
    files: sorted.map((f) => f.path),
    sha256: Object.fromEntries(sorted.map((f) => [f.path, digest(bytesOf(f.content))])),
    ...(record ? { record } : {}),
  };
  const indexBytes = encoder.encode(`${JSON.stringify(index, null, 2)}\n`);
  const indexCurrent = existsSync(join(target, INDEX_FILE)) ? readFileSync(join(target, INDEX_FILE)) : undefined;
  if (isUpToDate(plan) && indexCurrent && digest(indexCurrent) === digest(indexBytes)) return plan;

  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = join(dirname(target), `.${basename(target)}.spec-kit-tmp-${suffix}`);
  mkdirSync(staging, { recursive: true });
  try {
    const ours = new Set(readIndex(target));
    ours.add(INDEX_FILE);
    for (const existing of listTree(target)) {
      if (ours.has(existing)) continue;
      mkdirSync(dirname(join(staging, existing)), { recursive: true });
      copyFileSync(join(target, existing), join(staging, existing));
    }
    for (const file of files) {
      const abs = join(staging, file.path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, bytesOf(file.content));
    }
    writeFileSync(join(staging, INDEX_FILE), indexBytes);
    if (existsSync(target)) {
      const backup = join(dirname(target), `.${basename(target)}.spec-kit-old-${suffix}`);
      renameSync(target, backup);
      renameSync(staging, target);
      rmSync(backup, { recursive: true, force: true });
    } else {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(staging, target);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return plan;
}
