import { CliError } from "../cli-error.js";
import { readReportOptions, withDiagnosticOptions } from "../diagnostic-options.js";
import { readRuleOverrides } from "../rule-overrides.js";
import { check } from "../public-api.js";
import { bundleBasePath, resolveBundleDir } from "../bundle-dir.js";
import { bundleDirFor } from "../manifest-search.js";
import { printReport } from "../report.js";
import { printSuccessLine } from "../success-line.js";
import { withExamples } from "./examples.js";
import { BUNDLE_POSITIONAL, defineCommand } from "./command.js";


export { bundleBasePath, resolveBundleDir } from "../bundle-dir.js";

/** The `--policy` values: each a non-empty path. */
function policyPaths(value: unknown): string[] {
  const paths = [value ?? []].flat().map(String);
  if (paths.some((path) => path === "")) throw new CliError("--policy needs a path to an OPA bundle or .wasm module");
  return paths;
}

/** `spec-kit check [bundle]`: parse, validate and statically check a bundle; writes nothing. */
export const checkCommand = defineCommand({
  command: "check [bundle]",
  describe: "parse, validate and statically check a spec bundle (writes nothing)",
  builder: (argv) =>
    withExamples(
      withDiagnosticOptions(
        argv.positional("bundle", {
          type: "string",
          default: ".",
          describe: BUNDLE_POSITIONAL,
        }),
      )
        .option("code", { type: "string", describe: "check the TypeScript code under DIR against the layers (code/* rules); overrides the manifest's code.root" })
        .option("diff", { type: "string", describe: "check the files changed since git revision REV against the write_modules of the phases in progress" })
        // Not `array: true`: that would take the bundle path after `--phase P1` as another phase.
        .option("phase", { type: "string", describe: "with --diff: the phases whose write_modules bound the change (repeatable)" })
        // Not `array: true`, for the same reason.
        .option("policy", { type: "string", describe: "also evaluate the OPA policy at PATH (an opa build -t wasm bundle.tar.gz, or a .wasm module) over the task graph (repeatable)" })
        .option("against", {
          type: "string",
          describe: "also report changes that break a contract or data model of REV: a git revision (the bundle at the same place in that tree) or a folder holding the other version",
        })
        .option("watch", { alias: "w", type: "boolean", default: false, describe: "re-check after every change to the bundle's files (only changed files are parsed again); Ctrl-C stops" }),
      [
        ["$0 check", "check the bundle in this folder, or the nearest one above it"],
        ["$0 check specs --format sarif -o spec-kit.sarif", "write SARIF for GitHub code scanning"],
        ["$0 check specs --rule protocol/key-order=off --max-warnings 0", "silence one rule; fail on any warning"],
        ["$0 check specs --policy policies/bundle.tar.gz", "also run an OPA policy's deny, warn and violation rules"],
        ["$0 check specs --watch", "re-check on every save"],
        ["$0 check specs --against main", "fail on a contract change that breaks what main declares (contract/breaking)"],
        ["$0 check specs --against released/specs", "compare with another copy of the bundle"],
      ],
    ),
  run: (args, io) => {
    const options = readReportOptions(args);
    const rules = readRuleOverrides(args);
    if (typeof args.bundle !== "string") throw new CliError("check takes at most one bundle folder");
    // Run inside phases/ (or any folder of the bundle), check finds the manifest above, as git finds .git.
    const dir = bundleDirFor(resolveBundleDir(args.bundle));
    if (args.watch) {
      if (args.code !== undefined || args.diff !== undefined || args.against !== undefined) throw new CliError("--watch does not combine with --code, --diff or --against");
      return import("../watch/watch-check.js").then(({ watchCheck }) =>
        watchCheck({ dir, basePath: bundleBasePath(dir), report: options, severities: rules, policy: policyPaths(args.policy) }, io),
      );
    }
    const phases = [args.phase ?? []].flat().map(String);
    if (args.against !== undefined && (typeof args.against !== "string" || args.against === "")) throw new CliError("--against takes one git revision or folder", { usageHint: true });
    const result = check(dir, {
      rules,
      code: { code: args.code, diff: args.diff, phases },
      policy: policyPaths(args.policy),
      ...(args.against !== undefined ? { against: args.against } : {}),
    });
    const code = printReport(result, options, bundleBasePath(dir), io);
    if (code === 0) printSuccessLine(result, options, io);
    return code;
  },
});
