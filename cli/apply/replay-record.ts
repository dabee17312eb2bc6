import { compareStrings } from "../../compiler/diagnostics.js";
import { ruleTally } from "../../compiler/evidence/check-tally.js";
import type { CheckResult } from "../../compiler/program.js";
import { ALL_RULES } from "../../rules/index.js";
import { bundleFiles } from "../evidence/input-files.js";
import type { ReplayRecord } from "../output-writer.js";

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** What the record is decided from: a check's outcome. */
type Checked = Pick<CheckResult, "diagnostics" | "documents" | "bundle" | "policies">;

/**
 * The `replay` field of the output record of a checked bundle: what a later `apply` needs to
 * answer "nothing to change" without checking again (cli/apply/replay.ts). Undefined, so the
 * next run checks in full as it always did, unless the check reads nothing but the documents
 * the record lists and finds nothing to report:
 * - the manifest is valid and has no `policies` (they read policy and data files besides the
 *   documents, and their outcome is part of the evidence) and no `code` section (code rules
 *   read the sources);
 * - the documents parsed are exactly the bundle's files (nothing else was digested);
 * - checked with the severities the bundle sets (its manifest's `rules` map, no `--rule`),
 *   there is no diagnostic at all (a clean check prints nothing in the stylish format, so
 *   there is no report to replay).
 * `checked` is the run's check; `withDefaults` checks the bundle again without the run's
 * `--rule` overrides, and is called only when the run had some and the rest holds. So the
 * record depends on the bundle (and the generator) alone, never on the flags, the process or
 * the machine: `apply` with or without `--rule` and the service's in-memory apply
 * (cli/serve/compile-bundle.ts) record the same.
 */
export function replayRecordOf(checked: Checked, withDefaults?: () => Checked): ReplayRecord | undefined {
  const bundle = checked.bundle;
  if (!bundle?.manifest.valid || checked.policies !== undefined) return undefined;
  const manifest = bundle.manifest.data;
  if (manifest.policies !== undefined || manifest.code !== undefined) return undefined;
  const documents = [...checked.documents.keys()].sort(compareStrings);
  if (!sameList([...bundleFiles(bundle)].sort(compareStrings), documents)) return undefined;
  const clean = withDefaults ? withDefaults() : checked;
  if (clean.diagnostics.length > 0 || clean.policies !== undefined) return undefined;
  const tally = ruleTally(
    ALL_RULES.map((rule) => rule.id),
    [],
  );
  if (!tally.run || tally.passed !== tally.total) return undefined;
  return {
    manifest: bundle.manifest.document.file,
    phases: Array.isArray(manifest.phases) ? [...manifest.phases] : null,
    missions: Array.isArray(manifest.missions) ? [...manifest.missions] : null,
    documents,
    rules: tally.total,
  };
}
