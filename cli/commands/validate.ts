import { CliError } from "../cli-error.js";
import { readReportOptions, readRuleOverrides, withDiagnosticOptions } from "../diagnostic-options.js";
import { expandValidatePaths } from "../expand-paths.js";
import { validate } from "../validate-paths.js";
import { printReport } from "../report.js";
import { printSuccessLine } from "../success-line.js";
import { withExamples } from "./examples.js";
import { defineCommand } from "./command.js";

/** `spec-kit validate <file...>`: check single documents against the protocol, without a bundle. */
export const validateCommand = defineCommand({
  command: "validate <file...>",
  describe: "check single phase reports (or mission documents, or a manifest) without a bundle",
  builder: (argv) =>
    withExamples(
      withDiagnosticOptions(
        argv.positional("file", {
          type: "string",
          array: true,
          describe: "files to check; a folder stands for every .json/.yaml/.yml file below it",
        }),
      ),
      [
        ["$0 validate specs/phases/P7.yaml", "check one phase report"],
        ["$0 validate specs/phases", "check every document under specs/phases"],
        ["git diff --cached --name-only --diff-filter=d -z -- specs/phases | xargs -0 -r $0 validate", "check the staged phase reports (runs nothing when none is staged)"],
      ],
    ),
  run: (args, io) => {
    const options = readReportOptions(args);
    const rules = readRuleOverrides(args);
    const named = (args.file ?? []).map(String);
    if (named.length === 0) throw new CliError("validate needs at least one file or folder");
    const result = validate(expandValidatePaths(named), { rules });
    const code = printReport(result, options, "", io);
    if (code === 0) printSuccessLine(result, options, io);
    return code;
  },
});
