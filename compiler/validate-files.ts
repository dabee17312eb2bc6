import type { DocumentKind, LoadedDocument } from "./bundle.js";
import type { Rule } from "./check/rule.js";
import { runDocumentRules } from "./check/run-rules.js";
import { applyDocumentSuppressions } from "./check/suppressions.js";
import { START_OF_FILE, summarize, compareDiagnostics, type Diagnostic, type Finding, type RuleSeverity, type Severity } from "./diagnostics.js";
import { loadDocument, resolveLimits } from "./load/load-bundle.js";
import type { ReadResult, SourceDocument } from "./load/source-document.js";
import type { CheckResult, CompileOptions } from "./program.js";
import { detectDocumentKind } from "./validate/document-kind.js";
import type { BundleManifest } from "./types/manifest.js";
import type { PhaseReport } from "./types/phase-report.js";

// The `validate` half of the pipeline (program.ts holds `check`), kept apart so that checking
// single files never loads binding, the task graph or the code model.

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

/** One file handed to `validate`: its display path, what reading it gave, and its kind when the caller says (`--kind`). */
export interface ValidateInput {
  file: string;
  read: ReadResult;
  kind?: DocumentKind;
}

/** A lone file's kind (see compiler/validate/document-kind.ts for the clues and their order). */
export function detectKind(file: string, value: unknown, forced?: DocumentKind): DocumentKind {
  return detectDocumentKind(file, value, forced).kind;
}

/** A document whose kind its `$schema` named: that key is the document's, not a schema violation. */
function withoutSchemaKeyIssue<T>(loaded: LoadedDocument<T>): LoadedDocument<T> {
  const schemaIssues = loaded.schemaIssues.filter((issue) => !(issue.kind === "unknown-key" && issue.path.length === 1 && issue.path[0] === "$schema"));
  return schemaIssues.length === loaded.schemaIssues.length ? loaded : { ...loaded, schemaIssues, valid: schemaIssues.length === 0 };
}

/** Checks single documents without a bundle (the pre-commit path): parse, schema and document rules. */
export function validateFiles(inputs: readonly ValidateInput[], options: CompileOptions): CheckResult {
  const limits = resolveLimits(undefined, options.limits);
  const findings: Finding[] = [];
  const documents = new Map<string, SourceDocument>();
  const set = {
    manifests: [] as LoadedDocument<BundleManifest>[],
    phases: [] as LoadedDocument<PhaseReport>[],
    missions: [] as LoadedDocument<unknown>[],
    artifacts: [] as LoadedDocument<unknown>[],
  };
  for (const input of inputs) {
    const isManifest = detectKind(input.file, undefined, input.kind) === "manifest";
    let detected = detectDocumentKind(input.file, undefined, input.kind);
    const { loaded: parsed, finding } = loadDocument<unknown>(
      (value) => (detected = detectDocumentKind(input.file, value, input.kind)).kind,
      input.file,
      input.read,
      limits,
      isManifest ? "manifest/schema" : "protocol/parse",
    );
    if (finding) findings.push(finding);
    if (!parsed) continue;
    const loaded = detected.by === "$schema" ? withoutSchemaKeyIssue(parsed) : parsed;
    documents.set(input.file, loaded.document);
    if (loaded.kind === "manifest") set.manifests.push(loaded as LoadedDocument<BundleManifest>);
    else if (loaded.kind === "mission") set.missions.push(loaded);
    else if (loaded.kind === "phase") set.phases.push(loaded as LoadedDocument<PhaseReport>);
    else set.artifacts.push(loaded);
  }
  findings.push(...runDocumentRules(options.rules, set));
  const kept = applyDocumentSuppressions(findings, set, { reportUnused: false });
  const diagnostics = resolveFindings(kept, documents, options.rules, options.severities ?? {});
  return { diagnostics, summary: summarize(diagnostics, inputs.length), documents };
}
