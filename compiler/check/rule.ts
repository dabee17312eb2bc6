import type { Bundle, LoadedDocument } from "../bundle.js";
import type { JsonPath, LocationTarget, Severity, SourceRange } from "../diagnostics.js";
import type { TaskGraph } from "../bind/task-graph.js";
import type { BundleManifest } from "../types/manifest.js";
import type { CodeRuleInput } from "../code/code-model.js";
import type { PhaseReport } from "../types/phase-report.js";

/** Where a rule points: a file, and a JSON path in it or a known range. */
export interface ReportTarget {
  file: string;
  path?: JsonPath;
  on?: LocationTarget;
  range?: SourceRange;
}

/** How a rule reports: a message id from its own `messages`, a target, and placeholder data. */
export type Report<M extends string> = (messageId: M, at: ReportTarget, data?: Readonly<Record<string, string | number>>) => void;

/** A small example bundle for `spec-kit explain`: file path to file text, or to bytes for a binary file (a compiled policy). */
export interface RuleExample {
  description: string;
  files: Readonly<Record<string, string | Uint8Array>>;
}

/** What every rule declares about itself. */
export interface RuleMeta<M extends string = string> {
  /** `area/name`; equals the rule's file path under `rules/`. */
  id: string;
  defaultSeverity: Severity;
  /** One line, shown by `spec-kit rules` and in SARIF `shortDescription`. */
  doc: string;
  /** Longer explanation for `spec-kit explain`. */
  details?: string;
  /** Message templates keyed by message id; `{{name}}` placeholders. */
  messages: Readonly<Record<M, string>>;
  examples?: { failing: RuleExample; passing: RuleExample };
}

/** The input of a rule that looks at one phase report (also run by `spec-kit validate`). */
export interface PhaseRuleInput {
  phase: LoadedDocument<PhaseReport>;
  /** Present when the phase is checked inside a bundle. */
  manifest?: BundleManifest;
}

/** A rule over one phase report. */
export interface PhaseRule<M extends string = string> extends RuleMeta<M> {
  scope: "phase";
  check(input: PhaseRuleInput, report: Report<M>): void;
}

/** A rule over the manifest alone. */
export interface ManifestRule<M extends string = string> extends RuleMeta<M> {
  scope: "manifest";
  check(input: { manifest: LoadedDocument<BundleManifest> }, report: Report<M>): void;
}

/** A rule over any single document of its kind, including missions (schema-level rules). */
export interface DocumentRule<M extends string = string> extends RuleMeta<M> {
  scope: "document";
  check(input: { document: LoadedDocument<unknown> }, report: Report<M>): void;
}

/** A rule over the whole bundle and its task graph. */
export interface BundleRule<M extends string = string> extends RuleMeta<M> {
  scope: "bundle";
  check(input: { bundle: Bundle; graph: TaskGraph }, report: Report<M>): void;
}

/**
 * A rule whose findings a pipeline stage produces (the loader's `protocol/parse`, the
 * validator's schema findings are not of this kind): it carries metadata only, so that the
 * registry, `spec-kit rules` and SARIF know it.
 */
export interface StageRule<M extends string = string> extends RuleMeta<M> {
  scope: "stage";
  /** The stage that emits it (`check`: the suppression pass after the rules). */
  stage: "load" | "check";
}

/** A rule over the TypeScript code the manifest governs (its `code` section, or `check --code`). */
export interface CodeRule<M extends string = string> extends RuleMeta<M> {
  scope: "code";
  check(input: CodeRuleInput, report: Report<M>): void;
}

/** Any rule. */
export type Rule = PhaseRule | ManifestRule | DocumentRule | BundleRule | StageRule | CodeRule;

/** Declares a phase rule; message ids used in `check` must be keys of `messages`. */
export function definePhaseRule<const M extends string>(rule: PhaseRule<M>): PhaseRule<M> {
  return rule;
}

/** Declares a manifest rule. */
export function defineManifestRule<const M extends string>(rule: ManifestRule<M>): ManifestRule<M> {
  return rule;
}

/** Declares a document rule. */
export function defineDocumentRule<const M extends string>(rule: DocumentRule<M>): DocumentRule<M> {
  return rule;
}

/** Declares a bundle rule. */
export function defineBundleRule<const M extends string>(rule: BundleRule<M>): BundleRule<M> {
  return rule;
}

/** Declares a rule whose findings a stage emits. */
export function defineStageRule<const M extends string>(rule: StageRule<M>): StageRule<M> {
  return rule;
}

/** Declares a code rule. */
export function defineCodeRule<const M extends string>(rule: CodeRule<M>): CodeRule<M> {
  return rule;
}
