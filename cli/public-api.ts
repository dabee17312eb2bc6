/**
 * The package's public API (`import { loadBundle, validate, check } from "spec-kit"`): the
 * compiler's pure stages bound to the file system and the shipped rules.
 */
import { loadBundle as loadBundleWithHost, type LoadBundleResult } from "../compiler/validate/validate-bundle.js";
import { checkBundle, validateFiles, type CheckResult } from "../compiler/program.js";
import type { LoadLimits } from "../compiler/load/source-document.js";
import type { RuleSeverity } from "../compiler/diagnostics.js";
import { ALL_RULES } from "../rules/index.js";
import { createNodeHost } from "./node-host.js";
import { createMemoryHost } from "./memory-host.js";
import { createCodeInput, createExampleCodeInput, type CodeOptions } from "./code-host.js";
import { exampleAgainst, loadAgainst } from "./against.js";
import { MANIFEST_NAMES } from "../compiler/constants.js";
export { MANIFEST_NAMES, isManifestName } from "../compiler/constants.js";
import { compareStrings } from "../compiler/diagnostics.js";
import { bundlePolicyOptions, createPolicyHost } from "./policy/policy-host.js";

export type { Bundle, LoadedDocument, SchemaIssue } from "../compiler/bundle.js";
export type { DocumentKind } from "../compiler/constants.js";
export type { Diagnostic, DiagnosticSummary, Severity, RuleSeverity, JsonPath, SourceRange } from "../compiler/diagnostics.js";
export type { SourceDocument, LoadLimits, BundleHost } from "../compiler/load/source-document.js";
export type { LoadingHost } from "../compiler/validate/detached-load.js";
export type { CheckResult } from "../compiler/program.js";
export type { Rule, RuleMeta } from "../compiler/check/rule.js";
export type { TaskGraph } from "../compiler/bind/task-graph.js";
export type { TaskGraphDocument, TaskNode, TaskEdge, TaskNodeKind, TaskEdgeKind, SourceRef } from "../compiler/types/task-graph.js";
export type { PhaseReport } from "../compiler/types/phase-report.js";
export type { PolicyInput } from "../compiler/types/policy-input.js";
export type { PolicySummary, EvaluatedEntrypoint } from "../compiler/policy/run-policies.js";
export type { BundleManifest } from "../compiler/types/manifest.js";
export type { MissionDocument } from "../compiler/types/mission.js";
export { ALL_RULES } from "../rules/index.js";
export { readCriterion, type Comparator, type CriterionClause, type CriterionReading, type InexactReason, type Rate } from "../compiler/acceptance.js";
export { checkBundle, validateFiles } from "../compiler/program.js";

/** Options of `check` and `validate`. */
export interface ApiOptions {
  /** Severity overrides by rule id; they win over the manifest's `rules` map. */
  rules?: Readonly<Record<string, RuleSeverity>>;
  limits?: Partial<LoadLimits>;
  /** `check` only: a code root, a change set, phases for the code rules (`--code`, `--diff`, `--phase`). */
  code?: CodeOptions;
  /** `check` only: a git revision or a folder whose contracts this version must not break (`--against`). */
  against?: string;
  /** `check` only: policy files to evaluate besides the manifest's `policies` (`--policy`), relative to the current folder. */
  policy?: readonly string[];
  /** `check` only: `false` skips every policy, the manifest's included (default: evaluate them). */
  policies?: boolean;
}

/** Loads and schema-checks the bundle at `dir` without running rules. */
export function loadBundle(dir: string, options: ApiOptions = {}): LoadBundleResult {
  return loadBundleWithHost(createNodeHost(dir), options.limits);
}

/** Parses, validates and statically checks the bundle at `dir`. */
export function check(dir: string, options: ApiOptions = {}): CheckResult {
  const host = createNodeHost(dir);
  const against = options.against === undefined ? undefined : loadAgainst(dir, options.against);
  const compile = { rules: ALL_RULES, severities: options.rules ?? {}, limits: options.limits ?? {}, code: createCodeInput(dir, options.code), ...(against ? { against } : {}) };
  if (options.policies === false) return checkBundle(host, compile);
  return checkBundle(host, { ...compile, policies: bundlePolicyOptions(dir, host, options.policy ?? []) });
}

/**
 * Checks a rule example (file path to text, or to bytes for a compiled policy) with every
 * shipped rule: as a bundle when it holds a manifest, else as single documents the way
 * `validate` checks them. Used by `spec-kit explain`.
 */
export function checkFileMap(example: Readonly<Record<string, string | Uint8Array>>): CheckResult {
  // Files under against/ are the version a contract/breaking example is compared with.
  const { files, against } = exampleAgainst(example);
  const names = Object.keys(files);
  if (MANIFEST_NAMES.some((name) => names.includes(name))) {
    const host = createMemoryHost(files);
    const texts = Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    return checkBundle(host, { rules: ALL_RULES, code: createExampleCodeInput(texts), policies: { host: createPolicyHost(host) }, ...(against ? { against } : {}) });
  }
  const encoder = new TextEncoder();
  const inputs = names.sort(compareStrings).map((file) => {
    const content = files[file]!;
    return { file, read: { ok: true as const, bytes: typeof content === "string" ? encoder.encode(content) : content } };
  });
  return validateFiles(inputs, { rules: ALL_RULES });
}

/** Checks single phase reports (or a manifest, or mission documents) without a bundle. */
export { validate } from "./validate-paths.js";
