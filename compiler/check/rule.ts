import type { Bundle, LoadedDocument } from "../bundle.js";
import type { JsonPath, LocationTarget, MessageData, Severity, SourceRange, StageTopic } from "../diagnostics.js";
import type { MissionEntry } from "../bind/mission-entry.js";
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
  /** This finding's severity in place of the rule's default (a configured severity still wins). */
  severity?: Severity;
}

/** How a rule reports: a message id from its own `messages`, a target, and placeholder data. */
export type Report<M extends string> = (messageId: M, at: ReportTarget, data?: MessageData) => void;

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
  /**
   * The findings of a pipeline stage this rule reports (`document`: files that do not load;
   * `manifest`: a missing or unusable manifest; `suppression`: suppressions that suppress
   * nothing). The stages report by topic and know no rule id; the final step names the rule
   * that declares the topic, and its `messages` must hold the stage's message ids.
   */
  topic?: StageTopic;
}

/**
 * What the findings of a bundle rule depend on, so that the incremental engine knows what to
 * re-run after an edit:
 * - `document`: the document a finding is reported in and the manifest, nothing else
 *   (the rule reads each phase entry on its own);
 * - `dependencies`: the phase ids and `dependency_graph` lists of every phase
 *   (and nothing else of any document, not even titles);
 * - `contracts`: the contracts and data models of every document (names, shapes, models, and
 *   where each is written), nothing else; re-run over the whole bundle when an edit changes them;
 * - `traces`: the requirements of every mission and the `traces` of every phase's invariants
 *   and tests (what they name and where), nothing else; re-run over the whole bundle when an
 *   edit changes them;
 * - `bundle`: anything; the rule is re-run over the whole bundle after every edit.
 */
export type RuleReach = "document" | "dependencies" | "contracts" | "traces" | "bundle";

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

/** The input of a rule over the manifest. */
export interface ManifestRuleInput {
  manifest: LoadedDocument<BundleManifest>;
  /** The id of every rule of the run (the shipped rules, for the CLI): what the manifest's `rules` map may name. */
  ruleIds: readonly string[];
}

/** A rule over the manifest alone. */
export interface ManifestRule<M extends string = string> extends RuleMeta<M> {
  scope: "manifest";
  check(input: ManifestRuleInput, report: Report<M>): void;
}

/** A rule over any single document of its kind, including missions (schema-level rules). */
export interface DocumentRule<M extends string = string> extends RuleMeta<M> {
  scope: "document";
  check(input: { document: LoadedDocument<unknown> }, report: Report<M>): void;
}

/** A rule over the whole bundle and its task graph. */
export interface BundleRule<M extends string = string> extends RuleMeta<M> {
  scope: "bundle";
  /** What its findings depend on (see {@link RuleReach}). */
  reach: RuleReach;
  check(input: { bundle: Bundle; graph: TaskGraph }, report: Report<M>): void;
}

/**
 * A rule over one mission document at a time, as binding reads it (its reach is the document:
 * its findings depend on that mission alone). Runs inside a bundle with a valid manifest.
 */
export interface MissionRule<M extends string = string> extends RuleMeta<M> {
  scope: "mission";
  check(input: { mission: MissionEntry; graph: TaskGraph }, report: Report<M>): void;
}

/**
 * A rule whose findings a pipeline stage produces (the loader's `protocol/parse`, the
 * suppression pass's `suppression/unused`; the validator's schema findings are not of this
 * kind): it carries metadata and the stage's topic only, so that the final step can name the
 * stage's findings and the registry, `spec-kit rules` and SARIF know it.
 */
export interface StageRule<M extends string = string> extends RuleMeta<M> {
  scope: "stage";
  topic: StageTopic;
  /** The stage that emits it (`check`: the suppression pass after the rules). */
  stage: "load" | "check";
}

/** A rule over the TypeScript code the manifest governs (its `code` section, or `check --code`). */
export interface CodeRule<M extends string = string> extends RuleMeta<M> {
  scope: "code";
  check(input: CodeRuleInput, report: Report<M>): void;
}

/** Any rule. */
export type Rule = PhaseRule | ManifestRule | DocumentRule | BundleRule | MissionRule | StageRule | CodeRule;

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

/** Declares a mission rule. */
export function defineMissionRule<const M extends string>(rule: MissionRule<M>): MissionRule<M> {
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
