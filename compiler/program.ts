import type { Bundle } from "./bundle.js";
import type { CheckResult, CompileOptions } from "./check-result.js";
import { bindGraph } from "./bind/bind-graph.js";
import { finish, POLICY_TOPICS, STAGE_TOPICS, topicOwners } from "./check/finish.js";
import { runCodeRules } from "./check/run-code-rules.js";
import { runDocumentRules, runGraphRules } from "./check/run-rules.js";
import type { AnyFinding } from "./diagnostics.js";
import type { LoadingHost } from "./validate/detached-load.js";
import { loadBundle } from "./validate/validate-bundle.js";
import { runPolicies } from "./policy/run-policies.js";

export type { CheckResult, CompileOptions } from "./check-result.js";
export { detectKind, validateFiles, type ValidateInput } from "./validate-files.js";

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

/**
 * Parse, validate, bind and check a bundle, stopping where an error makes the next stage
 * meaningless (no manifest, or an invalid one: nothing is bound). Pure: all input comes
 * through `host`.
 */
export function checkBundle(host: LoadingHost, options: CompileOptions): CheckResult {
  topicOwners(options.rules, options.policies ? [...STAGE_TOPICS, ...POLICY_TOPICS] : STAGE_TOPICS);
  const loaded = loadBundle(host, options.limits);
  const findings: AnyFinding[] = [...loaded.findings];
  const bundle = loaded.bundle && options.against ? { ...loaded.bundle, baseline: options.against } : loaded.bundle;
  const manifest = bundle?.manifest.valid ? bundle.manifest.data : undefined;
  let policies: ReturnType<typeof runPolicies>;
  if (bundle) {
    findings.push(...runDocumentRules(options.rules, { manifests: [bundle.manifest], phases: bundle.phases, missions: bundle.missions, manifest }));
    // Binding needs a trustworthy manifest; phase rules still see invalid phases through the guards.
    if (manifest) {
      findings.push(...runGraphRules(options.rules, bundle, bindGraph(bundle, { contents: false })));
      if (options.code) findings.push(...runCodeRules(options.rules, bundle, options.code));
      policies = options.policies && runPolicies(bundle, manifest, options.policies);
      if (policies) findings.push(...policies.findings);
    }
  }
  const { diagnostics, summary } = finish({
    findings,
    documents: loaded.documents,
    rules: options.rules,
    severities: { ...manifest?.rules, ...options.severities },
    ...(bundle ? { suppressions: { documents: bundle, reportUnused: true } } : {}),
    files: bundle?.fileCount ?? loaded.documents.size,
  });
  const result: CheckResult = { diagnostics, summary, documents: loaded.documents };
  if (bundle) result.bundle = bundle;
  if (policies) result.policies = policies.summary;
  if (bundle && manifest) setLazyGraph(result, bundle);
  return result;
}
