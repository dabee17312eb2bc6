import type { Diagnostic } from "../../cli/public-api.js";
import type { FormatterInput } from "../../cli/formatters/index.js";

/** A hand-made diagnostic: error at 1:1 of `phases/P1.yaml` unless overridden. */
export function diagnostic(overrides: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ruleId: "protocol/schema",
    severity: "error",
    message: "status.completion must be a number",
    file: "phases/P1.yaml",
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    ...overrides,
  };
}

/** A formatter input over `diagnostics`, with counts computed and the given source texts. */
export function input(diagnostics: Diagnostic[], texts: Record<string, string> = {}, files = 1): FormatterInput {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return {
    diagnostics,
    summary: { errors, warnings: diagnostics.length - errors, files },
    documents: new Map(Object.entries(texts).map(([file, text]) => [file, { text }])),
  };
}

/** A small phase report in YAML, with `completion` on line 4. */
export const PHASE_YAML = ["phase_meta:", "  phase_id: P1", "status:", "  completion: high", "  stage: done", ""].join("\n");
