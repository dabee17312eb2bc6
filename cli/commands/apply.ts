import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Argv } from "yargs";
import { CliError } from "../cli-error.js";
import type { CliIo, OutputStream } from "../cli-io.js";
import { applyEvidence, evidenceSettings, signKeyFlag } from "../evidence/apply-evidence.js";
import { readReportOptions, readRuleOverrides, withDiagnosticOptions, type ReportOptions } from "../diagnostic-options.js";
import { ExitCode } from "../exit-code.js";
import { planOutput, readOutputIndex, recoverOutput, writeOutput, type OutputIndex, type OutputPlan, type OutputRecord } from "../output-writer.js";
import { packageVersion } from "../package-info.js";
import { check, type CheckResult } from "../public-api.js";
import { printReport } from "../report.js";
import { bundleBasePath, resolveBundleDir } from "./check.js";
import { defineCommand } from "./command.js";

/** The module specifier generated code imports the runtime from. */
export const RUNTIME_IMPORT = "spec-kit/runtime";

/** The output folder when `--out` is not given, relative to the current directory (INTERFACE §4). */
export const DEFAULT_OUT = "generated";

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

let fingerprint: string | undefined;

/**
 * A digest of the code that generates: spec-kit's version and every module of the compiler,
 * the runtime, the rules and the CLI, from wherever this module runs (the built `dist/` or the
 * sources). A changed emitter changes the digest even before the version is bumped, so a stale
 * output is never kept.
 */
export function generatorFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const here = fileURLToPath(import.meta.url);
  const root = resolve(dirname(here), "..", "..");
  const extension = here.endsWith(".ts") ? ".ts" : ".js";
  const hash = createHash("sha256").update(packageVersion());
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${rel}/${entry.name}`);
      else if (entry.name.endsWith(extension) && !entry.name.endsWith(".d.ts")) hash.update(`${rel}/${entry.name}\0${sha256(readFileSync(path))}\0`);
    }
  };
  for (const folder of ["cli", "compiler", "rules", "runtime"]) walk(join(root, folder), folder);
  return (fingerprint = hash.digest("hex"));
}

/**
 * The digest of an apply's inputs: the generator, its options, the evidence settings (toolchain,
 * SOURCE_DATE_EPOCH, signing key) and the text of every bundle document (sorted by path).
 */
export function inputDigest(result: Pick<CheckResult, "documents">, settings: string, generator: string = generatorFingerprint()): string {
  const hash = createHash("sha256").update(`spec-kit apply\0${generator}\0${RUNTIME_IMPORT}\0${settings}\0`);
  for (const file of [...result.documents.keys()].sort()) hash.update(`${file}\0${sha256(result.documents.get(file)!.text)}\0`);
  return hash.digest("hex");
}

/** True when every file the index lists is on disk with the digest it recorded. */
export function outputIntact(dir: string, index: OutputIndex): boolean {
  const digests = index.sha256;
  if (!digests) return false;
  return index.files.every((file) => {
    const expected = digests[file];
    if (typeof expected !== "string") return false;
    try {
      return sha256(readFileSync(join(dir, file))) === expected;
    } catch {
      return false;
    }
  });
}

/** The `--dry-run` lines: `A`, `M` or `D` and the path, sorted by path. */
export function planLines(plan: OutputPlan): string[] {
  const marked = [
    ...plan.added.map((path) => ({ path, mark: "A" })),
    ...plan.changed.map((path) => ({ path, mark: "M" })),
    ...plan.removed.map((path) => ({ path, mark: "D" })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return marked.map(({ path, mark }) => `${mark} ${path}`);
}

function countLine(plan: OutputPlan): string {
  return `${plan.added.length} to add, ${plan.changed.length} to change, ${plan.removed.length} to remove, ${plan.unchanged.length} unchanged`;
}

/** A folder as printed: relative to the current directory when below it, else absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  const shown = rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  return sep === "/" ? shown : shown.split(sep).join("/");
}

function contains(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** The output folder `--out` names; refused when replacing it would move the bundle or the current directory. */
export function resolveOutDir(out: unknown, bundleDir: string): string {
  if (Array.isArray(out)) throw new CliError("--out may be given only once");
  if (typeof out !== "string" || out === "") throw new CliError("--out needs a folder name");
  const dir = resolve(out);
  if (contains(dir, resolve(bundleDir))) throw new CliError(`--out ${out} holds the bundle; generate into a folder of its own`);
  if (contains(dir, process.cwd())) throw new CliError(`--out ${out} holds the current directory; generate into a folder of its own`);
  return dir;
}

/**
 * Refuses to replace what is not an output folder: a file, or a folder holding files but no
 * index of spec-kit's (a mistaken `--out src` would otherwise be swapped out whole).
 */
export function assertOutputFolder(dir: string, mode: "write" | "read"): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    return;
  }
  if (!isDirectory) throw new CliError(`--out ${displayPath(dir)} is a file, not a folder`);
  if (mode === "write" && readOutputIndex(dir) === undefined && readdirSync(dir).length > 0) {
    throw new CliError(`--out ${displayPath(dir)} holds files spec-kit did not write; empty it or choose another folder`);
  }
}

function writeFailure(error: unknown, out: string): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot write ${displayPath(out)}: ${reason}`);
}

