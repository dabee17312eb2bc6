import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { join, relative } from "node:path";
import yargs from "yargs";
import { applyEvidence } from "../../cli/evidence/apply-evidence.js";
import type { CapturedRun, CliRunner } from "../../cli/evidence/verifier.js";
import { keygenCommand } from "../../cli/commands/keygen.js";
import { evidenceCommand } from "../../cli/commands/evidence.js";
import { verifyCommand } from "../../cli/commands/verify.js";
import { CliError } from "../../cli/cli-error.js";
import type { CliIo } from "../../cli/cli-io.js";
import type { CliCommand } from "../../cli/commands/command.js";
import { runCli } from "../../cli/run-cli.js";
import { indexFile, writeOutput, type OutputFile } from "../../cli/output-writer.js";
import { check } from "../../cli/public-api.js";
import { emitBundle, prepareContractTypes } from "../../compiler/emit/index.js";

/** The repository root. */
export const REPO_ROOT = join(import.meta.dirname, "..", "..");

/** A validator of one of the schemas under schemas/ (ajv, draft 2020-12, with formats). */
export function schemaValidator(name: string): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, "schemas", `${name}.schema.json`), "utf8")));
}

/** A scratch folder inside the repository (so generated suites can import the runtime), removed by the caller. */
export function scratch(prefix: string): string {
  mkdirSync(join(REPO_ROOT, ".tmp"), { recursive: true });
  return mkdtempSync(join(REPO_ROOT, ".tmp", `${prefix}-`));
}

/** Removes a scratch folder unless KEEP_EVIDENCE is set. */
export function cleanup(dir: string): void {
  if (!process.env.KEEP_EVIDENCE) rmSync(dir, { recursive: true, force: true });
}

/** Copies the project's own bundle (specs/) into `dir`. */
export function copySpecs(dir: string): string {
  cpSync(join(REPO_ROOT, "specs"), dir, { recursive: true });
  return dir;
}

/** The runtime import generated code uses so that it resolves from `outDir/tests` (the repository's runtime sources). */
function runtimeImportFor(outDir: string): string {
  return relative(join(outDir, "tests"), join(REPO_ROOT, "runtime", "index.js")).split("\\").join("/");
}

/**
 * What `apply` generates, as a hermetic stand-in for the command: check, emit with a runtime
 * import that resolves from `runtimeFrom/tests`, append the output record and the evidence as apply does.
 * Undefined when the bundle has errors.
 */
export async function applyFiles(bundleDir: string, outDir: string, runtimeFrom: string, env: Record<string, string | undefined> = {}, signKey?: string): Promise<OutputFile[] | undefined> {
  const result = check(bundleDir);
  if (!result.bundle || !result.graph || result.summary.errors > 0) return undefined;
  const contractTypes = await prepareContractTypes(result.bundle);
  const { files } = emitBundle({ bundle: result.bundle, graph: result.graph, runtimeImport: runtimeImportFor(runtimeFrom), contractTypes });
  files.push(indexFile(files, { inputDigest: "test", notes: [] }));
  const policies = result.policies ? { policies: result.policies } : {};
  files.push(...applyEvidence({ bundleDir, outDir, bundle: result.bundle, files, diagnostics: result.diagnostics, ...policies, env, ...(signKey ? { signKey } : {}) }));
  return files;
}

/** `apply` (see {@link applyFiles}) writing atomically with the real output writer; returns its exit status. */
export function testApply(runtimeFrom: string, env: Record<string, string | undefined> = {}, signKey?: string): (bundleDir: string, outDir: string) => Promise<number> {
  return async (bundleDir, outDir) => {
    const files = await applyFiles(bundleDir, outDir, runtimeFrom, env, signKey);
    if (!files) return 1;
    writeOutput(outDir, files);
    return 0;
  };
}

/** A CLI runner for verify's replay and lint: `apply` goes to `apply`; `lint` is unknown, as in a spec-kit without it. */
export function fakeCli(apply: (bundleDir: string, outDir: string) => number | Promise<number>): CliRunner {
  return async (args): Promise<CapturedRun> => {
    if (args[0] === "apply") {
      const out = args[args.indexOf("--out") + 1]!;
      const code = await apply(args[1]!, out);
      return { code, stdout: "", stderr: code === 0 ? "" : "apply: the bundle has errors\n" };
    }
    return { code: 2, stdout: "", stderr: `spec-kit: unknown command "${args[0]}"\n` };
  };
}

/** An io that records what a command writes. */
export function recordingIo(env: Record<string, string | undefined> = {}): CliIo & { out: string; err: string } {
  const io = { out: "", err: "", env, runCli, stdout: { write: (text: string) => (io.out += text) }, stderr: { write: (text: string) => (io.err += text) } };
  return io;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
const OWN_COMMANDS: readonly CliCommand<any>[] = [keygenCommand, evidenceCommand, verifyCommand];

/** Runs one of this suite's commands the way the CLI does (yargs, CliError to exit 2), without the registry. */
export async function runCommand(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo(env);
  let code = 0;
  const parser = yargs([...args]).strict().exitProcess(false).fail((message, error) => {
    throw error ?? new CliError(message ?? "invalid command line");
  });
  for (const command of OWN_COMMANDS) {
    parser.command({ command: command.command, describe: command.describe, builder: (argv) => command.builder(argv), handler: async (argv) => { code = await command.run(argv, io); } });
  }
  try {
    await parser.parseAsync();
  } catch (error) {
    if (!(error instanceof CliError) && (error as Error).name !== "YError") throw error;
    io.err += `spec-kit: ${(error as Error).message}\n`;
    code = 2;
  }
  return { code, out: io.out, err: io.err };
}
