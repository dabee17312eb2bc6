import type { Argv } from "yargs";
import { emitOutput } from "../apply/emit-output.js";
import { inputDigest, outputIntact } from "../apply/input-digest.js";
import { assertOutputFolder, displayPath, resolveOutDir, writeFailure } from "../apply/out-folder.js";
import { printNotes, reportPlan, type ApplyMode } from "../apply/plan-report.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { evidenceSettings, signKeyFlag } from "../evidence/apply-evidence.js";
import { readReportOptions, readRuleOverrides, withDiagnosticOptions, type ReportOptions } from "../diagnostic-options.js";
import { ExitCode } from "../exit-code.js";
import { planOutput, readOutputIndex, recoverOutput, writeOutput, type OutputPlan, type OutputRecord } from "../output-writer.js";
import { emitBlockers } from "../../compiler/emit/emit-readiness.js";
import { check } from "../public-api.js";
import { printReport } from "../report.js";
import { bundleBasePath, resolveBundleDir } from "./check.js";
import { defineCommand } from "./command.js";


/** The output folder when `--out` is not given, relative to the current directory (INTERFACE §4). */
export const DEFAULT_OUT = "generated";

interface ApplyFlags {
  "sign-key"?: unknown;
  bundle?: unknown;
  out?: unknown;
  check?: unknown;
  "dry-run"?: unknown;
}

/** Checks the bundle, then generates (or compares, or previews) the output. Returns the exit status. */
export async function runApply(args: ApplyFlags & Parameters<typeof readReportOptions>[0], io: CliIo): Promise<ExitCode> {
  const options: ReportOptions = readReportOptions(args);
  const rules = readRuleOverrides(args);
  if (typeof args.bundle !== "string") throw new CliError("apply takes at most one bundle folder");
  const mode: ApplyMode = args.check === true ? "check" : args["dry-run"] === true ? "dry-run" : "write";
  const signKey = signKeyFlag(args["sign-key"]);
  const bundleDir = resolveBundleDir(args.bundle);
  const out = resolveOutDir(args.out ?? DEFAULT_OUT, bundleDir);
  // The report owns stdout in the machine formats; apply's own lines then go to stderr.
  const stream = options.format === "stylish" || options.output !== undefined ? io.stdout : io.stderr;

  const result = check(bundleDir, { rules });
  const reported = printReport(result, options, bundleBasePath(bundleDir), io);
  if (reported !== ExitCode.ok || !result.bundle || !result.graph) {
    const reason = result.summary.errors > 0 ? "the bundle has errors" : reported !== ExitCode.ok ? "too many warnings" : "the manifest is not usable";
    io.stderr.write(`spec-kit: apply generated nothing: ${reason}\n`);
    return ExitCode.failure;
  }
  // Rules may be off; a document that did not load or cannot name its files is never generated from.
  const blockers = emitBlockers(result.bundle);
  if (blockers.length > 0) {
    const count = blockers.length === 1 ? "1 document" : `${blockers.length} documents`;
    io.stderr.write(`spec-kit: apply generated nothing: ${count} cannot be generated from, whatever the rule severities:\n`);
    for (const { file, reason } of blockers) io.stderr.write(`  ${file}: ${reason}\n`);
    return ExitCode.failure;
  }

  const digest = inputDigest(result, evidenceSettings(io.env, signKey));
  if (mode === "write") {
    try {
      recoverOutput(out);
    } catch (error) {
      throw writeFailure(error, out);
    }
  }
  assertOutputFolder(out, mode === "write" ? "write" : "read");
  const index = readOutputIndex(out);
  if (index?.record?.inputDigest === digest && outputIntact(out, index)) {
    const unchanged = { added: [], changed: [], removed: [], unchanged: index.files };
    if (mode !== "write") return reportPlan(mode, unchanged, out, stream);
    stream.write(`0 files written, ${index.files.length} unchanged in ${displayPath(out)}\n`);
    printNotes(stream, index.record.notes);
    return ExitCode.ok;
  }

  const emission = await emitOutput(result, { bundleDir, out, signKey, env: io.env });
  if (mode !== "write") return reportPlan(mode, planOutput(out, emission.files), out, stream);
  const record: OutputRecord = { inputDigest: digest, notes: emission.notes };
  let plan: OutputPlan;
  try {
    plan = writeOutput(out, emission.files, record);
  } catch (error) {
    throw writeFailure(error, out);
  }
  const written = plan.added.length + plan.changed.length;
  const removed = plan.removed.length > 0 ? `, ${plan.removed.length} removed` : "";
  stream.write(`${written} ${written === 1 ? "file" : "files"} written (${plan.added.length} added, ${plan.changed.length} changed)${removed}, ${plan.unchanged.length} unchanged in ${displayPath(out)}\n`);
  printNotes(stream, emission.notes);
  return ExitCode.ok;
}

/** `spec-kit apply [bundle] [--out DIR] [--check] [--dry-run]`: check, then generate into DIR atomically. */
export const applyCommand = defineCommand({
  command: "apply [bundle]",
  describe: "check a bundle, then generate gates, tests, state machines, types, validators, the task graph and evidence",
  builder: (argv: Argv) =>
    withDiagnosticOptions(
      argv
        .positional("bundle", {
          type: "string",
          default: ".",
          describe: "the bundle folder (holding spec-kit.yaml or spec-kit.json), or its manifest file",
        })
        .option("out", {
          type: "string",
          default: DEFAULT_OUT,
          describe: "the output folder, replaced atomically (default ./generated, relative to the current directory)",
          requiresArg: true,
        })
        .option("check", {
          type: "boolean",
          describe: "write nothing; exit 1 and list the files when the output folder is not what apply would write",
        })
        .option("dry-run", {
          type: "boolean",
          describe: "write nothing; list what would be added (A), changed (M) and removed (D)",
        })
        .option("sign-key", {
          type: "string",
          describe: "sign evidence/manifest.json with this Ed25519 private key (PKCS#8 PEM): adds evidence/manifest.dsse.json",
          requiresArg: true,
        })
        .conflicts("check", "dry-run"),
    )
      .example("$0 apply specs --out generated", "generate from the bundle in specs/")
      .example("$0 apply specs --check", "fail in CI when generated/ is stale")
      .example("$0 apply --dry-run", "preview what apply would change"),
  run: (args, io) => runApply(args, io),
});
