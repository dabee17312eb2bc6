import { compareStrings } from "../../compiler/diagnostics.js";
import { ruleTally } from "../../compiler/evidence/check-tally.js";
import type { CheckResult } from "../../compiler/program.js";
import { ALL_RULES } from "../../rules/index.js";
import { bundleFiles } from "../evidence/input-files.js";
import type { ReplayRecord } from "../output-writer.js";

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * The `replay` field of the output record of a checked bundle: what a later `apply` needs to
 * answer "nothing to change" without checking again (cli/apply/replay.ts). Undefined, so the
 * next run checks in full as it always did, unless the check read nothing but the documents
 * the record lists and found nothing to report:
 * - the manifest is valid, and every diagnostic count is zero (a clean check prints nothing in
 *   the stylish format, so there is no report to replay);
 * - no rule severity is overridden on the command line (`--rule`): the same documents checked
 *   with the default severities could report what the override silenced;
 * - the manifest has no `policies` (they read policy and data files besides the documents, and
 *   their outcome is part of the evidence) and no `code` section (code rules read the sources);
 * - the documents parsed are exactly the bundle's files (nothing else was digested).
 * It depends on the bundle's documents and the flags alone, never on the process or the machine,
 * so `apply` and the service's in-memory apply (cli/serve/compile-bundle.ts) record the same.
 */
export function replayRecordOf(result: Pick<CheckResult, "diagnostics" | "documents" | "bundle" | "policies">, ruleOverrides: Readonly<Record<string, unknown>>): ReplayRecord | undefined {
  const bundle = result.bundle;
  if (!bundle?.manifest.valid || result.diagnostics.length > 0 || result.policies !== undefined) return undefined;
  if (Object.keys(ruleOverrides).length > 0) return undefined;
  const manifest = bundle.manifest.data;
  if (manifest.policies !== undefined || manifest.code !== undefined) return undefined;
  const documents = [...result.documents.keys()].sort(compareStrings);
  if (!sameList([...bundleFiles(bundle)].sort(compareStrings), documents)) return undefined;
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
