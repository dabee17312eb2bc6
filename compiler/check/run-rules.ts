import type { Bundle, LoadedDocument } from "../bundle.js";
import { formatMessage, type Finding, type MessageData } from "../diagnostics.js";
import type { TaskGraph } from "../bind/task-graph.js";
import type { BundleManifest } from "../types/manifest.js";
import type { PhaseReport } from "../types/phase-report.js";
import type { Report, ReportTarget, Rule } from "./rule.js";

/** Builds the reporter a rule calls, turning message ids of its own `messages` into findings. */
export function reporterFor(rule: Rule, sink: Finding[]): Report<string> {
  const messages = rule.messages as Readonly<Record<string, string>>;
  return (messageId: string, at: ReportTarget, data?: MessageData) => {
    const template = messages[messageId];
    if (template === undefined) throw new Error(`rule ${rule.id} reported unknown message id "${messageId}"`);
    sink.push({ ruleId: rule.id, messageId, message: formatMessage(template, data), ...(data ? { data } : {}), ...at });
  };
}

/** The documents that document-level rules look at. */
export interface DocumentSet {
  manifests: readonly LoadedDocument<BundleManifest>[];
  phases: readonly LoadedDocument<PhaseReport>[];
  missions: readonly LoadedDocument<unknown>[];
  /** Documents of other kinds checked alone (`validate` of a trajectory or an evidence bundle): only document rules see them. */
  artifacts?: readonly LoadedDocument<unknown>[];
  /** The bundle's manifest data, when the phases are checked inside a valid bundle. */
  manifest?: BundleManifest;
  /** The ids of every rule of the run, when `rules` is only part of it (the incremental engine's split). Default: the ids of `rules`. */
  ruleIds?: readonly string[];
}

/** Runs manifest, document and phase rules: everything that needs no task graph. */
export function runDocumentRules(rules: readonly Rule[], set: DocumentSet): Finding[] {
  const findings: Finding[] = [];
  const ruleIds = set.ruleIds ?? rules.map((rule) => rule.id);
  for (const rule of rules) {
    const report = reporterFor(rule, findings);
    switch (rule.scope) {
      case "manifest":
        for (const manifest of set.manifests) rule.check({ manifest, ruleIds }, report);
        break;
      case "document":
        for (const document of [...set.manifests, ...set.phases, ...set.missions, ...(set.artifacts ?? [])]) rule.check({ document }, report);
        break;
      case "phase":
        for (const phase of set.phases) rule.check({ phase, manifest: set.manifest }, report);
        break;
      case "bundle":
      case "mission":
      case "stage":
      case "code":
        break;
    }
  }
  return findings;
}

/**
 * Runs the rules that read the task graph: bundle rules once, mission rules once per mission
 * document. `graph` may be a function that binds it: it is then called only when a rule reads
 * the graph (a bundle rule that reads only the bundle, such as the file list, needs none).
 */
export function runGraphRules(rules: readonly Rule[], bundle: Bundle, graph: TaskGraph | (() => TaskGraph)): Finding[] {
  const findings: Finding[] = [];
  let bound = typeof graph === "function" ? undefined : graph;
  const graphOf = (): TaskGraph => (bound ??= (graph as () => TaskGraph)());
  for (const rule of rules) {
    if (rule.scope === "bundle") {
      const context = {
        bundle,
        get graph(): TaskGraph {
          return graphOf();
        },
      };
      rule.check(context, reporterFor(rule, findings));
    } else if (rule.scope === "mission") {
      const report = reporterFor(rule, findings);
      for (const mission of graphOf().missionEntries()) rule.check({ mission, graph: graphOf() }, report);
    }
  }
  return findings;
}
