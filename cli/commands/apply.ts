import type { Argv } from "yargs";
import { EMIT_KINDS, type EmitKind } from "../apply/emit-kind.js";
import { inputDigest, recordedOutput } from "../apply/input-digest.js";
import { sortFiles } from "../apply/output-files.js";
import { assertOutputFolder, displayPath, lockFor, openOutFolder, refuseOutInsideGlobs, resolveOutDir, writeFailure } from "../apply/out-folder.js";
import { printNotes, reportPlan, type ApplyMode } from "../apply/plan-report.js";
import { replayUnchanged } from "../apply/replay.js";
import { bundleBasePath, resolveBundleDir } from "../bundle-dir.js";
import { CliError } from "../cli-error.js";
import type { CliIo, OutputStream } from "../cli-io.js";
import { evidenceSettings, signKeyFlag } from "../evidence/evidence-files.js";
import { readReportOptions, ruleFlagValues, withDiagnosticOptions, type ReportOptions } from "../diagnostic-options.js";
import { ExitCode } from "../exit-code.js";
import { DEFAULT_LOCK_WAIT_SECONDS, lockWaitFlag } from "../output-lock.js";
import { isUpToDate, planOutput, readIndexOf, recoverOutput, writeOutput, type OutputFile, type ReplayRecord, type WriteResult } from "../output-writer.js";
import type { CheckResult } from "../public-api.js";
import { withExamples } from "./examples.js";
import { BUNDLE_POSITIONAL, defineCommand } from "./command.js";

/** The output folder when `--out` is not given, relative to the current directory (INTERFACE §4). */
export const DEFAULT_OUT = "generated";

interface ApplyFlags {
  "sign-key"?: unknown;
  "lock-timeout"?: unknown;
  bundle?: unknown;
  out?: unknown;
  check?: unknown;
  "dry-run"?: unknown;
  emit?: unknown;
}

/**
 * The files apply would write when its inputs are those recorded in the output folder: the
 * generated files and the record as on disk (each matching its recorded digest, the record
 * holding the `replay` this run would write) and the evidence rebuilt over them, so a skipped
 * emission still notices a changed statement or envelope. Undefined when emission is needed.
 */
async function unchangedOutput(
  result: CheckResult,
  out: string,
  digest: string,
  replay: ReplayRecord | undefined,
  signKey: string | undefined,
  env: CliIo["env"],
  bundleDir: string,
): Promise<{ files: OutputFile[]; notes: string[] } | undefined> {
  const folder = openOutFolder(out);
  const index = folder ? readIndexOf(folder) : undefined;
  if (!folder || index?.record?.inputDigest !== digest || !Array.isArray(index.record.notes)) return undefined;
  // A record with another `replay` (or none where this run records one) is rewritten: the output depends on the inputs alone.
  if (JSON.stringify(index.record.replay) !== JSON.stringify(replay)) return undefined;
  const generated = recordedOutput(folder, index);
  if (!generated) return undefined;
  const { applyEvidence } = await import("../evidence/apply-evidence.js");
  const policies = result.policies ? { policies: result.policies } : {};
  const evidence = applyEvidence({ bundleDir, outDir: out, bundle: result.bundle!, files: generated, diagnostics: result.diagnostics, ...policies, signKey, env });
  return { files: sortFiles([...generated, ...evidence]), notes: index.record.notes.filter((note): note is string => typeof note === "string") };
}

/** The settings part of apply's input digest. TypeScript output keeps the digest it always had; JavaScript output is another output. */
function digestSettings(env: CliIo["env"], signKey: string | undefined, emit: EmitKind): string {
  return `${evidenceSettings(env, signKey)}${emit === "ts" ? "" : `\0emit=${emit}`}`;
}

function printWarnings(stream: OutputStream, warnings: readonly string[]): void {
  for (const warning of warnings) stream.write(`warning: ${warning}\n`);
}

