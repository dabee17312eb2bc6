import type { LoadedDocument } from "./bundle.js";
import type { CheckResult, CompileOptions } from "./check-result.js";
import { finish, topicOwners } from "./check/finish.js";
import { runDocumentRules } from "./check/run-rules.js";
import type { DocumentKind } from "./constants.js";
import type { AnyFinding } from "./diagnostics.js";
import { resolveLimits } from "./load/load-bundle.js";
import type { ReadResult, SourceDocument } from "./load/source-document.js";
import type { BundleManifest } from "./types/manifest.js";
import type { PhaseReport } from "./types/phase-report.js";
import { loadDocument } from "./validate/validate-bundle.js";
import { detectDocumentKind } from "./validate/document-kind.js";

// The `validate` half of the pipeline (program.ts holds `check`), kept apart so that checking
// single files never loads binding, the task graph or the code model.

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
  topicOwners(options.rules);
  const limits = resolveLimits(undefined, options.limits);
  const findings: AnyFinding[] = [];
  const documents = new Map<string, SourceDocument>();
  const set = {
    manifests: [] as LoadedDocument<BundleManifest>[],
    phases: [] as LoadedDocument<PhaseReport>[],
    missions: [] as LoadedDocument<unknown>[],
    artifacts: [] as LoadedDocument<unknown>[],
  };
  for (const input of inputs) {
    let detected = detectDocumentKind(input.file, undefined, input.kind);
    const isManifest = detected.kind === "manifest";
    const { loaded: parsed, finding } = loadDocument<unknown>(
      (value) => (detected = detectDocumentKind(input.file, value, input.kind)).kind,
      input.file,
      input.read,
      limits,
      isManifest ? "manifest" : "document",
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
  return {
    ...finish({
      findings,
      documents,
      rules: options.rules,
      severities: options.severities ?? {},
      suppressions: { documents: set, reportUnused: false },
      files: inputs.length,
    }),
    documents,
  };
}
