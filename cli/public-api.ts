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
export type { BundleManifest } from "../compiler/types/manifest.js";
export type { MissionDocument } from "../compiler/types/mission.js";
export { ALL_RULES } from "../rules/index.js";
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
}

/** Loads and schema-checks the bundle at `dir` without running rules. */
export function loadBundle(dir: string, options: ApiOptions = {}): LoadBundleResult {
  return loadBundleWithHost(createNodeHost(dir), options.limits);
}

/** Parses, validates and statically checks the bundle at `dir`. */
export function check(dir: string, options: ApiOptions = {}): CheckResult {
  const against = options.against === undefined ? undefined : loadAgainst(dir, options.against);
  return checkBundle(createNodeHost(dir), {
    rules: ALL_RULES,
    severities: options.rules ?? {},
    limits: options.limits ?? {},
    code: createCodeInput(dir, options.code),
    ...(against ? { against } : {}),
  });
}

/**
 * Checks a rule example (file path to text) with every shipped rule: as a bundle when it holds
 * a manifest, else as single documents the way `validate` checks them. Used by `spec-kit explain`.
 */
export function checkFileMap(files: Readonly<Record<string, string>>): CheckResult {
  const { files: current, against } = exampleAgainst(files);
  const names = Object.keys(current);
  if (MANIFEST_NAMES.some((name) => names.includes(name))) {
    return checkBundle(createMemoryHost(current), { rules: ALL_RULES, code: createExampleCodeInput(current), ...(against ? { against } : {}) });
  }
  const encoder = new TextEncoder();
  const inputs = names.sort(compareStrings).map((file) => ({ file, read: { ok: true as const, bytes: encoder.encode(current[file]) } }));
  return validateFiles(inputs, { rules: ALL_RULES });
}

/** Checks single phase reports (or a manifest, or mission documents) without a bundle. */
export { validate } from "./validate-paths.js";
