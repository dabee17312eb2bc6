import type { Bundle } from "./bundle.js";
import { bindGraph } from "./bind/bind-graph.js";
import type { TaskGraph } from "./bind/task-graph.js";
import type { Rule } from "./check/rule.js";
import { runDocumentRules, runGraphRules } from "./check/run-rules.js";
import { applySuppressions } from "./check/suppressions.js";
import type { CodeInput } from "./code/code-host.js";
import { findBreakingChanges, type AgainstLabel } from "./contracts/breaking.js";
import { runCodeRules } from "./code/run-code-rules.js";
import { summarize, type Diagnostic, type DiagnosticSummary, type RuleSeverity } from "./diagnostics.js";
import { loadBundle } from "./load/load-bundle.js";
import type { BundleHost, LoadLimits, SourceDocument } from "./load/source-document.js";
import { resolveFindings } from "./validate-files.js";

export { detectKind, resolveFindings, validateFiles, type ValidateInput } from "./validate-files.js";

/** Options shared by `check` and `validate`. */
export interface CompileOptions {
  /** The rules to run (the CLI passes the full registry). */
  rules: readonly Rule[];
  /** Severity overrides that win over the manifest's `rules` map (the CLI's `--rule id=severity`). */
  severities?: Readonly<Record<string, RuleSeverity>>;
  limits?: Partial<LoadLimits>;
  /** File access for the `code` rules; they run when the manifest has a `code` section or `code.root` is set. */
  code?: CodeInput;
  /** `check --against REV`: the other version of the bundle, loaded, whose contracts must not break (contract/breaking). */
  against?: { bundle: Bundle; label: AgainstLabel };
}

/** What `check` and `validate` return. */
export interface CheckResult {
  /** Sorted by file, line, column, rule id. */
  diagnostics: Diagnostic[];
  summary: DiagnosticSummary;
  /** Every parsed document by file, for code frames. */
  documents: ReadonlyMap<string, SourceDocument>;
  bundle?: Bundle;
  /**
   * The bundle's full task graph, when the manifest is valid. Bound on first read: the rules
   * need only part of it (`bindGraph`'s `contents: false`), and `check` never reads it.
   */
  graph?: TaskGraph;
}

/** Sets `result.graph` to bind the full graph of `bundle` on first read (then it is a plain value). */
export function setLazyGraph(result: CheckResult, bundle: Bundle): void {
  Object.defineProperty(result, "graph", {
    configurable: true,
    enumerable: true,
    get() {
      const graph = bindGraph(bundle);
      Object.defineProperty(result, "graph", { value: graph, writable: true, configurable: true, enumerable: true });
      return graph;
    },
  });
}

/** Parse, validate, bind and check a bundle. Pure: all input comes through `host`. */
export function checkBundle(host: BundleHost, options: CompileOptions): CheckResult {
  const loaded = loadBundle(host, options.limits);
  const findings = [...loaded.findings];
  const bundle = loaded.bundle;
  let bound = false;
  if (bundle) {
    const manifest = bundle.manifest.valid ? bundle.manifest.data : undefined;
    findings.push(...runDocumentRules(options.rules, { manifests: [bundle.manifest], phases: bundle.phases, missions: bundle.missions, manifest }));
    // Binding needs a trustworthy manifest; phase rules still see invalid phases through guards.
    if (manifest) {
      bound = true;
      findings.push(...runGraphRules(options.rules, bundle, bindGraph(bundle, { contents: false })));
      if (options.code) findings.push(...runCodeRules(options.rules, bundle, options.code));
    }
    if (options.against) findings.push(...findBreakingChanges(options.against.bundle, bundle, options.against.label));
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
  if (bundle && bound) setLazyGraph(result, bundle);
  return result;
}
