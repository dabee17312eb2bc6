import { statSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { CliError } from "../cli-error.js";
import { readReportOptions, readRuleOverrides, withDiagnosticOptions } from "../diagnostic-options.js";
import { check, isManifestName } from "../public-api.js";
import { printReport } from "../report.js";
import { BUNDLE_POSITIONAL, defineCommand } from "./command.js";


/** The bundle folder a `check` argument names: a folder, or the manifest file inside one. */
export function resolveBundleDir(arg: string): string {
  let stats;
  try {
    stats = statSync(arg);
  } catch {
    throw new CliError(`${arg}: no such folder`);
  }
  if (stats.isDirectory()) return arg;
  if (stats.isFile() && isManifestName(basename(arg))) return dirname(arg);
  throw new CliError(`${arg} is not a folder (check takes a bundle folder; use "spec-kit validate" for single files)`);
}

/** The bundle folder as printed before each file: as given when absolute, else relative to the current directory. */
export function bundleBasePath(dir: string): string {
  const path = isAbsolute(dir) ? resolve(dir) : relative(process.cwd(), resolve(dir));
  return sep === "/" ? path : path.split(sep).join("/");
}

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
      .option("watch", { alias: "w", type: "boolean", default: false, describe: "re-check after every change to the bundle's files (only changed files are parsed again); Ctrl-C stops" })
      .example("$0 check", "check the bundle in the current folder")
      .example("$0 check specs/autoloop --format sarif -o spec-kit.sarif", "write SARIF for GitHub code scanning")
      .example("$0 check --rule protocol/key-order=off --max-warnings 0", "silence one rule; fail on any warning")
      .example("$0 check specs --policy policies/bundle.tar.gz", "also run an OPA policy's deny, warn and violation rules")
      .example("$0 check specs --watch", "re-check on every save")
      .example("$0 check specs --against main", "fail on a contract change that breaks what main declares (contract/breaking)")
      .example("$0 check specs --against ../released/specs", "compare with another copy of the bundle"),

  run: (args, io) => {
    const options = readReportOptions(args);
    const rules = readRuleOverrides(args);
    if (typeof args.bundle !== "string") throw new CliError("check takes at most one bundle folder");
    const dir = resolveBundleDir(args.bundle);
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
    return printReport(result, options, bundleBasePath(dir), io);
  },
});
