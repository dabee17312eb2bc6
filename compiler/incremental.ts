import { createHash } from "node:crypto";
import type { Bundle, LoadedDocument } from "./bundle.js";
import { bindGraph, phaseIdOfFileName } from "./bind/bind-graph.js";
import { stronglyConnectedComponents } from "./bind/elementary-cycles.js";
import { compareNatural } from "./bind/natural-order.js";
import { readPhaseEntry } from "./bind/phase-entry.js";
import { documentContracts } from "./contracts/document-contracts.js";
import type { CheckResult, CompileOptions } from "./check-result.js";
import { finisher, POLICY_TOPICS, STAGE_TOPICS, topicOwners } from "./check/finish.js";
import { runPolicies } from "./policy/run-policies.js";
import type { Rule } from "./check/rule.js";
import { ruleReach } from "./check/rule-reach.js";
import { runCodeRules } from "./check/run-code-rules.js";
import { runDocumentRules, runGraphRules } from "./check/run-rules.js";
import { isManifestName, TEST_LEVELS, type DocumentKind } from "./constants.js";
import { compareStrings, summarize, type AnyFinding, type Diagnostic, type Finding, type StageFinding } from "./diagnostics.js";
import { asRecord, own } from "./guards.js";
import type { BundleHost, LoadLimits, ReadResult, SourceDocument } from "./load/source-document.js";
import { checkBundle, setLazyGraph } from "./program.js";
import { foldedName } from "./portable-names.js";
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

/** What the `dependencies`-reach rules read of one phase document, as the engine indexes it. */
interface PhaseLinks {
  /** Its phase id, when binding can read one. */
  id?: string;
  dependsOn: string[];
  unblocks: string[];
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
  /** For phases: the same as ids (absent when the document did not load). */
  links?: PhaseLinks;
  /** What the `contracts`-reach rules read of it (names, shapes, where written), as a comparable string. */
  contracts?: string;
  /** For phases: what the `traces`-reach rules read of it (each reference and where), as a comparable string. */
  traces?: string;
}

/** Files by the phase ids they declare or name, kept up to date per edit. */
interface PhaseIndex {
  /** Phase id: the files that declare it. */
  declared: Map<string, Set<string>>;
  /** Case-folded phase id: the files that declare it. */
  folded: Map<string, Set<string>>;
  /** Phase id: the files whose depends_on or unblocks name it. */
  named: Map<string, Set<string>>;
  /**
   * Phase id: its strongly connected component of depends_on (more than one phase, or a
   * phase depending on itself), over every document's lists (duplicates' too, so a superset
   * of the bound graph's component). Absent for the other phases.
   */
  component: Map<string, readonly string[]>;
  /** The edges of those components by id, cached until a document declaring the id changes. */
  successors: Map<string, readonly string[]>;
  /** Phase documents binding reads no id from (or that did not load): they presume the id their name names. */
  idless: Set<string>;
  /** Every declared id in `TaskGraph.phaseIds` order; undefined when it must be computed again. */
  phaseIds?: readonly string[];
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
  /** Their states in that order. */
  entries: FileState[];
  /** The loaded phases and missions, and the files that did not load, as the bundle lists them. */
  lists: { phases: LoadedDocument<PhaseReport>[]; missions: LoadedDocument<unknown>[]; unloaded: string[]; unloadedPhases: string[] };
  /** Where each loaded document is in `lists.phases` or `lists.missions`. */
  positions: Map<string, number>;
  /** Every parsed document by file, the manifest first. */
  documents: Map<string, SourceDocument>;
  /** Findings of the `dependencies`-reach rules, by file. */
  structural: Map<string, Finding[]>;
  /** Findings of the `contracts`-reach rules, by file. */
  contractFindings: Map<string, Finding[]>;
  /** Findings of the `traces`-reach rules, by file. */
  traceFindings: Map<string, Finding[]>;
  /** Findings re-made on every update (`bundle`-reach rules, code rules, policies), by file. */
  volatile: Map<string, AnyFinding[]>;
  index: PhaseIndex;
  /** Each file's diagnostics, finished (suppressed, located, sorted); only files that have some. */
  parts: Map<string, Diagnostic[]>;
  /** The files of `parts`, sorted. */
  partOrder: string[];
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
 * only, `dependencies` rules over the region of the phases an edit can affect (see
 * `#updateStructure`) when the ids or dependency lists of a phase changed (over every phase
 * when a mission changed), `contracts` rules over everything when a contract or data model
 * changed, `bundle` rules over everything after every edit; code rules (when `options.code`
 * is given and the manifest has a code root) after every change. Each file's findings are
 * finished apart and the parts joined in file order. A change to the manifest or a bundle
 * without a valid manifest mean a full check. The result always
 * equals what `checkBundle` gives for the same files (its `graph` is bound on first read).
 * Pure: all input comes through `host` (and `options.code`).
 */
export class IncrementalChecker {
  readonly #host: BundleHost;
  readonly #options: CompileOptions;
  readonly #documentRules: readonly Rule[];
  readonly #localRules: readonly Rule[];
  readonly #structuralRules: readonly Rule[];
  readonly #contractRules: readonly Rule[];
  readonly #traceRules: readonly Rule[];
  readonly #wholeRules: readonly Rule[];
  #state: BundleState | undefined;
  /** Finishes one file's findings with the state's severities (made again on every rebuild). */
  #finish: ReturnType<typeof finisher> | undefined;

