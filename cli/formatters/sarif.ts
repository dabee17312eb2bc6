import { pathToFileURL } from "node:url";
import type { Diagnostic, Severity } from "../../compiler/diagnostics.js";
import { displayPath } from "./display-path.js";
import type { Formatter, FormatterOptions } from "./formatter.js";

/** Where people read about the tool, for `tool.driver.informationUri`. */
export const INFORMATION_URI = "https://www.npmjs.com/package/spec-kit";

type RuleInfo = NonNullable<FormatterOptions["rules"]>[number];

/** A relative path as a URI reference (each segment percent-encoded); an absolute one as a file URL. */
function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

/** SARIF positions are 1-based; the end may not precede the start. */
function region(d: Diagnostic): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  const startLine = Math.max(1, Math.trunc(d.line) || 1);
  const startColumn = Math.max(1, Math.trunc(d.column) || 1);
  const endLine = Math.max(startLine, Math.trunc(d.endLine) || startLine);
  const endColumn = Math.max(endLine === startLine ? startColumn : 1, Math.trunc(d.endColumn) || 1);
  return { startLine, startColumn, endLine, endColumn };
}

/** The registry's rules, then any rule id a diagnostic carries that the registry lacks (sorted). */
function driverRules(known: readonly RuleInfo[], diagnostics: readonly Diagnostic[]): RuleInfo[] {
  const ids = new Set(known.map((r) => r.id));
  const extra = [...new Set(diagnostics.map((d) => d.ruleId).filter((id) => !ids.has(id)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...known, ...extra.map((id): RuleInfo => ({ id, defaultSeverity: "error", doc: id }))];
}

function level(severity: Severity): "error" | "warning" {
  return severity === "error" ? "error" : "warning";
}

/**
 * SARIF 2.1.0 for code-scanning uploads: one run whose driver lists every rule, and one
 * result per diagnostic, each with a region (GitHub rejects results without one). URIs are
 * relative to `%SRCROOT%`, the folder spec-kit ran in.
 */
export const sarif: Formatter = (input, options = {}) => {
  const rules = driverRules(options.rules ?? [], input.diagnostics);
  const indexOf = new Map(rules.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "spec-kit",
            version: options.toolVersion ?? "0.0.0",
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.doc },
              defaultConfiguration: { level: level(rule.defaultSeverity) },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results: input.diagnostics.map((d) => ({
          ruleId: d.ruleId,
          ruleIndex: indexOf.get(d.ruleId) ?? 0,
          level: level(d.severity),
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(displayPath(d.file, options.basePath ?? "")),
                region: region(d),
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
