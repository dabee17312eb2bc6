import { CliError } from "../cli-error.js";
import { readReportOptions, readRuleOverrides, withDiagnosticOptions } from "../diagnostic-options.js";
import { expandValidatePaths } from "../expand-paths.js";
import { validate } from "../validate-paths.js";
import { printReport } from "../report.js";
import { defineCommand } from "./command.js";

/** `spec-kit validate <file...>`: check single documents against the protocol, without a bundle. */
export const validateCommand = defineCommand({
  command: "validate <file...>",
  describe: "check single phase reports (or mission documents, or a manifest) without a bundle",
  builder: (argv) =>
    withDiagnosticOptions(
      argv.positional("file", {
        type: "string",
        array: true,
        describe: "files to check; a folder stands for every .json/.yaml/.yml file below it",
      }),
    )
      .example("$0 validate phases/P7.yaml", "check one phase report")
      .example("$0 validate phases/", "check every document under phases/")
      .example("git diff --cached --name-only -- phases | xargs $0 validate", "check the staged phase reports"),
  run: (args, io) => {
    const options = readReportOptions(args);
    const rules = readRuleOverrides(args);
    const named = (args.file ?? []).map(String);
    if (named.length === 0) throw new CliError("validate needs at least one file or folder");
    const result = validate(expandValidatePaths(named), { rules });
    return printReport(result, options, "", io);
  },
});
