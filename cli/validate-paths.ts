import type { DocumentKind } from "../compiler/constants.js";
import type { RuleSeverity } from "../compiler/diagnostics.js";
import type { LoadLimits } from "../compiler/load/source-document.js";
import type { CheckResult } from "../compiler/program.js";
import { validateFiles } from "../compiler/validate-files.js";
import { ALL_RULES } from "../rules/index.js";
import { dirname, resolve } from "node:path";
import { displayPath } from "./contained-folder.js";
import { compareDiagnostics, summarize } from "../compiler/diagnostics.js";
import { findBundleRoot, manifestFileOf } from "./manifest-search.js";
import { readFileForValidate } from "./node-host.js";

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** Severity overrides by rule id. */
  rules?: Readonly<Record<string, RuleSeverity>>;
  limits?: Partial<LoadLimits>;
  /** Check every file as this kind (`--kind`) instead of detecting it. */
  kind?: DocumentKind;
}

/**
 * Checks single phase reports (or a manifest, or mission documents) without a bundle. Each
 * file is judged under the manifest of the bundle it lies in (the nearest spec-kit.yaml,
 * spec-kit.yml or spec-kit.json at or above its folder), as `check` judges it: the manifest's
 * `rules` severities apply (under `options.rules`) and so do its declarations. Kept out of
 * public-api.ts's imports so that `spec-kit validate` loads no binding or code model.
 */
export function validate(files: readonly string[], options: ValidateOptions = {}): CheckResult {
  const maxBytes = { ...{ maxBytes: 5 * 1024 * 1024 }, ...options.limits }.maxBytes;
  const compile = { rules: ALL_RULES, severities: options.rules ?? {}, limits: options.limits ?? {} };
  const groups = new Map<string | undefined, string[]>();
  for (const file of files) {
    const root = findBundleRoot(dirname(resolve(file)));
    const manifest = root === undefined ? undefined : manifestFileOf(root);
    const group = groups.get(manifest);
    if (group) group.push(file);
    else groups.set(manifest, [file]);
  }
  const results = [...groups].map(([manifest, group]) => {
    const inputs = group.map((file) => ({ ...readFileForValidate(file, maxBytes), ...(options.kind ? { kind: options.kind } : {}) }));
    if (manifest === undefined) return validateFiles(inputs, compile);
    // Spelt as the user spelt it when it is among the files, so that it is read and reported once.
    const named = group.find((file) => resolve(file) === manifest);
    return validateFiles(inputs, compile, readFileForValidate(named ?? displayPath(manifest), maxBytes));
  });
  return results.length === 1 ? results[0]! : mergeResults(results);
}

/** One result of several runs over disjoint files. */
function mergeResults(results: readonly CheckResult[]): CheckResult {
  const diagnostics = results.flatMap((result) => result.diagnostics).sort(compareDiagnostics);
  const documents = new Map(results.flatMap((result) => [...result.documents]));
  const files = results.reduce((sum, result) => sum + result.summary.files, 0);
  return { diagnostics, summary: summarize(diagnostics, files), documents };
}
