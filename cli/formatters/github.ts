import { displayPath } from "./display-path.js";
import type { Formatter } from "./formatter.js";

/** Escapes a workflow command's message the way the Actions runner decodes it. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command property value (`:` and `,` delimit properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), one per diagnostic,
 * which the runner turns into annotations on the pull request's changed lines.
 */
export const github: Formatter = (input, options = {}) => {
  let out = "";
  for (const d of input.diagnostics) {
    const properties = [
      `file=${escapeProperty(displayPath(d.file, options.basePath ?? ""))}`,
      `line=${d.line}`,
      `col=${d.column}`,
      `endLine=${d.endLine}`,
      `endColumn=${d.endColumn}`,
      `title=${escapeProperty(d.ruleId)}`,
    ].join(",");
    out += `::${d.severity} ${properties}::${escapeData(d.message)}\n`;
  }
  return out;
};
