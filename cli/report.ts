import type { CliIo } from "./cli-io.js";
import { shouldUseColor } from "./color-support.js";
import type { ReportOptions } from "./diagnostic-options.js";
import { ExitCode } from "./exit-code.js";
import { FORMATTERS, type FormatterInput } from "./formatters/index.js";
import { packageVersion } from "./package-info.js";
import { sourceTexts } from "./source-texts.js";
import type { CheckResult } from "../compiler/program.js";
import { policyRuleMetas } from "../compiler/policy/run-policies.js";
import { ALL_RULES } from "../rules/index.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** Drops warnings (and their count) under `--quiet`. */
export function applyQuiet(result: FormatterInput, quiet: boolean): FormatterInput {
  if (!quiet) return result;
  return {
    diagnostics: result.diagnostics.filter((d) => d.severity === "error"),
    summary: { ...result.summary, warnings: 0 },
    documents: result.documents,
  };
}

/** The exit status a report gives: 1 for any error or for more warnings than allowed, else 0. */
export function exitCodeFor(summary: FormatterInput["summary"], maxWarnings: number | undefined): ExitCode {
  if (summary.errors > 0) return ExitCode.failure;
  if (maxWarnings !== undefined && summary.warnings > maxWarnings) return ExitCode.failure;
  return ExitCode.ok;
}

/**
 * Prints a result in the chosen format (to stdout, or atomically to `--output`) and returns
 * the exit status. `basePath` is the bundle folder relative to the current directory, joined
 * to each file in the human formats.
 */
export function printReport(result: CheckResult, options: ReportOptions, basePath: string, io: CliIo): ExitCode {
  const kept = applyQuiet({ diagnostics: result.diagnostics, summary: result.summary, documents: result.documents }, options.quiet);
  const input = options.format === "stylish" ? { ...kept, documents: sourceTexts(kept, basePath) } : kept;
  const toFile = options.output !== undefined;
  // A file gets colour only when asked for by --color: FORCE_COLOR is meant for terminals and CI logs.
  const color = toFile ? options.color === true : shouldUseColor({ flag: options.color, isTTY: io.stdout.isTTY === true, env: io.env });
  // Besides the shipped rules, the ids this run's policies reported under.
  const rules = result.policies ? [...ALL_RULES, ...policyRuleMetas(result.policies)] : ALL_RULES;
  const text = FORMATTERS[options.format](input, { basePath, color, toolVersion: packageVersion(), rules });
  if (options.output !== undefined) writeFileAtomic(options.output, text);
  else if (text !== "") io.stdout.write(text);
  const code = exitCodeFor(input.summary, options.maxWarnings);
  if (input.summary.errors === 0 && code === ExitCode.failure) {
    io.stderr.write(`spec-kit: too many warnings (${input.summary.warnings}); --max-warnings is ${options.maxWarnings}\n`);
  }
  return code;
}
