import type { DocumentKind } from "../../compiler/constants.js";
import { DOCUMENT_KINDS } from "../../compiler/validate/document-kind.js";
import { CliError } from "../cli-error.js";
import { readReportOptions, withDiagnosticOptions } from "../diagnostic-options.js";
import { readRuleOverrides } from "../rule-overrides.js";
import { expandValidatePaths } from "../expand-paths.js";
import { validate } from "../validate-paths.js";
import { printReport } from "../report.js";
import { printSuccessLine } from "../success-line.js";
import { withExamples } from "./examples.js";
import { defineCommand } from "./command.js";

/** `spec-kit validate <file...>`: check single documents against the protocol, without a bundle. */
export const validateCommand = defineCommand({
  command: "validate <file...>",
  describe: "check single documents without a bundle: phase reports, missions, a manifest, Gen-4 trajectories and evidence bundles",
  builder: (argv) =>
    withExamples(
      withDiagnosticOptions(
        argv.positional("file", {
          type: "string",
          array: true,
          describe: "files to check; a folder stands for every .json/.yaml/.yml file below it",
        }),
      ).option("kind", {
        type: "string",
        choices: DOCUMENT_KINDS,
        describe:
          "check every file as this kind; without it each file's kind comes from its $schema, its name (spec-kit.yaml, x.trajectory.json, x.evidence-bundle.json), its top-level keys or its folder (phases/, missions/, trajectories/, evidence-bundles/), else phase",
      }),
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
    const kind = args.kind === undefined ? undefined : (String(args.kind) as DocumentKind);
    const result = validate(expandValidatePaths(named), { rules, ...(kind ? { kind } : {}) });
    const code = printReport(result, options, "", io);
    if (code === 0) printSuccessLine(result, options, io);
    return code;
  },
});
