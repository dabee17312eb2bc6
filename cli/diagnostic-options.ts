import type { Argv } from "yargs";
import { CliError } from "./cli-error.js";
import { FORMAT_DESCRIPTIONS, FORMAT_NAMES, type FormatName } from "./formatters/index.js";

/** How a command that reports diagnostics prints them and decides its exit status. */
export interface ReportOptions {
  format: FormatName;
  /** Exit 1 when warnings exceed this; undefined means no limit. */
  maxWarnings?: number;
  /** Report errors only. */
  quiet: boolean;
  /** Write the report to this file (atomically) instead of stdout. */
  output?: string;
  /** `--color` / `--no-color` when given. */
  color?: boolean;
}

/** The flags every diagnostics-reporting command shares, as yargs parses them. */
export interface DiagnosticFlags {
  format: string;
  "max-warnings"?: number;
  quiet: boolean;
  rule?: string | string[];
  output?: string;
  color?: boolean;
}

/** Adds the shared reporting flags (`--format`, `--max-warnings`, `--quiet`, `--rule`, `--output`, `--color`). */
export function withDiagnosticOptions<T>(argv: Argv<T>): Argv<T & DiagnosticFlags> {
  return argv
    .option("format", {
      alias: "f",
      choices: FORMAT_NAMES,
      default: FORMAT_NAMES[0],
      describe: `output format: ${FORMAT_NAMES.map((name) => `${name} = ${FORMAT_DESCRIPTIONS[name]}`).join("; ")}`,
      type: "string",
    })
    .option("max-warnings", {
      type: "number",
      describe: "exit 1 when there are more than N warnings (-1: no limit)",
      requiresArg: true,
    })
    .option("quiet", {
      alias: "q",
      type: "boolean",
      default: false,
      describe: "report errors only (warnings are left out of the output and the counts)",
    })
    .option("rule", {
      type: "string",
      describe: "set a rule's severity, id=error|warning|off (repeatable; wins over the manifest's rules map)",
      requiresArg: true,
    })
    .option("output", {
      alias: "o",
      type: "string",
      describe: "write the report to FILE instead of stdout (replaced atomically)",
      requiresArg: true,
    })
    .option("color", {
      type: "boolean",
      describe: "force colour on or off (default: on for a terminal unless NO_COLOR is set)",
    }) as unknown as Argv<T & DiagnosticFlags>;
}

function readMaxWarnings(flags: DiagnosticFlags): number | undefined {
  const value = flags["max-warnings"];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < -1) {
    throw new CliError("--max-warnings needs a whole number of at least 0 (or -1 for no limit)");
  }
  return value === -1 ? undefined : value;
}

/** Reads and checks the shared flags; a bad value is a CliError (exit 2). */
export function readReportOptions(flags: DiagnosticFlags): ReportOptions {
  if (typeof flags.format !== "string") throw new CliError("--format may be given only once");
  if (typeof flags.quiet !== "boolean") throw new CliError("--quiet may be given only once");
  const options: ReportOptions = { format: flags.format as FormatName, quiet: flags.quiet };
  const maxWarnings = readMaxWarnings(flags);
  if (maxWarnings !== undefined) options.maxWarnings = maxWarnings;
  if (flags.output !== undefined) {
    if (Array.isArray(flags.output)) throw new CliError("--output may be given only once");
    if (typeof flags.output !== "string" || flags.output === "") throw new CliError("--output needs a file name");
    options.output = flags.output;
  }
  if (typeof flags.color === "boolean") options.color = flags.color;
  return options;
}

/** The `--rule` values as given (none when the flag is absent); cli/rule-overrides.ts reads them against the rules. */
export function ruleFlagValues(flags: Pick<DiagnosticFlags, "rule">): string[] {
  const values = flags.rule === undefined ? [] : Array.isArray(flags.rule) ? flags.rule : [flags.rule];
  return values.map(String);
}
