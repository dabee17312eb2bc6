import type { Bundle } from "./bundle.js";
import { bindGraph } from "./bind/bind-graph.js";
import type { TaskGraph } from "./bind/task-graph.js";
import type { Rule } from "./check/rule.js";
import { runDocumentRules, runGraphRules } from "./check/run-rules.js";
import { applySuppressions } from "./check/suppressions.js";
import type { CodeInput } from "./code/code-host.js";
import { runCodeRules } from "./code/run-code-rules.js";
import { summarize, type Diagnostic, type DiagnosticSummary, type RuleSeverity } from "./diagnostics.js";
import { loadBundle } from "./load/load-bundle.js";
import type { PolicyOptions } from "./policy/policy-host.js";
import { runPolicies, type PolicySummary } from "./policy/run-policies.js";
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
  /** Reading and running policies; the manifest's `policies` (and any extra ones) are evaluated only with it. */
  policies?: PolicyOptions;
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
  /** What the policies did, when any was configured and the manifest is valid. */
  policies?: PolicySummary;
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
  let policies: ReturnType<typeof runPolicies>;
  if (bundle) {
    const manifest = bundle.manifest.valid ? bundle.manifest.data : undefined;
    findings.push(...runDocumentRules(options.rules, { manifests: [bundle.manifest], phases: bundle.phases, missions: bundle.missions, manifest }));
    // Binding needs a trustworthy manifest; phase rules still see invalid phases through guards.
    if (manifest) {
      bound = true;
      findings.push(...runGraphRules(options.rules, bundle, bindGraph(bundle, { contents: false })));
      if (options.code) findings.push(...runCodeRules(options.rules, bundle, options.code));
      policies = options.policies && runPolicies(bundle, manifest, options.policies);
      if (policies) findings.push(...policies.findings);
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
  if (policies) result.policies = policies.summary;
  if (bundle && bound) setLazyGraph(result, bundle);
  return result;
}
