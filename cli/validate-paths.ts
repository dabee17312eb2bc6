import type { DocumentKind } from "../compiler/constants.js";
import type { RuleSeverity } from "../compiler/diagnostics.js";
import type { LoadLimits } from "../compiler/load/source-document.js";
import type { CheckResult } from "../compiler/program.js";
import { validateFiles } from "../compiler/validate-files.js";
import { ALL_RULES } from "../rules/index.js";
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
 * Checks single phase reports (or a manifest, or mission documents) without a bundle. Kept
 * out of public-api.ts's imports so that `spec-kit validate` loads no binding or code model.
 */
export function validate(files: readonly string[], options: ValidateOptions = {}): CheckResult {
  const maxBytes = { ...{ maxBytes: 5 * 1024 * 1024 }, ...options.limits }.maxBytes;
  const inputs = files.map((file) => ({ ...readFileForValidate(file, maxBytes), ...(options.kind ? { kind: options.kind } : {}) }));
  return validateFiles(inputs, { rules: ALL_RULES, severities: options.rules ?? {}, limits: options.limits ?? {} });
}
