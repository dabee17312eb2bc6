import { createHash } from "node:crypto";
import type { Bundle, LoadedDocument } from "./bundle.js";
import { bindGraph } from "./bind/bind-graph.js";
import type { CheckResult, CompileOptions } from "./check-result.js";
import { finish, POLICY_TOPICS, STAGE_TOPICS, topicOwners } from "./check/finish.js";
import { runPolicies } from "./policy/run-policies.js";
import type { Rule } from "./check/rule.js";
import { ruleReach } from "./check/rule-reach.js";
import { runCodeRules } from "./check/run-code-rules.js";
import { runDocumentRules, runGraphRules } from "./check/run-rules.js";
import { isManifestName, type DocumentKind } from "./constants.js";
import { compareStrings, type AnyFinding, type Finding, type StageFinding } from "./diagnostics.js";
import { asRecord, own } from "./guards.js";
import type { BundleHost, LoadLimits, ReadResult, SourceDocument } from "./load/source-document.js";
import { checkBundle, setLazyGraph } from "./program.js";
import type { PhaseReport } from "./types/phase-report.js";
import { loadDocument, loadManifest, type ManifestLoad } from "./validate/validate-bundle.js";

/** What one `update` did besides checking: for the watch mode's summary line and for tests. */
export interface UpdateStats {
  /** Documents parsed again because their content changed (or that appeared). */
  reparsed: number;
  /** Documents that disappeared. */
  removed: number;
  /** Whether everything was loaded afresh (first run, a manifest change, or no valid manifest). */
  rebuilt: boolean;
}

/** The result of an update: the same as a full `checkBundle`, plus what was redone. */
export interface IncrementalResult extends CheckResult {
  stats: UpdateStats;
}

/** One phase or mission document, with everything derived from it alone. */
interface FileState {
  file: string;
  kind: DocumentKind;
  /** Content key: sha1 of the bytes, or the read failure. */
  hash: string;
  loaded?: LoadedDocument<unknown>;
  /** The parse or read failure, when there is no document. */
  loadFinding?: StageFinding;
  /** Findings of the manifest, document and phase rules on this document. */
  documentFindings: Finding[];
  /** Findings of the `document`-reach bundle rules and the mission rules in this document. */
  localFindings: Finding[];
  /** For phases: what the `dependencies`-reach rules read of it, as a comparable string. */
  projection?: string;
  /** For phases: the document reduced to that part, which those rules run on. */
  projected?: LoadedDocument<PhaseReport>;
}

/** The cached state of a bundle whose manifest is valid. */
interface BundleState {
  manifest: Required<Pick<ManifestLoad, "manifest" | "limits" | "kindOf">> & ManifestLoad;
  /** Findings about the manifest: its load and the rules run on it. */
  manifestFindings: AnyFinding[];
  /** Phase and mission documents by file. */
  files: Map<string, FileState>;
  /** Their files in the host's order (sorted). */
  order: string[];
  /** Findings of the `dependencies`-reach rules. */
  structural: Finding[];
  /** The last result, returned again when an update changes nothing. */
  last?: IncrementalResult;
}

const EMPTY_STATS: UpdateStats = { reparsed: 0, removed: 0, rebuilt: false };

/** The sha1 of a file's bytes, or the reason it could not be read (so a new failure counts as a change). */
function contentKey(read: ReadResult): string {
  return read.ok ? createHash("sha1").update(read.bytes).digest("base64") : `!${read.reason}:${read.message}`;
}

/**
 * The part of a phase document that `dependencies`-reach rules read: the phase id and the
 * dependency lists, each exactly as written (whatever their type), under the same keys.
 */
function dependencyView(data: unknown): unknown {
  const meta = own(data, "phase_meta");
  const graph = own(data, "dependency_graph");
  if (!asRecord(data)) return data;
  return {
    phase_meta: asRecord(meta) ? { phase_id: own(meta, "phase_id") } : meta,
    dependency_graph: asRecord(graph) ? { depends_on: own(graph, "depends_on"), unblocks: own(graph, "unblocks") } : graph,
  };
}

