import type { Bundle, DocumentKind, LoadedDocument } from "./bundle.js";
import type { BundleManifest } from "./types/manifest.js";
import { bindGraph } from "./bind/bind-graph.js";
import type { TaskGraph } from "./bind/task-graph.js";
import type { Rule } from "./check/rule.js";
import { runDocumentRules, runGraphRules } from "./check/run-rules.js";
import { applyDocumentSuppressions, applySuppressions } from "./check/suppressions.js";
import {
  START_OF_FILE,
  compareDiagnostics,
  summarize,
  type Diagnostic,
  type DiagnosticSummary,
  type Finding,
  type RuleSeverity,
  type Severity,
} from "./diagnostics.js";
import { loadBundle, loadDocument, resolveLimits } from "./load/load-bundle.js";
import type { BundleHost, LoadLimits, ReadResult, SourceDocument } from "./load/source-document.js";
import type { PhaseReport } from "./types/phase-report.js";
import type { CodeInput } from "./code/code-host.js";
import { runCodeRules } from "./code/run-code-rules.js";

/** Options shared by `check` and `validate`. */
export interface CompileOptions {
  /** The rules to run (the CLI passes the full registry). */
  rules: readonly Rule[];
  /** Severity overrides that win over the manifest's `rules` map (the CLI's `--rule id=severity`). */
  severities?: Readonly<Record<string, RuleSeverity>>;
  limits?: Partial<LoadLimits>;
  /** File access for the `code` rules; they run when the manifest has a `code` section or `code.root` is set. */
  code?: CodeInput;
}

/** What `check` and `validate` return. */
export interface CheckResult {
  /** Sorted by file, line, column, rule id. */
  diagnostics: Diagnostic[];
  summary: DiagnosticSummary;
  /** Every parsed document by file, for code frames. */
  documents: ReadonlyMap<string, SourceDocument>;
  bundle?: Bundle;
  graph?: TaskGraph;
}

/** Applies severities, drops what is off, and locates what remains. */
export function resolveFindings(
  findings: readonly Finding[],
  documents: ReadonlyMap<string, SourceDocument>,
  rules: readonly Rule[],
  severities: Readonly<Record<string, RuleSeverity>>,
): Diagnostic[] {
  const defaults = new Map(rules.map((rule) => [rule.id, rule.defaultSeverity]));
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const configured = Object.prototype.hasOwnProperty.call(severities, finding.ruleId) ? severities[finding.ruleId] : undefined;
    const severity: RuleSeverity = configured ?? finding.severity ?? defaults.get(finding.ruleId) ?? "error";
    if (severity === "off") continue;
    const range =
      finding.range ?? documents.get(finding.file)?.locate(finding.path ?? [], finding.on ?? "value") ?? START_OF_FILE;
    const diagnostic: Diagnostic = {
      ruleId: finding.ruleId,
      severity: severity as Severity,
      message: finding.message,
      file: finding.file,
      ...range,
    };
    if (finding.path) diagnostic.path = finding.path;
    diagnostics.push(diagnostic);
  }
  return diagnostics.sort(compareDiagnostics);
}

/** Parse, validate, bind and check a bundle. Pure: all input comes through `host`. */
export function checkBundle(host: BundleHost, options: CompileOptions): CheckResult {
  const loaded = loadBundle(host, options.limits);
  const findings = [...loaded.findings];
  let graph: TaskGraph | undefined;
  const bundle = loaded.bundle;
  if (bundle) {
    const manifest = bundle.manifest.valid ? bundle.manifest.data : undefined;
    findings.push(...runDocumentRules(options.rules, { manifests: [bundle.manifest], phases: bundle.phases, missions: bundle.missions, manifest }));
    // Binding needs a trustworthy manifest; phase rules still see invalid phases through guards.
    if (manifest) {
      graph = bindGraph(bundle);
      findings.push(...runGraphRules(options.rules, bundle, graph));
      if (options.code) findings.push(...runCodeRules(options.rules, bundle, options.code));
    }
  }
  const severities = { ...(loaded.bundle?.manifest.valid ? loaded.bundle.manifest.data.rules : {}), ...options.severities };
  const kept = applySuppressions(findings, loaded.bundle);
  const diagnostics = resolveFindings(kept, loaded.documents, options.rules, severities);
  const result: CheckResult = {
    diagnostics,
    summary: summarize(diagnostics, loaded.bundle?.fileCount ?? loaded.documents.size),
    documents: loaded.documents,
  };
  if (loaded.bundle) result.bundle = loaded.bundle;
  if (graph) result.graph = graph;
  return result;
}

/** One file handed to `validate`: its display path and what reading it gave. */
export interface ValidateInput {
  file: string;
  read: ReadResult;
}

/** Guesses a lone file's kind: a manifest by name, a mission by its top-level keys, else a phase report. */
export function detectKind(file: string, value: unknown): DocumentKind {
  const base = file.slice(file.lastIndexOf("/") + 1);
  if (/^spec-kit\.(ya?ml|json)$/.test(base)) return "manifest";
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (!keys.includes("phase_meta") && keys.includes("mission")) return "mission";
  }
  return "phase";
}

/** Checks single documents without a bundle (the pre-commit path): parse, schema and document rules. */
export function validateFiles(inputs: readonly ValidateInput[], options: CompileOptions): CheckResult {
  const limits = resolveLimits(undefined, options.limits);
  const findings: Finding[] = [];
  const documents = new Map<string, SourceDocument>();
  const set = { manifests: [] as LoadedDocument<BundleManifest>[], phases: [] as LoadedDocument<PhaseReport>[], missions: [] as LoadedDocument<unknown>[] };
  for (const input of inputs) {
    const isManifest = detectKind(input.file, undefined) === "manifest";
    const { loaded, finding } = loadDocument<unknown>(
      (value) => detectKind(input.file, value),
      input.file,
      input.read,
      limits,
      isManifest ? "manifest/schema" : "protocol/parse",
    );
    if (finding) findings.push(finding);
    if (!loaded) continue;
    documents.set(input.file, loaded.document);
    if (loaded.kind === "manifest") set.manifests.push(loaded as LoadedDocument<BundleManifest>);
    else if (loaded.kind === "mission") set.missions.push(loaded);
    else set.phases.push(loaded as LoadedDocument<PhaseReport>);
  }
  findings.push(...runDocumentRules(options.rules, set));
  const kept = applyDocumentSuppressions(findings, set, { reportUnused: false });
  const diagnostics = resolveFindings(kept, documents, options.rules, options.severities ?? {});
  return { diagnostics, summary: summarize(diagnostics, inputs.length), documents };
}
