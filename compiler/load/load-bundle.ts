import { createRequire } from "node:module";
import type picomatchType from "picomatch";
import type { Bundle, DocumentKind, LoadedDocument } from "../bundle.js";
import { START_OF_FILE, compareStrings, type Finding } from "../diagnostics.js";
import type { BundleManifest } from "../types/manifest.js";
import type { PhaseReport } from "../types/phase-report.js";
import { validateDocument } from "../validate/validate-document.js";
import { attachLoad, type DocumentRequest } from "./detached-load.js";
import { declaredGlobs, globFindings, type DeclaredGlobs } from "./glob-coverage.js";
import { parseDocument } from "./parse-document.js";
import { DEFAULT_LIMITS, type BundleHost, type LoadLimits, type ReadResult, type SourceDocument } from "./source-document.js";

/** picomatch, loaded when a bundle's globs are first needed (`validate` never needs them). */
function picomatch(globs: string | string[], options: picomatchType.PicomatchOptions): picomatchType.Matcher {
  return (createRequire(import.meta.url)("picomatch") as typeof picomatchType)(globs, options);
}

/** File names a manifest may have, in order of preference. */
export const MANIFEST_NAMES = ["spec-kit.yaml", "spec-kit.yml", "spec-kit.json"] as const;
/** Where phase documents are looked for when the manifest does not say. */
export const DEFAULT_PHASE_GLOBS = ["phases/**/*.{yaml,yml,json}"];
/** Where mission documents are looked for when the manifest does not say. */
export const DEFAULT_MISSION_GLOBS = ["missions/**/*.{yaml,yml,json}"];

/** The outcome of loading: a bundle when the manifest allowed one, and every finding so far. */
export interface LoadBundleResult {
  bundle?: Bundle;
  findings: Finding[];
  /** Every document parsed, by file, so that findings can be located and framed. */
  documents: Map<string, SourceDocument>;
}

/** Turns a host read failure into a finding of the given rule. */
export function readFailureFinding(file: string, result: Extract<ReadResult, { ok: false }>, ruleId: string): Finding {
  return { ruleId, message: result.message, file, range: START_OF_FILE };
}

/** Reads, parses and schema-checks one document of a known kind. */
export function loadDocument<T>(
  kindOf: DocumentKind | ((value: unknown) => DocumentKind),
  file: string,
  read: ReadResult,
  limits: LoadLimits,
  parseRuleId = "protocol/parse",
): { loaded?: LoadedDocument<T>; finding?: Finding } {
  if (!read.ok) return { finding: readFailureFinding(file, read, parseRuleId) };
  const parsed = parseDocument(file, read.bytes, limits);
  if (!parsed.ok) return { finding: { ...parsed.finding, ruleId: parseRuleId } };
  const kind = typeof kindOf === "function" ? kindOf(parsed.document.value) : kindOf;
  const schemaIssues = validateDocument(kind, parsed.document.value);
  return {
    loaded: {
      document: parsed.document,
      kind,
      data: parsed.document.value as T,
      valid: schemaIssues.length === 0,
      schemaIssues,
    },
  };
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

/** What loading the manifest gives: the documents' kinds and limits when it is valid. */
export interface ManifestLoad {
  /** Findings about the manifest files (missing, unreadable, malformed, a second manifest). */
  findings: Finding[];
  /** The manifest file read, if one exists. */
  file?: string;
  manifest?: LoadedDocument<BundleManifest>;
  /** Present when the manifest is valid: the limits documents are read with. */
  limits?: LoadLimits;
  /** Present when the manifest is valid: which globs select a file, if any. */
  kindOf?: (file: string) => DocumentKind | undefined;
  /** Present when the manifest is valid: the globs it declares, for `manifest/empty-glob`. */
  globs?: DeclaredGlobs[];
}

/** Whether a file name is one a manifest may have (a change to it changes the whole bundle). */
export function isManifestFile(file: string): boolean {
  return (MANIFEST_NAMES as readonly string[]).includes(file);
}

/** Finds, reads and checks the manifest among the listed `files`. */
export function loadManifest(host: BundleHost, files: readonly string[], overrides: Partial<LoadLimits> = {}): ManifestLoad {
  const findings: Finding[] = [];
  const present = new Set(files);
  const manifestNames = MANIFEST_NAMES.filter((name) => present.has(name));
  const manifestFile = manifestNames[0];
  if (manifestFile === undefined) {
    findings.push({
      ruleId: "manifest/schema",
      message: `no manifest: expected ${MANIFEST_NAMES.join(" or ")} at the bundle root`,
      file: MANIFEST_NAMES[0],
      range: START_OF_FILE,
    });
    return { findings };
  }
  for (const extra of manifestNames.slice(1)) {
    findings.push({
      ruleId: "manifest/schema",
      message: `${extra} is ignored: ${manifestFile} is the bundle's manifest; keep only one`,
      file: extra,
      range: START_OF_FILE,
      severity: "warning",
    });
  }
  const baseLimits = resolveLimits(undefined, overrides);
  const manifestRead = host.readFile(manifestFile, baseLimits.maxBytes);
  const manifestLoad = loadDocument<BundleManifest>("manifest", manifestFile, manifestRead, baseLimits, "manifest/schema");
  if (manifestLoad.finding) findings.push(manifestLoad.finding);
  const manifest = manifestLoad.loaded;
  if (!manifest) return { findings, file: manifestFile };
  // Without a valid manifest nothing else is meaningful: the manifest rule reports its issues.
  if (!manifest.valid) return { findings, file: manifestFile, manifest };
  const isPhase = picomatch(manifest.data.phases ?? DEFAULT_PHASE_GLOBS, { dot: false });
  const isMission = picomatch(manifest.data.missions ?? DEFAULT_MISSION_GLOBS, { dot: false });
  const kindOf = (file: string): DocumentKind | undefined =>
    file === manifestFile ? undefined : isPhase(file) ? "phase" : isMission(file) ? "mission" : undefined;
  return { findings, file: manifestFile, manifest, limits: resolveLimits(manifest.data, overrides), kindOf, globs: declaredGlobs(manifest.data) };
}

/**
 * Loads a bundle through its host: finds and checks the manifest, then parses and
 * schema-checks every phase and mission document its globs select, in sorted order.
 */
export function loadBundle(host: BundleHost, overrides: Partial<LoadLimits> = {}): LoadBundleResult {
  const documents = new Map<string, SourceDocument>();
  const files = host.listFiles();
  const { findings, manifest, limits, kindOf, globs } = loadManifest(host, files, overrides);
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
  findings.push(...globFindings(manifest, globs ?? [], requests.map((request) => request.file)));
  const unloaded: string[] = [];
  const detached = requests.length > 0 ? host.loadDocuments?.(requests, limits) : undefined;
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