  /** `options` as for `checkBundle`. */
  constructor(host: BundleHost, options: CompileOptions) {
    topicOwners(options.rules, options.policies ? [...STAGE_TOPICS, ...POLICY_TOPICS] : STAGE_TOPICS);
    this.#host = host;
    this.#options = options;
    const reach = (rule: Rule) => (rule.scope === "bundle" ? ruleReach(rule) : rule.scope === "mission" ? "document" : undefined);
    this.#documentRules = options.rules.filter((rule) => reach(rule) === undefined);
    this.#localRules = options.rules.filter((rule) => reach(rule) === "document");
    this.#structuralRules = options.rules.filter((rule) => reach(rule) === "dependencies");
    this.#contractRules = options.rules.filter((rule) => reach(rule) === "contracts");
    this.#traceRules = options.rules.filter((rule) => reach(rule) === "traces");
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
    const state: BundleState = {
      manifest: valid,
      manifestFindings,
      files: new Map(),
      order: [],
      entries: [],
      lists: { phases: [], missions: [], unloaded: [], unloadedPhases: [] },
      positions: new Map(),
      documents: new Map(),
      structural: new Map(),
      contractFindings: new Map(),
      traceFindings: new Map(),
      volatile: new Map(),
      index: { declared: new Map(), folded: new Map(), named: new Map(), component: new Map(), successors: new Map(), idless: new Set() },
      parts: new Map(),
      partOrder: [],
    };
    this.#finish = finisher(this.#options.rules, { ...valid.manifest.data.rules, ...this.#options.severities });
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
      const links = readPhaseEntry(entry.projected);
      entry.links = links
        ? { id: links.phaseId, dependsOn: links.dependsOn.map((item) => item.value), unblocks: links.unblocks.map((item) => item.value) }
        : { dependsOn: [], unblocks: [] };
    }
    if (loaded && kind === "phase" && this.#traceRules.length > 0) {
      const traces = tracesKey(loaded.data);
      if (traces !== undefined) entry.traces = traces;
    }
    if (loaded && this.#contractRules.length > 0) {
      const contracts = contractsKey(loaded);
      if (contracts !== undefined) entry.contracts = contracts;
    }
    return entry;
  }

