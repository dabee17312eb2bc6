import { statSync } from "node:fs";
import { CliError } from "../cli-error.js";
import { readReportOptions, withDiagnosticOptions } from "../diagnostic-options.js";
import { printReport } from "../report.js";
import { bundleBasePath } from "./check.js";
import { withExamples } from "./examples.js";
import { defineCommand } from "./command.js";
import { DEFAULT_OUT } from "./apply.js";

/** `spec-kit lint [dir]`: type-check and ESLint the generated TypeScript in `dir` (default ./generated). */
export const lintCommand = defineCommand({
  command: "lint [dir]",
  describe: "type-check (tsc, strict) and ESLint (typescript-eslint recommended) the generated code",
  builder: (argv) =>
    withExamples(
      withDiagnosticOptions(
        argv.positional("dir", { type: "string", default: DEFAULT_OUT, describe: "the folder to lint (default ./generated)" }),
      ),
      [
        ["$0 lint", "lint ./generated"],
        ["$0 lint generated --format sarif -o lint.sarif", "write SARIF for code scanning"],
      ],
    ),
  run: async (args, io) => {
    const options = readReportOptions(args);
    if (args.rule !== undefined) throw new CliError("lint takes no --rule: its rules are TypeScript's and ESLint's");
    if (typeof args.dir !== "string") throw new CliError("lint takes at most one folder");
    let isDir = false;
    try {
      isDir = statSync(args.dir).isDirectory();
    } catch {
      throw new CliError(`${args.dir}: no such folder`);
    }
    if (!isDir) throw new CliError(`${args.dir} is not a folder`);
    // Loaded only now: TypeScript and ESLint are costly to start and no other command needs them.
    const { lintFolder } = await import("../lint/lint-folder.js");
    const result = await lintFolder(args.dir);
    return printReport(result, options, bundleBasePath(args.dir), io);
  },
});