/** Checks the bundle, then generates (or compares, or previews) the output. Returns the exit status. */
export async function runApply(args: ApplyFlags & Parameters<typeof readReportOptions>[0], io: CliIo): Promise<ExitCode> {
  const options: ReportOptions = readReportOptions(args);
  // The rules are loaded to read --rule against them only when it is given (it turns the fast path off).
  const rules = ruleFlagValues(args).length === 0 ? {} : (await import("../rule-overrides.js")).readRuleOverrides(args);
  if (typeof args.bundle !== "string") throw new CliError("apply takes at most one bundle folder");
  const mode: ApplyMode = args.check === true ? "check" : args["dry-run"] === true ? "dry-run" : "write";
  const signKey = signKeyFlag(args["sign-key"]);
  const waitSeconds = lockWaitFlag(args["lock-timeout"]);
  const emit: EmitKind = args.emit === undefined ? "ts" : (EMIT_KINDS as readonly unknown[]).includes(args.emit) ? (args.emit as EmitKind) : "ts";
  if (args.emit !== undefined && args.emit !== emit) throw new CliError(`--emit takes one of ${EMIT_KINDS.join(", ")}`);
  const bundleDir = resolveBundleDir(args.bundle);
  const out = resolveOutDir(args.out ?? DEFAULT_OUT, bundleDir);
  // The report owns stdout in the machine formats; apply's own lines then go to stderr.
  const stream = options.format === "stylish" || options.output !== undefined ? io.stdout : io.stderr;

  // Nothing changed since a clean run: say what the full run would say, without checking again.
  if (mode !== "dry-run" && options.format === "stylish" && options.output === undefined && Object.keys(rules).length === 0) {
    let settings: string | undefined;
    try {
      settings = digestSettings(io.env, signKey, emit);
    } catch {
      // A bad key or epoch: the full run reports it.
    }
    const replayed = settings === undefined ? undefined : await replayUnchanged({ bundleDir, out, mode, settings, signKey, waitSeconds, env: io.env, stream });
    if (replayed !== undefined) return replayed;
  }

  // The checker, the report and the emitters: loaded only when the output is not known to be current.
  const [{ check }, { printReport }, { emitBlockers }, { emitOutput }, { replayRecordOf }] = await Promise.all([
    import("../public-api.js"),
    import("../report.js"),
    import("../../compiler/emit/emit-readiness.js"),
    import("../apply/emit-output.js"),
    import("../apply/replay-record.js"),
  ]);
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

  const digest = inputDigest(result, digestSettings(io.env, signKey, emit));
  // Decided with the bundle's own severities: with --rule overrides, from a second check without them.
  const replay = replayRecordOf(result, Object.keys(rules).length === 0 ? undefined : () => check(bundleDir));
  openOutFolder(out);
  const lock = lockFor(out, mode === "write", waitSeconds);
  try {
    if (mode === "write") {
      try {
        printWarnings(stream, recoverOutput(out));
      } catch (error) {
        throw writeFailure(error, out);
      }
    }
    assertOutputFolder(openOutFolder(out), mode === "write" ? "write" : "read");
    const manifest = result.bundle.manifest.data;
    const unchanged = await unchangedOutput(result, out, digest, replay, signKey, io.env, bundleDir);
    if (unchanged) {
      await refuseOutInsideGlobs(out, bundleDir, manifest, unchanged.files.map((f) => f.path));
      const plan = planOutput(out, unchanged.files);
      if (isUpToDate(plan)) {
        if (mode !== "write") return reportPlan(mode, plan, out, stream);
        stream.write(`0 files written, ${plan.unchanged.length} unchanged in ${displayPath(out)}\n`);
        printNotes(stream, unchanged.notes);
        return ExitCode.ok;
      }
    }

    const emission = await emitOutput(result, { bundleDir, out, signKey, env: io.env }, digest, emit, replay);
    await refuseOutInsideGlobs(out, bundleDir, manifest, emission.files.map((f) => f.path));
    if (mode !== "write") return reportPlan(mode, planOutput(out, emission.files), out, stream);
    let written: WriteResult;
    try {
      written = writeOutput(out, emission.files, undefined, lock);
    } catch (error) {
      throw writeFailure(error, out);
    }
    const count = written.added.length + written.changed.length;
    const removed = written.removed.length > 0 ? `, ${written.removed.length} removed` : "";
    stream.write(`${count} ${count === 1 ? "file" : "files"} written (${written.added.length} added, ${written.changed.length} changed)${removed}, ${written.unchanged.length} unchanged in ${displayPath(out)}\n`);
    printWarnings(stream, written.warnings);
    printNotes(stream, emission.notes);
    return ExitCode.ok;
  } finally {
    lock?.release();
  }
}

/** `spec-kit apply [bundle] [--out DIR] [--check] [--dry-run]`: check, then generate into DIR atomically. */
export const applyCommand = defineCommand({
  command: "apply [bundle]",
  describe: "check a bundle, then generate gates, tests, state machines, types, validators, the task graph and evidence",
  builder: (argv: Argv) =>
    withExamples(
      withDiagnosticOptions(
        argv
          .positional("bundle", {
            type: "string",
            default: ".",
            describe: BUNDLE_POSITIONAL,
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
          .option("lock-timeout", {
            type: "number",
            describe: `seconds to wait while another spec-kit run holds the output folder's lock (default ${DEFAULT_LOCK_WAIT_SECONDS}); then exit 2 naming it`,
            requiresArg: true,
          })
          .option("emit", {
            type: "string",
            choices: EMIT_KINDS,
            describe: "ts = TypeScript sources (default); js = JavaScript with .d.ts declarations beside it, for runners without a TypeScript build",
            requiresArg: true,
          })
          .option("sign-key", {
            type: "string",
            describe: "sign evidence/manifest.json with this Ed25519 private key (PKCS#8 PEM): adds evidence/manifest.dsse.json",
            requiresArg: true,
          })
          .conflicts("check", "dry-run"),
      ),
      [
        ["$0 apply specs --out generated", "generate from the bundle in specs/"],
        ["$0 apply specs --check", "fail in CI when generated/ is stale"],
        ["$0 apply specs --dry-run", "preview what apply would change"],
        ["$0 apply specs --emit js --out generated-js", "generate JavaScript and .d.ts files instead of TypeScript"],
      ],
    ),
  run: (args, io) => runApply(args, io),
});