  /** Stores the changed documents, re-runs the rules they affect and assembles the result. */
  #apply(state: BundleState, dirty: readonly FileState[], removed: readonly string[], full: boolean): IncrementalResult {
    const manifest = state.manifest.manifest;
    // Each changed file with its state before the update (undefined: it is new).
    const previous = new Map<string, FileState | undefined>();
    for (const file of removed) previous.set(file, state.files.get(file));
    for (const entry of dirty) previous.set(entry.file, state.files.get(entry.file));
    for (const file of removed) state.files.delete(file);
    const added = dirty.some((entry) => previous.get(entry.file) === undefined);
    for (const entry of dirty) state.files.set(entry.file, entry);
    if (added || removed.length > 0) state.order = [...state.files.keys()].sort(compareStrings);
    // The files whose diagnostics must be finished again.
    const touched = new Set<string>(previous.keys());

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

    const reshaped = full || added || removed.length > 0 || dirty.some((entry) => !entry.loaded !== !previous.get(entry.file)?.loaded);
    if (reshaped) relist(state);
    else {
      for (const entry of dirty) {
        state.entries[sortedIndex(state.order, entry.file)] = entry;
        if (!entry.loaded) continue;
        (entry.kind === "phase" ? state.lists.phases : state.lists.missions)[state.positions.get(entry.file)!] = entry.loaded as LoadedDocument<PhaseReport>;
        state.documents.set(entry.file, entry.loaded.document);
      }
    }
    const entries = state.entries;
    const { lists } = state;
    // The result's own copies: the state's lists change with the next update.
    const bundle: Bundle = {
      manifest,
      phases: lists.phases.slice(),
      missions: lists.missions.slice(),
      fileCount: 1 + entries.length,
      unloaded: lists.unloaded.slice(),
      ...(lists.unloadedPhases.length > 0 ? { unloadedPhases: lists.unloadedPhases.slice() } : {}),
    };
    const missionChanged = [...previous].some(([file, before]) => (before ?? state.files.get(file))?.kind === "mission");
    // Phases whose projection changed, and phases added or removed (a file that does not load still presumes an id).
    const moved = [...previous.keys()].filter((file) => {
      const before = previous.get(file);
      const after = state.files.get(file);
      return before?.projection !== after?.projection || (before === undefined) !== (after === undefined);
    });
    // After a full load the changed documents are all documents, and their graph is the bundle's;
    // a mission edit may change the tasks of a tasks.md, whose cycles graph/no-cycle reports.
    if (full || (missionChanged && this.#structuralRules.length > 0)) {
      const found = runGraphRules(this.#structuralRules, bundle, full ? changedGraph : () => bindGraph(bundle, { contents: false }));
      replaceGroups(state.structural, groupByFile(found), touched);
      indexAll(state.index, entries);
    } else if (moved.length > 0) {
      this.#updateStructure(state, moved, previous, bundle.fileCount, touched);
    }
    const contractsMoved = [...previous.keys()].some((file) => previous.get(file)?.contracts !== state.files.get(file)?.contracts);
    if (this.#contractRules.length > 0 && (full || contractsMoved)) {
      replaceGroups(state.contractFindings, groupByFile(runGraphRules(this.#contractRules, bundle, () => bindGraph(bundle, { contents: false }))), touched);
    }
    const tracesMoved = missionChanged || [...previous.keys()].some((file) => previous.get(file)?.traces !== state.files.get(file)?.traces);
    if (this.#traceRules.length > 0 && (full || tracesMoved)) {
      replaceGroups(state.traceFindings, groupByFile(runGraphRules(this.#traceRules, bundle, () => bindGraph(bundle, { contents: false }))), touched);
    }
    // Bound only if one of them reads the graph (manifest/empty-glob reads only the file list).
    const volatile: AnyFinding[] =
      this.#wholeRules.length === 0 ? [] : runGraphRules(this.#wholeRules, bundle, full ? changedGraph : () => bindGraph(bundle, { contents: false }));
    if (this.#options.code) volatile.push(...runCodeRules(this.#options.rules, bundle, this.#options.code));
    const policies = this.#options.policies && runPolicies(bundle, manifest.data, this.#options.policies);
    if (policies) volatile.push(...policies.findings);
    replaceGroups(state.volatile, groupByFile(volatile), touched);

    const documents = new Map(state.documents);
    const manifestGroups = groupByFile(state.manifestFindings);
    if (full) {
      for (const file of manifestGroups.keys()) touched.add(file);
      state.parts.clear();
    }
    const finish = this.#finish!;
    for (const file of touched) {
      const entry = state.files.get(file);
      const findings: AnyFinding[] = [...(manifestGroups.get(file) ?? [])];
      if (entry?.loadFinding) findings.push(entry.loadFinding);
      if (entry) findings.push(...entry.documentFindings, ...entry.localFindings);
      findings.push(...(state.structural.get(file) ?? []), ...(state.contractFindings.get(file) ?? []), ...(state.traceFindings.get(file) ?? []), ...(state.volatile.get(file) ?? []));
      const loaded = entry?.loaded ? [entry.loaded] : [];
      const suppressing = entry?.kind === "phase" ? { phases: loaded, missions: [] } : { phases: [], missions: loaded };
      const part = findings.length === 0 && loaded.length === 0 ? [] : finish(findings, documents, { documents: suppressing, reportUnused: true });
      const had = state.parts.has(file);
      if (part.length > 0) {
        state.parts.set(file, part);
        if (!had && !full) insertSorted(state.partOrder, file);
      } else if (had) {
        state.parts.delete(file);
        removeSorted(state.partOrder, file);
      }
    }
    if (full) state.partOrder = [...state.parts.keys()].sort(compareStrings);
    const diagnostics = state.partOrder.flatMap((file) => state.parts.get(file)!);
    const result: IncrementalResult = {
      diagnostics,
      summary: summarize(diagnostics, bundle.fileCount),
      documents,
      bundle,
      stats: { reparsed: dirty.length, removed: removed.length, rebuilt: full },
    };
    if (policies) result.policies = policies.summary;
    setLazyGraph(result, bundle);
    state.last = result;
    return result;
  }

  /**
   * Re-runs the `dependencies`-reach rules over the region of the bundle that the changed
   * phase lists or ids (`moved`) can affect, and replaces the findings of that region. A
   * finding of those rules at a phase depends on its own lists, on the documents that declare
   * the phases it names (graph/asymmetric-edge, graph/unknown-phase), on those that share its
   * id up to case (graph/duplicate-phase), on its strongly connected component of depends_on
   * (graph/no-cycle) and, for the suggestion of an unknown phase, on the set of ids. So the
   * region (`core`) is: the changed documents; those naming, or declaring up to case, an id
   * a changed document declared, declares or is named after; every document of a component
   * that held or holds such an id; with the set of ids changed, every document naming an id
   * nobody declares; and the whole component of each of these. The rules run over the core
   * plus what its findings read (the documents declaring every id it names), with the
   * bundle's full id list and presumed ids; only the findings in the core are kept, the
   * others are the same as before.
   */
  #updateStructure(
    state: BundleState,
    moved: readonly string[],
    previous: ReadonlyMap<string, FileState | undefined>,
    fileCount: number,
    touched: Set<string>,
  ): void {
    const index = state.index;
    const ids = new Set<string>();
    let idsChanged = false;
    // For an id declared by the same documents before and after: the ids its depends_on gained.
    const gained = new Map<string, string[]>();
    const redeclared = new Set<string>();
    const componentsBefore: string[] = [];
    for (const file of moved) {
      const before = previous.get(file)?.links;
      const after = state.files.get(file)?.links;
      for (const id of [before?.id, after?.id, phaseIdOfFileName(file)]) {
        if (id === undefined || ids.has(id)) continue;
        ids.add(id);
        componentsBefore.push(...(index.component.get(id) ?? []));
      }
      if (before?.id !== after?.id) {
        idsChanged = true;
        for (const id of [before?.id, after?.id]) if (id !== undefined) redeclared.add(id);
      } else if (before && after && after.id !== undefined) {
        const list = gained.get(after.id) ?? [];
        list.push(...after.dependsOn.filter((id) => !before.dependsOn.includes(id)));
        gained.set(after.id, list);
      }
      if (before) unindexLinks(index, file, before);
      if (after) indexLinks(index, file, after);
      const now = state.files.get(file);
      if (now?.kind === "phase" && after?.id === undefined) index.idless.add(file);
      else index.idless.delete(file);
    }
    if (idsChanged) index.phaseIds = undefined;
    for (const id of redeclared) gained.delete(id);
    updateComponents(index, state.files, ids, gained);

    const declaring = (id: string, into: Set<string>): void => {
      for (const file of index.declared.get(id) ?? []) into.add(file);
    };
    const core = new Set<string>(moved);
    for (const id of ids) {
      for (const file of index.named.get(id) ?? []) core.add(file);
      for (const file of index.folded.get(foldedName(id)) ?? []) core.add(file);
      for (const member of index.component.get(id) ?? []) declaring(member, core);
    }
    for (const member of componentsBefore) declaring(member, core);
    if (idsChanged) {
      for (const [id, files] of index.named) if (!index.declared.has(id)) for (const file of files) core.add(file);
    }
    for (const file of [...core]) {
      const id = state.files.get(file)?.links?.id;
      if (id !== undefined) for (const member of index.component.get(id) ?? []) declaring(member, core);
    }
    const region = new Set(core);
    for (const file of core) {
      const links = state.files.get(file)?.links;
      if (!links) continue;
      if (links.id !== undefined) for (const other of index.folded.get(foldedName(links.id)) ?? []) region.add(other);
      for (const id of links.dependsOn) declaring(id, region);
      for (const id of links.unblocks) declaring(id, region);
    }

    const phases: LoadedDocument<PhaseReport>[] = [];
    for (const file of [...region].sort(compareStrings)) {
      const projected = state.files.get(file)?.projected;
      if (projected) phases.push(projected);
    }
    // Phase documents binding reads no id from are presumed to declare the id their name names: all of them, as in the bundle.
    const presumed = [...index.idless];
    const part: Bundle = { manifest: state.manifest.manifest, phases, missions: [], fileCount, ...(presumed.length > 0 ? { unloadedPhases: presumed } : {}) };
    const graph = bindGraph(part, { contents: false, phaseIds: { list: phaseIdsOf(index), has: (id) => index.declared.has(id) } });
    const found = groupByFile(runGraphRules(this.#structuralRules, part, graph));
    for (const file of core) {
      touched.add(file);
      const list = found.get(file);
      if (list) state.structural.set(file, list);
      else state.structural.delete(file);
    }
  }
}

/** Lists the state's documents afresh from its files in order. */
function relist(state: BundleState): void {
  const manifest = state.manifest.manifest;
  state.entries = state.order.map((file) => state.files.get(file)!);
  const lists: BundleState["lists"] = { phases: [], missions: [], unloaded: [], unloadedPhases: [] };
  state.positions.clear();
  state.documents = new Map([[manifest.document.file, manifest.document]]);
  for (const entry of state.entries) {
    if (!entry.loaded) {
      lists.unloaded.push(entry.file);
      if (entry.kind === "phase") lists.unloadedPhases.push(entry.file);
      continue;
    }
    state.documents.set(entry.file, entry.loaded.document);
    if (entry.kind === "phase") {
      state.positions.set(entry.file, lists.phases.length);
      lists.phases.push(entry.loaded as LoadedDocument<PhaseReport>);
    } else {
      state.positions.set(entry.file, lists.missions.length);
      lists.missions.push(entry.loaded);
    }
  }
  state.lists = lists;
}

/** Replaces the findings by file in `groups` with `next`, marking every file that had or has some. */
function replaceGroups<F>(groups: Map<string, F[]>, next: ReadonlyMap<string, F[]>, touched: Set<string>): void {
  for (const file of groups.keys()) touched.add(file);
  groups.clear();
  for (const [file, list] of next) {
    touched.add(file);
    groups.set(file, list);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, file: string): void {
  const set = map.get(key);
  if (set) set.add(file);
  else map.set(key, new Set([file]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, file: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(file);
  if (set.size === 0) map.delete(key);
}

function indexLinks(index: PhaseIndex, file: string, links: PhaseLinks): void {
  if (links.id !== undefined) {
    addTo(index.declared, links.id, file);
    addTo(index.folded, foldedName(links.id), file);
  }
  for (const id of links.dependsOn) addTo(index.named, id, file);
  for (const id of links.unblocks) addTo(index.named, id, file);
}

function unindexLinks(index: PhaseIndex, file: string, links: PhaseLinks): void {
  if (links.id !== undefined) {
    removeFrom(index.declared, links.id, file);
    removeFrom(index.folded, foldedName(links.id), file);
  }
  for (const id of links.dependsOn) removeFrom(index.named, id, file);
  for (const id of links.unblocks) removeFrom(index.named, id, file);
}

/** Indexes every phase afresh. */
function indexAll(index: PhaseIndex, entries: readonly FileState[]): void {
  index.declared.clear();
  index.folded.clear();
  index.named.clear();
  index.successors.clear();
  index.idless.clear();
  index.phaseIds = undefined;
  const files = new Map<string, FileState>();
  for (const entry of entries) {
    files.set(entry.file, entry);
    if (entry.links) indexLinks(index, entry.file, entry.links);
    if (entry.kind === "phase" && entry.links?.id === undefined) index.idless.add(entry.file);
  }
  index.component = dependencyComponents(index, files);
  // Sorted now, on the first check, rather than on the first edit that needs it.
  phaseIdsOf(index);
}

/** The strongly connected components of depends_on among the declared ids (see {@link PhaseIndex.component}). */
function dependencyComponents(index: PhaseIndex, files: ReadonlyMap<string, FileState>): Map<string, readonly string[]> {
  const successors = new Map<string, string[]>();
  for (const [id, declaring] of index.declared) {
    const list: string[] = [];
    for (const file of declaring) list.push(...(files.get(file)?.links?.dependsOn ?? []));
    successors.set(id, list);
  }
  const components = new Map<string, readonly string[]>();
  const next = (id: string): readonly string[] => successors.get(id) ?? [];
  for (const component of stronglyConnectedComponents([...successors.keys()], next, (id) => successors.has(id))) {
    if (component.length > 1 || next(component[0]!).includes(component[0]!)) for (const id of component) components.set(id, component);
  }
  return components;
}

/** The ids an id depends on, over every document declaring it (duplicates' too): the edges of {@link PhaseIndex.component}. */
function successorsOf(index: PhaseIndex, files: ReadonlyMap<string, FileState>, id: string): readonly string[] {
  const cached = index.successors.get(id);
  if (cached) return cached;
  const list: string[] = [];
  for (const file of index.declared.get(id) ?? []) list.push(...(files.get(file)?.links?.dependsOn ?? []));
  index.successors.set(id, list);
  return list;
}

/** `starts` and every id reachable from them along depends_on. */
function reachable(starts: readonly string[], next: (id: string) => readonly string[]): Set<string> {
  const reached = new Set<string>();
  const queue = [...starts];
  for (let at = queue.pop(); at !== undefined; at = queue.pop()) {
    if (reached.has(at)) continue;
    reached.add(at);
    for (const to of next(at)) if (!reached.has(to)) queue.push(to);
  }
  return reached;
}

/**
 * Brings {@link PhaseIndex.component} up to date after the documents declaring or named after
 * `ids` changed (the index already updated; `added` gives, for each id whose declaring
 * documents stayed the same, the ids its depends_on gained): a component can only split where
 * it held one of them (its members' components are computed again within it) and only form or
 * grow around an added edge u -> v where v reaches u, as what u reaches and is reached from.
 */
function updateComponents(index: PhaseIndex, files: ReadonlyMap<string, FileState>, ids: ReadonlySet<string>, added: ReadonlyMap<string, readonly string[]>): void {
  for (const id of ids) index.successors.delete(id);
  const next = (id: string): readonly string[] => successorsOf(index, files, id);
  const set = (component: readonly string[]): void => {
    if (component.length > 1 || next(component[0]!).includes(component[0]!)) for (const id of component) index.component.set(id, component);
  };
  const before = new Set<readonly string[]>();
  for (const id of ids) {
    const component = index.component.get(id);
    if (component) before.add(component);
  }
  for (const component of before) {
    for (const id of component) index.component.delete(id);
    const members = new Set(component.filter((id) => index.declared.has(id)));
    for (const part of stronglyConnectedComponents([...members], next, (id) => members.has(id))) set(part);
  }
  for (const id of ids) {
    if (!index.declared.has(id)) continue;
    const gained = added.get(id);
    if (gained?.length === 0) continue;
    // A new cycle through id runs through an edge it gained (any edge, for a newly declared id).
    if (!reachable(gained ?? next(id), next).has(id)) continue;
    const reached = reachable(next(id), next);
    const component = new Set([id]);
    const queue = [id];
    for (let at = queue.pop(); at !== undefined; at = queue.pop()) {
      for (const file of index.named.get(at) ?? []) {
        const links = files.get(file)?.links;
        const from = links?.id;
        if (from === undefined || component.has(from) || !reached.has(from) || !links!.dependsOn.includes(at)) continue;
        component.add(from);
        queue.push(from);
      }
    }
    set([...component]);
  }
}

/** Every declared id in the order `TaskGraph.phaseIds` gives for the whole bundle: entries sort by id, then file. */
function phaseIdsOf(index: PhaseIndex): readonly string[] {
  if (index.phaseIds) return index.phaseIds;
  const first = new Map<string, string>();
  for (const [id, files] of index.declared) first.set(id, [...files].sort(compareStrings)[0]!);
  index.phaseIds = [...first.keys()].sort((a, b) => compareNatural(a, b) || compareStrings(first.get(a)!, first.get(b)!));
  return index.phaseIds;
}

/** The position of `file` in the sorted `files`, or where it would go. */
function sortedIndex(files: readonly string[], file: string): number {
  let low = 0;
  let high = files.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareStrings(files[middle]!, file) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertSorted(files: string[], file: string): void {
  files.splice(sortedIndex(files, file), 0, file);
}

function removeSorted(files: string[], file: string): void {
  const at = sortedIndex(files, file);
  if (files[at] === file) files.splice(at, 1);
}

/**
 * What the `contracts`-reach rules read of a document, as a comparable string: each contract
 * and data model's name, origin, paths, shape and model facts, and where its name is written
 * (graph-free rules such as contract/conflict quote the first declaration's line and column).
 * Undefined when it declares none.
 */
function contractsKey(loaded: LoadedDocument<unknown>): string | undefined {
  const { definitions } = documentContracts(loaded);
  if (definitions.length === 0) return undefined;
  return JSON.stringify(
    definitions.map((definition) => {
      const at = definition.document.locate([...definition.path, "name"], "value");
      return [definition.name, definition.origin, definition.path, definition.shapePath, definition.form, definition.schema ?? null, definition.model ?? null, at];
    }),
  );
}

/** The requirement references of a phase's invariants and tests with their paths, as a comparable string (undefined: none). */
function tracesKey(data: unknown): string | undefined {
  const found: unknown[] = [];
  const scan = (items: unknown, path: readonly (string | number)[]): void => {
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => {
      if (item !== null && typeof item === "object" && "traces" in item) found.push([...path, index], (item as { traces: unknown }).traces);
    });
  };
  scan(own(data, "invariants"), ["invariants"]);
  const tests = own(data, "tests");
  for (const level of TEST_LEVELS) scan(own(tests, level), ["tests", level]);
  return found.length === 0 ? undefined : JSON.stringify(found);
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
