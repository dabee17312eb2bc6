import type { Bundle } from "../bundle.js";
import { bindGraph } from "../bind/bind-graph.js";
import { own } from "../guards.js";
import { compareStrings, type AnyFinding, type Severity } from "../diagnostics.js";
import type { BundleManifest, PolicyEntry } from "../types/manifest.js";
import { entrypointKind } from "./entrypoints.js";
import { entrypointFindings, failureFinding, type PolicyPlace, type PolicyTargets } from "./policy-findings.js";
import { DEFAULT_POLICY_BUDGET, type PolicyFileDigest, type PolicyOptions, type PolicyRequest } from "./policy-host.js";
import { buildPolicyInput } from "./policy-input.js";

/** One entrypoint that was evaluated to a result. */
export interface EvaluatedEntrypoint {
  /** The policy's path as configured. */
  policy: string;
  entrypoint: string;
  /** The rule ids its results were reported under (empty when it found nothing). */
  ruleIds: string[];
}

/** What a check's policies did: for `verify`'s `policy_eval` and the programmatic API. */
export interface PolicySummary {
  /** Policies configured: the manifest's `policies` and `--policy` paths. */
  policies: number;
  /** Entrypoints evaluated to a result, in order. */
  evaluated: EvaluatedEntrypoint[];
  /** Policies that did not load, or failed or were stopped before their last entrypoint. */
  failed: number;
  /** The policy and data files read, with their digests, in the order read. */
  files: PolicyFileDigest[];
}

/** The findings of every policy, and what ran. */
export interface PolicyRun {
  findings: AnyFinding[];
  summary: PolicySummary;
}

interface Planned {
  request: PolicyRequest;
  place: PolicyPlace;
}

function planManifestPolicies(manifest: BundleManifest, manifestFile: string): Planned[] {
  const entries: unknown = own(manifest, "policies");
  if (!Array.isArray(entries)) return [];
  return (entries as PolicyEntry[]).map((entry, index) => {
    const request: PolicyRequest = {
      path: entry.path,
      external: false,
      budget: { timeoutMs: entry.timeoutMs ?? DEFAULT_POLICY_BUDGET.timeoutMs, memoryMiB: entry.memoryMiB ?? DEFAULT_POLICY_BUDGET.memoryMiB },
    };
    if (entry.data !== undefined) request.data = entry.data;
    if (entry.entrypoints !== undefined) request.entrypoints = entry.entrypoints;
    const place: PolicyPlace = { label: entry.path, fallback: { file: manifestFile, path: ["policies", index] }, hasData: entry.data !== undefined };
    if (entry.entrypoints !== undefined) place.requested = entry.entrypoints;
    return { request, place };
  });
}

/**
 * Evaluates the manifest's `policies` and the extra ones over the bundle (pure: all I/O is
 * the host's). The input is built once (schemas/policy-input.schema.json) from the full task
 * graph; each policy's results and failures become findings that go through the same
 * severities, suppressions and formats as every rule's. Undefined when no policy is
 * configured, so a bundle without policies never binds the full graph for them. Expects a
 * manifest that passed its schema.
 */
export function runPolicies(bundle: Bundle, manifest: BundleManifest, options: PolicyOptions): PolicyRun | undefined {
  const planned = planManifestPolicies(manifest, bundle.manifest.document.file);
  for (const extra of options.extra ?? []) {
    planned.push({ request: { path: extra.path, external: true, budget: { ...DEFAULT_POLICY_BUDGET } }, place: { label: extra.path, fallback: { file: extra.file } } });
  }
  if (planned.length === 0) return undefined;
  const input = JSON.stringify(buildPolicyInput(bundle, bindGraph(bundle)));
  const targets = policyTargets(bundle);
  const findings: AnyFinding[] = [];
  const summary: PolicySummary = { policies: planned.length, evaluated: [], failed: 0, files: [] };
  for (const { request, place } of planned) {
    const outcome = options.host.evaluate(request, input);
    summary.files.push(...(outcome.files ?? []));
    for (const { entrypoint, resultSet } of outcome.results) {
      const found = entrypointFindings(entrypoint, resultSet, place, targets);
      findings.push(...found.findings);
      summary.evaluated.push({ policy: place.label, entrypoint, ruleIds: found.ruleIds });
    }
    if (outcome.failure) {
      findings.push(failureFinding(outcome.failure, place));
      summary.failed++;
    }
  }
  return { findings, summary };
}

function policyTargets(bundle: Bundle): PolicyTargets {
  const files = new Set<string>([bundle.manifest.document.file]);
  const phaseFiles = new Map<string, string>();
  for (const mission of bundle.missions) files.add(mission.document.file);
  // Of two documents with one phase id, results point at the first by file, as binding does.
  const phases = [...bundle.phases].sort((a, b) => compareStrings(a.document.file, b.document.file));
  for (const phase of phases) {
    files.add(phase.document.file);
    const id = own(own(phase.data, "phase_meta"), "phase_id");
    if (typeof id === "string" && !phaseFiles.has(id)) phaseFiles.set(id, phase.document.file);
  }
  return { files, phaseFiles };
}

/** What SARIF's `tool.driver.rules` and similar listings need to know of a rule. */
export interface PolicyRuleMeta {
  id: string;
  defaultSeverity: Severity;
  doc: string;
}

/**
 * The rule ids a run's policies reported under, each described by the first entrypoint that
 * used it, sorted by id: the rules that exist only for this run (shipped rules come from the
 * registry).
 */
export function policyRuleMetas(summary: PolicySummary): PolicyRuleMeta[] {
  const metas = new Map<string, PolicyRuleMeta>();
  for (const { policy, entrypoint, ruleIds } of summary.evaluated) {
    for (const id of ruleIds) {
      if (metas.has(id)) continue;
      metas.set(id, { id, defaultSeverity: entrypointKind(entrypoint) === "warn" ? "warning" : "error", doc: `A result of OPA policy ${policy}, entrypoint ${entrypoint}.` });
    }
  }
  return [...metas.values()].sort((a, b) => compareStrings(a.id, b.id));
}
