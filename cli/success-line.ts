import type { CheckResult } from "../compiler/program.js";
import type { CliIo } from "./cli-io.js";
import { shouldUseColor } from "./color-support.js";
import type { ReportOptions } from "./diagnostic-options.js";
import { painter } from "./formatters/ansi.js";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * The line `check` and `validate` print when the report to a person shows nothing, so that a
 * clean run says so instead of printing nothing at all; undefined when the report shows
 * something, or goes to a file or a machine format (whose own summary says it).
 */
export function successLine(result: CheckResult, options: ReportOptions): string | undefined {
  if (options.format !== "stylish" || options.output !== undefined) return undefined;
  const { errors, warnings, files } = result.summary;
  if (errors > 0 || (warnings > 0 && !options.quiet)) return undefined;
  const hidden = warnings > 0 ? ` (${plural(warnings, "warning")} not shown: --quiet)` : "";
  return `✔ no ${warnings > 0 ? "errors" : "problems"} in ${plural(files, "file")}${hidden}`;
}

/** Prints {@link successLine} on stdout, in green on a terminal, when there is one. */
export function printSuccessLine(result: CheckResult, options: ReportOptions, io: CliIo): void {
  const line = successLine(result, options);
  if (line === undefined) return;
  const paint = painter(shouldUseColor({ flag: options.color, isTTY: io.stdout.isTTY === true, env: io.env }));
  io.stdout.write(`${paint(line, "green")}\n`);
}
