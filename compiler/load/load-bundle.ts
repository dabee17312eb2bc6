import { createRequire } from "node:module";
import type picomatchType from "picomatch";
import { DEFAULT_MISSION_GLOBS, DEFAULT_PHASE_GLOBS, MANIFEST_NAMES, type DocumentKind } from "../constants.js";
import { START_OF_FILE, stageFinding, type StageFinding, type StageTopic } from "../diagnostics.js";
import type { BundleManifest } from "../types/manifest.js";
import { MANIFEST_LOAD_MESSAGES } from "./load-messages.js";
import { parseDocument } from "./parse-document.js";
import { PARSE_MESSAGES } from "./parse-messages.js";
import { DEFAULT_LIMITS, type LoadLimits, type ReadResult, type SourceDocument } from "./source-document.js";

// The load stage: which files a bundle holds and what they parse to. Whether a document
// matches its schema is the validate stage's (compiler/validate/validate-bundle.ts runs both).

/** picomatch, loaded when a bundle's globs are first needed (`validate` never needs them). */
function picomatch(globs: string | string[], options: picomatchType.PicomatchOptions): picomatchType.Matcher {
  return (createRequire(import.meta.url)("picomatch") as typeof picomatchType)(globs, options);
}

/** Turns a host read failure into a finding of `topic`. */
export function readFailureFinding(file: string, result: Extract<ReadResult, { ok: false }>, topic: StageTopic): StageFinding {
  return stageFinding(topic, PARSE_MESSAGES, "readFailure", { file, range: START_OF_FILE }, { message: result.message });
}

/** What parsing a read gives: the document, or the finding that refuses the file. */
export interface ParsedRead {
  document?: SourceDocument;
  finding?: StageFinding;
}

/** Parses what the host read for `file`; a refusal is a finding of `topic` (`manifest` for the manifest, else `document`). */
export function parseRead(file: string, read: ReadResult, limits: LoadLimits, topic: StageTopic = "document"): ParsedRead {
  if (!read.ok) return { finding: readFailureFinding(file, read, topic) };
  const parsed = parseDocument(file, read.bytes, limits);
  return parsed.ok ? { document: parsed.document } : { finding: { ...parsed.finding, topic } };
}

/** Resolves effective limits: defaults, then the manifest's, then the caller's. */
export function resolveLimits(manifest: BundleManifest | undefined, overrides: Partial<LoadLimits> = {}): LoadLimits {
  return {
    ...DEFAULT_LIMITS,
    ...(manifest?.limits?.maxFileBytes !== undefined ? { maxBytes: manifest.limits.maxFileBytes } : {}),
    ...(manifest?.limits?.maxDepth !== undefined ? { maxDepth: manifest.limits.maxDepth } : {}),
    ...overrides,
  };
}

/** The manifest file among a bundle's files, and what is wrong with their manifests (none, or several). */
export interface ManifestFile {
  /** The manifest read, by the preference of `MANIFEST_NAMES`. */
  file?: string;
  findings: StageFinding[];
}

/** Finds the manifest among the listed `files`: a missing one is an error, a second one a warning. */
export function findManifest(files: readonly string[]): ManifestFile {
  const present = new Set(files);
  const names = MANIFEST_NAMES.filter((name) => present.has(name));
  const file = names[0];
  if (file === undefined) {
    const at = { file: MANIFEST_NAMES[0], range: START_OF_FILE };
    return { findings: [stageFinding("manifest", MANIFEST_LOAD_MESSAGES, "noManifest", at, { names: MANIFEST_NAMES.join(" or ") })] };
  }
  const findings = names.slice(1).map((extra) =>
    stageFinding("manifest", MANIFEST_LOAD_MESSAGES, "extraManifest", { file: extra, range: START_OF_FILE, severity: "warning" }, { extra, manifest: file }),
  );
  return { file, findings };
}

/** Which kind of document a file of the bundle is, by the manifest's globs; undefined: not a document. */
export type DocumentSelector = (file: string) => DocumentKind | undefined;

/** The selector of a (valid) manifest's `phases` and `missions` globs, or their defaults. */
export function documentSelector(manifest: BundleManifest, manifestFile: string): DocumentSelector {
  const isPhase = picomatch([...(manifest.phases ?? DEFAULT_PHASE_GLOBS)], { dot: false });
  const isMission = picomatch([...(manifest.missions ?? DEFAULT_MISSION_GLOBS)], { dot: false });
  return (file) => (file === manifestFile ? undefined : isPhase(file) ? "phase" : isMission(file) ? "mission" : undefined);
}
