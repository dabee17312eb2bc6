import type { Bundle, LoadedDocument } from "../bundle.js";
import type { DocumentKind } from "../constants.js";
import { compareStrings, type StageFinding, type StageTopic } from "../diagnostics.js";
import { documentSelector, findManifest, parseRead, resolveLimits, type DocumentSelector } from "../load/load-bundle.js";
import type { BundleHost, LoadLimits, ReadResult, SourceDocument } from "../load/source-document.js";
import type { BundleManifest } from "../types/manifest.js";
import type { PhaseReport } from "../types/phase-report.js";
import { attachLoad, type DocumentRequest, type LoadingHost } from "./detached-load.js";
import { validateDocument } from "./validate-document.js";

// The validate stage over a bundle: each document the load stage parses is checked against the
// schema of its kind. The manifest comes first, since only a valid manifest says which files
// are documents.

/** The outcome of loading: a bundle when the manifest allowed one, and every finding so far. */
export interface LoadBundleResult {
  bundle?: Bundle;
  findings: StageFinding[];
  /** Every document parsed, by file, so that findings can be located and framed. */
  documents: Map<string, SourceDocument>;
}

/** A parsed document checked against the schema of its kind. */
export function validateLoaded<T>(kind: DocumentKind, document: SourceDocument): LoadedDocument<T> {
  const schemaIssues = validateDocument(kind, document.value);
  return { document, kind, data: document.value as T, valid: schemaIssues.length === 0, schemaIssues };
}

/** Parses and schema-checks one document read by the host; the kind may depend on the parsed value. */
export function loadDocument<T>(
  kindOf: DocumentKind | ((value: unknown) => DocumentKind),
  file: string,
  read: ReadResult,
  limits: LoadLimits,
  topic: StageTopic = "document",
): { loaded?: LoadedDocument<T>; finding?: StageFinding } {
  const parsed = parseRead(file, read, limits, topic);
  if (!parsed.document) return parsed.finding ? { finding: parsed.finding } : {};
  const kind = typeof kindOf === "function" ? kindOf(parsed.document.value) : kindOf;
  return { loaded: validateLoaded<T>(kind, parsed.document) };
}

/** What loading the manifest gives: the documents' kinds and limits when it is valid. */
export interface ManifestLoad {
  /** Findings about the manifest files (missing, unreadable, malformed, a second manifest). */
  findings: StageFinding[];
  /** The manifest file read, if one exists. */
  file?: string;
  manifest?: LoadedDocument<BundleManifest>;
  /** Present when the manifest is valid: the limits documents are read with. */
  limits?: LoadLimits;
  /** Present when the manifest is valid: which globs select a file, if any. */
  kindOf?: DocumentSelector;
}

/** Finds, reads and checks the manifest among the listed `files`. */
export function loadManifest(host: BundleHost, files: readonly string[], overrides: Partial<LoadLimits> = {}): ManifestLoad {
  const { file: manifestFile, findings } = findManifest(files);
  if (manifestFile === undefined) return { findings };
  const baseLimits = resolveLimits(undefined, overrides);
  const manifestLoad = loadDocument<BundleManifest>("manifest", manifestFile, host.readFile(manifestFile, baseLimits.maxBytes), baseLimits, "manifest");
  if (manifestLoad.finding) findings.push(manifestLoad.finding);
  const manifest = manifestLoad.loaded;
  if (!manifest) return { findings, file: manifestFile };
  // Without a valid manifest nothing else is meaningful: the manifest rule reports its issues.
  if (!manifest.valid) return { findings, file: manifestFile, manifest };
  return { findings, file: manifestFile, manifest, limits: resolveLimits(manifest.data, overrides), kindOf: documentSelector(manifest.data, manifestFile) };
}

/**
 * Loads a bundle through its host: finds and checks the manifest, then parses and
 * schema-checks every phase and mission document its globs select, in sorted order.
 */
export function loadBundle(host: LoadingHost, overrides: Partial<LoadLimits> = {}): LoadBundleResult {
  const documents = new Map<string, SourceDocument>();
  const files = host.listFiles();
  const { findings, manifest, limits, kindOf } = loadManifest(host, files, overrides);
  if (!manifest) return { findings, documents };
  documents.set(manifest.document.file, manifest.document);
  if (!limits || !kindOf) return { findings, documents, bundle: { manifest, phases: [], missions: [], fileCount: 1 } };
  const phases: LoadedDocument<PhaseReport>[] = [];
  const missions: LoadedDocument<unknown>[] = [];
  const requests: DocumentRequest[] = [];
  for (const file of files) {
    const kind = kindOf(file);
    if (kind) requests.push({ file, kind });
  }
  const detached = requests.length > 0 ? host.loadDocuments?.(requests, limits) : undefined;
  const unloaded: string[] = [];
  let fileCount = 1;
  for (const [index, { file, kind }] of requests.entries()) {
    fileCount++;
    const ready = detached?.(index);
    const { loaded, finding } = ready
      ? attachLoad<unknown>({ file, kind }, ready, limits)
      : loadDocument(kind, file, host.readFile(file, limits.maxBytes), limits);
    if (finding) findings.push(finding);
    if (!loaded) {
      unloaded.push(file);
      continue;
    }
    documents.set(file, loaded.document);
    if (kind === "phase") phases.push(loaded as LoadedDocument<PhaseReport>);
    else missions.push(loaded);
  }
  return { findings, documents, bundle: { manifest, phases, missions, fileCount, unloaded: unloaded.sort(compareStrings) } };
}