interface Emission {
  files: { path: string; content: string }[];
  notes: string[];
}

/** Where and how the evidence of an emission is made. */
interface EvidenceContext {
  bundleDir: string;
  out: string;
  signKey: string | undefined;
  env: CliIo["env"];
}

/**
 * Runs the emit stage, loaded only now (it brings in ts-morph, which a no-op apply never
 * needs), then appends the evidence files (evidence/manifest.json) attesting every generated file.
 */
async function emit(result: CheckResult, context: EvidenceContext): Promise<Emission> {
  const { emitBundle } = await import("../../compiler/emit/index.js");
  const bundle = result.bundle!;
  const output = emitBundle({ bundle, graph: result.graph!, runtimeImport: RUNTIME_IMPORT });
  const evidence = applyEvidence({ bundleDir: context.bundleDir, outDir: context.out, bundle, files: output.files, diagnostics: result.diagnostics, signKey: context.signKey, env: context.env });
  const files = [...output.files, ...evidence].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes: output.notes.map((note) => `${note.emitter}: ${note.message}`) };
}

type Mode = "write" | "check" | "dry-run";

function printNotes(stream: OutputStream, notes: readonly string[]): void {
  for (const note of notes) stream.write(`note ${note}\n`);
}

/** `--check` and `--dry-run` when the output may differ: emit, compare, report. */
function reportPlan(mode: Exclude<Mode, "write">, plan: OutputPlan, out: string, stream: OutputStream): ExitCode {
  const lines = planLines(plan);
  if (mode === "dry-run") {
    for (const line of lines) stream.write(`${line}\n`);
    stream.write(`${countLine(plan)} in ${displayPath(out)} (dry run: nothing written)\n`);
    return ExitCode.ok;
  }
  if (lines.length === 0) {
    stream.write(`${displayPath(out)} is up to date (${plan.unchanged.length} files)\n`);
    return ExitCode.ok;
  }
  stream.write(`${displayPath(out)} is not what apply would write:\n`);
  for (const line of lines) stream.write(`  ${line}\n`);
  stream.write(`${countLine(plan)}; run "spec-kit apply" to update it\n`);
  return ExitCode.failure;
}

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
  const mode: Mode = args.check === true ? "check" : args["dry-run"] === true ? "dry-run" : "write";
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

  const emission = await emit(result, { bundleDir, out, signKey, env: io.env });
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
  stream.write(`${written} files written (${plan.added.length} added, ${plan.changed.length} changed)${removed}, ${plan.unchanged.length} unchanged in ${displayPath(out)}\n`);
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
