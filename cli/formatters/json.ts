import type { Formatter } from "./formatter.js";

/**
 * INTERFACE §4's machine format: one line holding `diagnostics` (ruleId, severity, message,
 * file, line, column — exactly those keys, in that order) and `summary` (errors, warnings,
 * files). `file` stays relative to the bundle root.
 */
export const json: Formatter = (input) => {
  const diagnostics = input.diagnostics.map((d) => ({
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
  }));
  const { errors, warnings, files } = input.summary;
  return `${JSON.stringify({ diagnostics, summary: { errors, warnings, files } })}\n`;
};
