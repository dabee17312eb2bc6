import type { Baseline, Bundle } from "./bundle.js";
import type { TaskGraph } from "./bind/task-graph.js";
import type { Rule } from "./check/rule.js";
import type { CodeInput } from "./code/code-host.js";
import type { Diagnostic, DiagnosticSummary, RuleSeverity } from "./diagnostics.js";
import type { LoadLimits, SourceDocument } from "./load/source-document.js";
import type { PolicyOptions } from "./policy/policy-host.js";
import type { PolicySummary } from "./policy/run-policies.js";

/** Options shared by `check` and `validate`. */
export interface CompileOptions {
  /** The rules to run (the CLI passes the full registry). */
  rules: readonly Rule[];
  /** Severity overrides that win over the manifest's `rules` map (the CLI's `--rule id=severity`). */
  severities?: Readonly<Record<string, RuleSeverity>>;
  limits?: Partial<LoadLimits>;
  /** File access for the `code` rules; they run when the manifest has a `code` section or `code.root` is set. */
  code?: CodeInput;
  /** `check --against REV`: the version whose contracts the bundle must not break (see `Bundle.baseline`). */
  against?: Baseline;
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
