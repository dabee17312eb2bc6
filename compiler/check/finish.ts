import {
  START_OF_FILE,
  compareDiagnostics,
  summarize,
  type AnyFinding,
  type Diagnostic,
  type DiagnosticSummary,
  type Finding,
  type RuleSeverity,
  type Severity,
  type StageTopic,
} from "../diagnostics.js";
import type { SourceDocument } from "../load/source-document.js";
import type { Rule } from "./rule.js";
import { applyDocumentSuppressions, type SuppressingDocuments } from "./suppressions.js";

/** What the final step needs: every finding of a run and what to resolve them with. */
export interface FinishInput {
  /** The findings of the stages and the rules, in any order. */
  findings: readonly AnyFinding[];
  /** Every parsed document by file, for positions. */
  documents: ReadonlyMap<string, SourceDocument>;
  /** The rules of the run: they name the stages' findings by topic and give default severities. */
  rules: readonly Rule[];
  /** Configured severities by rule id (the manifest's, then the caller's). */
  severities: Readonly<Record<string, RuleSeverity>>;
  /**
   * The documents whose suppressions apply, and whether a suppression that drops nothing is
   * reported (`validate` runs no bundle rules, so it does not report them). Absent: none.
   */
  suppressions?: { documents: SuppressingDocuments; reportUnused: boolean };
  /** Files read, for the summary. */
  files: number;
}

/** What the final step gives: the diagnostics, sorted, and their counts. */
export interface FinishResult {
  diagnostics: Diagnostic[];
  summary: DiagnosticSummary;
}

/**
 * The last steps of every check, run once whoever checks (`checkBundle`, `validateFiles`, the
 * incremental engine): names each stage finding by the rule that declares its topic, drops
 * what documents suppress (reporting suppressions that drop nothing), applies severities,
 * drops what is off, locates what remains, sorts and counts. A finding whose message id its
 * rule's catalogue lacks is a bug and throws; so does a run whose rules leave a topic unowned
 * (see {@link topicOwners}).
 */
export function finish(input: FinishInput): FinishResult {
  const diagnostics = finisher(input.rules, input.severities)(input.findings, input.documents, input.suppressions);
  return { diagnostics, summary: summarize(diagnostics, input.files) };
}

/**
 * The steps of {@link finish} before counting, as a function of one run's rules and severities
 * applied to some of its findings: the incremental engine finishes each file's findings apart
 * (suppressions, severities and positions are all per file) and joins the parts in file order,
 * which gives what `finish` gives for all of them at once.
 */
export function finisher(
  rules: readonly Rule[],
  severities: Readonly<Record<string, RuleSeverity>>,
): (findings: readonly AnyFinding[], documents: ReadonlyMap<string, SourceDocument>, suppressions?: FinishInput["suppressions"]) => Diagnostic[] {
  const name = namer(rules);
  const defaults = new Map(rules.map((rule) => [rule.id, rule.defaultSeverity]));
  return (findings, documents, suppressions) => {
    const named = findings.map(name);
    const kept = suppressions ? applyDocumentSuppressions(named, suppressions.documents, { reportUnused: suppressions.reportUnused }).map(name) : named;
    const diagnostics: Diagnostic[] = [];
    for (const finding of kept) {
      const configured = Object.prototype.hasOwnProperty.call(severities, finding.ruleId) ? severities[finding.ruleId] : undefined;
      const severity: RuleSeverity = configured ?? finding.severity ?? defaults.get(finding.ruleId) ?? "error";
      if (severity === "off") continue;
      const range = finding.range ?? documents.get(finding.file)?.locate(finding.path ?? [], finding.on ?? "value") ?? START_OF_FILE;
      const diagnostic: Diagnostic = {
        ruleId: finding.ruleId,
        messageId: finding.messageId,
        severity: severity as Severity,
        message: finding.message,
        file: finding.file,
        ...range,
      };
      if (finding.path) diagnostic.path = finding.path;
      if (finding.data) diagnostic.data = finding.data;
      diagnostics.push(diagnostic);
    }
    return diagnostics.sort(compareDiagnostics);
  };
}

/** The topics every check's stages report under. */
export const STAGE_TOPICS: readonly StageTopic[] = ["document", "manifest", "suppression"];

/** The topics the policy stage reports under, when a check evaluates policies. */
export const POLICY_TOPICS: readonly StageTopic[] = ["policy-load", "policy-eval"];

/**
 * The rule that declares each stage topic, the first of `rules` that does. Throws when a topic
 * has none: a run whose rules could not name a file that does not load must not start, since it
 * would drop or misname what the stages find. `checkBundle`, `validateFiles` and the
 * incremental engine call it before they read anything.
 */
export function topicOwners(rules: readonly Rule[], required: readonly StageTopic[] = STAGE_TOPICS): ReadonlyMap<StageTopic, Rule> {
  const owners = new Map<StageTopic, Rule>();
  for (const rule of rules) {
    if (rule.topic !== undefined && !owners.has(rule.topic)) owners.set(rule.topic, rule);
  }
  const missing = required.filter((topic) => !owners.has(topic));
  if (missing.length > 0) throw new TypeError(`the rules of a check must include one that declares each stage topic; none declares ${missing.join(", ")}`);
  return owners;
}

/** Gives each stage finding the id of the rule that declares its topic, checking its message id against that rule's catalogue. */
function namer(rules: readonly Rule[]): (finding: AnyFinding) => Finding {
  const owners = topicOwners(rules);
  return (finding) => {
    if (!("topic" in finding)) return finding;
    const owner = owners.get(finding.topic);
    if (owner === undefined) throw new TypeError(`no rule of this check declares the topic "${finding.topic}" of a finding`);
    if (!Object.prototype.hasOwnProperty.call(owner.messages, finding.messageId)) {
      throw new Error(`rule ${owner.id} has no message "${finding.messageId}" for its topic "${finding.topic}"`);
    }
    const named: Finding = { ...finding, ruleId: owner.id };
    delete (named as Partial<typeof finding>).topic;
    return named;
  };
}