function groupByFile<F extends AnyFinding>(findings: readonly F[]): Map<string, F[]> {
  const groups = new Map<string, F[]>();
  for (const finding of findings) {
    const list = groups.get(finding.file);
    if (list) list.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return groups;
}

/**
 * Checks a bundle again and again, redoing only what an edit affects. Each document's parse,
 * schema check and single-document rules are cached by content hash; bundle rules run by
 * the reach they declare: `document` rules (and the mission rules) on the changed documents
 * only, `dependencies` rules over a projection of every phase (ids and dependency lists),
 * and only when such a projection changed, `bundle` rules over everything; code rules (when
 * `options.code` is given and the manifest has a code root) after every change. A change to
 * the manifest or a bundle without a valid manifest mean a full check. The result always
 * equals what `checkBundle` gives for the same files (its `graph` is bound on first read).
 * Pure: all input comes through `host` (and `options.code`).
 */
export class IncrementalChecker {
  readonly #host: BundleHost;
  readonly #options: CompileOptions;
  readonly #documentRules: readonly Rule[];
  readonly #localRules: readonly Rule[];
  readonly #structuralRules: readonly Rule[];
  readonly #wholeRules: readonly Rule[];
  #state: BundleState | undefined;

  /** `options` as for `checkBundle`. */
  constructor(host: BundleHost, options: CompileOptions) {
    topicOwners(options.rules, options.policies ? [...STAGE_TOPICS, ...POLICY_TOPICS] : STAGE_TOPICS);
    this.#host = host;
    this.#options = options;
    const reach = (rule: Rule) => (rule.scope === "bundle" ? ruleReach(rule) : rule.scope === "mission" ? "document" : undefined);
    this.#documentRules = options.rules.filter((rule) => reach(rule) === undefined);
    this.#localRules = options.rules.filter((rule) => reach(rule) === "document");
    this.#structuralRules = options.rules.filter((rule) => reach(rule) === "dependencies");
    this.#wholeRules = options.rules.filter((rule) => reach(rule) === "bundle");
  }

  /**
   * Checks the bundle after `changed` (bundle-relative paths that may have been written,
   * created or deleted; undefined: anything may have changed, read everything again).
   */
  update(changed?: readonly string[]): IncrementalResult {
    const state = this.#state;
    if (!state || changed === undefined || changed.some(isManifestName)) return this.#rebuild();
    return this.#refresh(state, changed);
  }

  /** Loads everything afresh. */
  #rebuild(): IncrementalResult {
    this.#state = undefined;
    const files = this.#host.listFiles();
    const manifest = loadManifest(this.#host, files, this.#options.limits);
    if (!manifest.manifest || !manifest.limits || !manifest.kindOf) {
      // Nothing to cache: without a valid manifest only the manifest is read.
      return Object.assign(checkBundle(this.#host, this.#options), { stats: { ...EMPTY_STATS, rebuilt: true } });
    }
    const valid = { ...manifest, manifest: manifest.manifest, limits: manifest.limits, kindOf: manifest.kindOf };
    const manifestFindings = [
      ...manifest.findings,
      ...runDocumentRules(this.#documentRules, {
        manifests: [valid.manifest],
        phases: [],
        missions: [],
        manifest: valid.manifest.data,
        ruleIds: this.#options.rules.map((rule) => rule.id),
      }),
    ];
    const state: BundleState = { manifest: valid, manifestFindings, files: new Map(), order: [], structural: [] };
    const dirty: FileState[] = [];
    for (const file of files) {
      const kind = valid.kindOf(file);
      if (!kind) continue;
      const read = this.#host.readFile(file, valid.limits.maxBytes);
      dirty.push(this.#load(file, kind, read, contentKey(read), valid.limits));
    }
    this.#state = state;
    return this.#apply(state, dirty, [], true);
  }

  /** Re-reads the changed documents and re-runs what they affect. */
  #refresh(state: BundleState, changed: readonly string[]): IncrementalResult {
    const { kindOf, limits } = state.manifest;
    const reads = new Map<string, ReadResult>();
    const named = new Set(changed);
    let listed: readonly string[] | undefined;
    for (const file of named) {
      if (!state.files.has(file)) {
        // A new file, a folder, or an editor's temporary file: only a listing tells.
        listed ??= this.#host.listFiles();
        continue;
      }
      const read = this.#host.readFile(file, limits.maxBytes);
      if (!read.ok && read.reason === "not-found") listed ??= this.#host.listFiles();
      else reads.set(file, read);
    }
    const removed: string[] = [];
    if (listed) {
      const present = new Set(listed.filter((file) => kindOf(file) !== undefined));
      for (const file of state.files.keys()) if (!present.has(file)) removed.push(file);
      for (const file of present) {
        if (!reads.has(file) && (!state.files.has(file) || named.has(file))) reads.set(file, this.#host.readFile(file, limits.maxBytes));
      }
    }
    const dirty: FileState[] = [];
    for (const [file, read] of reads) {
      const key = contentKey(read);
      if (removed.includes(file) || state.files.get(file)?.hash === key) continue;
      dirty.push(this.#load(file, kindOf(file)!, read, key, limits));
    }
    // Code rules read files outside the bundle's documents: with them, any change re-runs them.
    if (dirty.length === 0 && removed.length === 0 && state.last && !this.#options.code) {
      state.last.stats = EMPTY_STATS;
      return state.last;
    }
    return this.#apply(state, dirty, removed, false);
  }

  /** Parses and schema-checks one document; its rule findings are filled in by `#apply`. */
  #load(file: string, kind: DocumentKind, read: ReadResult, hash: string, limits: LoadLimits): FileState {
    const { loaded, finding } = loadDocument<unknown>(kind, file, read, limits);
    const entry: FileState = { file, kind, hash, documentFindings: [], localFindings: [] };
    if (loaded) entry.loaded = loaded;
    if (finding) entry.loadFinding = finding;
    if (loaded && kind === "phase") {
      const view = dependencyView(loaded.data);
      entry.projection = JSON.stringify(view) ?? "";
      entry.projected = { ...(loaded as LoadedDocument<PhaseReport>), data: view as PhaseReport };
    }
    return entry;
  }

  /** Stores the changed documents, re-runs the rules they affect and assembles the result. */
  #apply(state: BundleState, dirty: readonly FileState[], removed: readonly string[], full: boolean): IncrementalResult {
    const manifest = state.manifest.manifest;
    const structureChanged =
      full || removed.length > 0 || dirty.some((entry) => entry.projection !== state.files.get(entry.file)?.projection);
    for (const file of removed) state.files.delete(file);
    const added = dirty.some((entry) => !state.files.has(entry.file));
    for (const entry of dirty) state.files.set(entry.file, entry);
    if (added || removed.length > 0) state.order = [...state.files.keys()].sort(compareStrings);

    const changed = documentsOf(dirty);
    const documentGroups = groupByFile(
      runDocumentRules(this.#documentRules, { manifests: [], phases: changed.phases, missions: changed.missions, manifest: manifest.data }),
    );
    const changedBundle: Bundle = { manifest, ...changed, fileCount: 1 + dirty.length, ...unloadedOf(dirty) };
    const changedGraph = bindGraph(changedBundle, { contents: false });
    const localGroups = groupByFile(runGraphRules(this.#localRules, changedBundle, changedGraph));
    for (const entry of dirty) {
      entry.documentFindings = documentGroups.get(entry.file) ?? [];
      entry.localFindings = localGroups.get(entry.file) ?? [];
    }

    const entries = state.order.map((file) => state.files.get(file)!);
    const all = documentsOf(entries);
    const unloaded = entries.filter((entry) => !entry.loaded).map((entry) => entry.file);
    const unloadedPhases = unloadedOf(entries);
    const bundle: Bundle = { manifest, ...all, fileCount: 1 + entries.length, unloaded, ...unloadedPhases };
    // After a full load the changed documents are all documents, and their graph is the bundle's.
    if (full) state.structural = runGraphRules(this.#structuralRules, bundle, changedGraph);
    else if (structureChanged) {
      const phases = entries.flatMap((entry) => (entry.projected ? [entry.projected] : []));
      const projected: Bundle = { manifest, phases, missions: [], fileCount: bundle.fileCount, ...unloadedPhases };
      state.structural = runGraphRules(this.#structuralRules, projected, bindGraph(projected, { contents: false }));
    }
    // Bound only if one of them reads the graph (manifest/empty-glob reads only the file list).
    const whole = this.#wholeRules.length === 0 ? [] : runGraphRules(this.#wholeRules, bundle, full ? changedGraph : () => bindGraph(bundle, { contents: false }));

    const findings: AnyFinding[] = [...state.manifestFindings];
    const documents = new Map<string, SourceDocument>([[manifest.document.file, manifest.document]]);
    for (const entry of entries) {
      if (entry.loadFinding) findings.push(entry.loadFinding);
      if (entry.loaded) documents.set(entry.file, entry.loaded.document);
      findings.push(...entry.documentFindings, ...entry.localFindings);
    }
    findings.push(...state.structural, ...whole);
    if (this.#options.code) findings.push(...runCodeRules(this.#options.rules, bundle, this.#options.code));
    const policies = this.#options.policies && runPolicies(bundle, manifest.data, this.#options.policies);
    if (policies) findings.push(...policies.findings);
    const { diagnostics, summary } = finish({
      findings,
      documents,
      rules: this.#options.rules,
      severities: { ...manifest.data.rules, ...this.#options.severities },
      suppressions: { documents: bundle, reportUnused: true },
      files: bundle.fileCount,
    });
    const result: IncrementalResult = {
      diagnostics,
      summary,
      documents,
      bundle,
      stats: { reparsed: dirty.length, removed: removed.length, rebuilt: full },
    };
    if (policies) result.policies = policies.summary;
    setLazyGraph(result, bundle);
    state.last = result;
    return result;
  }
}

/** The phase documents among some file states that did not load, as `Bundle.unloadedPhases` (absent when none). */
function unloadedOf(entries: readonly FileState[]): Pick<Bundle, "unloadedPhases"> {
  const files = entries.filter((entry) => entry.kind === "phase" && !entry.loaded).map((entry) => entry.file);
  return files.length > 0 ? { unloadedPhases: files } : {};
}

/** The loaded phase and mission documents of some file states, in their order. */
function documentsOf(entries: readonly FileState[]): { phases: LoadedDocument<PhaseReport>[]; missions: LoadedDocument<unknown>[] } {
  const phases: LoadedDocument<PhaseReport>[] = [];
  const missions: LoadedDocument<unknown>[] = [];
  for (const entry of entries) {
    if (!entry.loaded) continue;
    if (entry.kind === "phase") phases.push(entry.loaded as LoadedDocument<PhaseReport>);
    else missions.push(entry.loaded);
  }
  return { phases, missions };
}
