import type { LoadedDocument } from "./bundle.js";
import type { CheckResult, CompileOptions } from "./check-result.js";
import { finish, topicOwners } from "./check/finish.js";
import { runDocumentRules, type DocumentSet } from "./check/run-rules.js";
import { isManifestName, type DocumentKind } from "./constants.js";
import type { AnyFinding } from "./diagnostics.js";
import { resolveLimits } from "./load/load-bundle.js";
import type { ReadResult, SourceDocument } from "./load/source-document.js";
import type { BundleManifest } from "./types/manifest.js";
import type { PhaseReport } from "./types/phase-report.js";
import { loadDocument } from "./validate/validate-bundle.js";

// The `validate` half of the pipeline (program.ts holds `check`), kept apart so that checking
// single files never loads binding, the task graph or the code model.

/** One file handed to `validate`: its display path and what reading it gave. */
export interface ValidateInput {
  file: string;
  read: ReadResult;
}

/** Guesses a lone file's kind: a manifest by name, a mission by its top-level keys, else a phase report. */
export function detectKind(file: string, value: unknown): DocumentKind {
  const base = file.slice(file.lastIndexOf("/") + 1);
  if (isManifestName(base)) return "manifest";
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (!keys.includes("phase_meta") && keys.includes("mission")) return "mission";
  }
  return "phase";
}

/**
 * The manifest of the bundle the validated files lie in (found by the CLI above them), so that
 * `validate` judges them as `check` does: its `rules` severities apply, and phase rules read
 * its declarations (guardrail names).
 */
export interface ValidateContext {
  /** The manifest file, as the documents' paths are written. */
  file: string;
  read: ReadResult;
}

/**
 * Checks single documents without a bundle (the pre-commit path): parse, schema and document
 * rules. With `context`, the manifest of their bundle applies: its rule severities (under the
 * caller's) and its declarations; a manifest that does not load or is invalid cannot be
 * honoured, so it is reported itself (nothing is judged by defaults it would override).
 */
export function validateFiles(inputs: readonly ValidateInput[], options: CompileOptions, context?: ValidateContext): CheckResult {
  topicOwners(options.rules);
  const limits = resolveLimits(undefined, options.limits);
  const findings: AnyFinding[] = [];
  const documents = new Map<string, SourceDocument>();
  const set: DocumentSet & { manifests: LoadedDocument<BundleManifest>[]; phases: LoadedDocument<PhaseReport>[]; missions: LoadedDocument<unknown>[] } = {
    manifests: [],
    phases: [],
    missions: [],
  };
  let files = inputs.length;
  if (context && !inputs.some((input) => input.file === context.file)) {
    const { loaded, finding } = loadDocument<BundleManifest>("manifest", context.file, context.read, limits, "manifest");
    if (finding) findings.push(finding);
    if (loaded) documents.set(context.file, loaded.document);
    if (loaded?.valid) set.manifest = loaded.data;
    else if (loaded) set.manifests.push(loaded);
    if (!loaded?.valid) files++;
  }
  for (const input of inputs) {
    const isManifest = detectKind(input.file, undefined) === "manifest";
    const { loaded, finding } = loadDocument<unknown>((value) => detectKind(input.file, value), input.file, input.read, limits, isManifest ? "manifest" : "document");
    if (finding) findings.push(finding);
    if (!loaded) continue;
    documents.set(input.file, loaded.document);
    if (loaded.kind === "manifest") set.manifests.push(loaded as LoadedDocument<BundleManifest>);
    else if (loaded.kind === "mission") set.missions.push(loaded);
    else set.phases.push(loaded as LoadedDocument<PhaseReport>);
  }
  // The bundle's manifest among the files is checked as one, and applies as the context.
  const named = context && set.manifests.find((manifest) => manifest.document.file === context.file);
  if (named?.valid) set.manifest = named.data;
  findings.push(...runDocumentRules(options.rules, set));
  return {
    ...finish({
      findings,
      documents,
      rules: options.rules,
      severities: { ...set.manifest?.rules, ...options.severities },
      suppressions: { documents: set, reportUnused: false },
      files,
    }),
    documents,
  };
}
