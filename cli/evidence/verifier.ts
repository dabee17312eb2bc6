import type { SuiteOutcome } from "../../compiler/evidence/contracts.js";
import type { VerifierSlot } from "../../compiler/evidence/compile-verdict.js";
import type { VerifierTally } from "../../compiler/evidence/verification-summary.js";

/** What one in-process CLI run gave. */
export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a spec-kit command line and captures its output (in process, so it needs no build). */
export type CliRunner = (args: readonly string[]) => Promise<CapturedRun>;

/** Everything a verifier may use. */
export interface VerifierContext {
  /** The bundle folder (the input). */
  bundleDir: string;
  /** The files the bundle consists of (manifest, phases, missions), relative to it: what the input digest covers. */
  inputFiles: readonly string[];
  /** The committed output folder under verification. */
  outDir: string;
  /** A scratch folder of this run, removed afterwards. */
  scratchDir: string;
  env: Readonly<Record<string, string | undefined>>;
  cli: CliRunner;
}

/** The outcome of one verifier. */
export interface VerifierOutcome {
  ok: boolean;
  tally: VerifierTally;
  /** Short, for the progress line, e.g. `47/47 files identical`. */
  summary: string;
  /** Findings, one line each (for the Rejection Report). */
  diagnostics: string[];
  /** The suites it ran, each becoming a ValidationReport. */
  suites: SuiteOutcome[];
}

/** One verifier of the Compile phase (seed 000 §2.2). */
export interface Verifier {
  name: string;
  slot: VerifierSlot;
  run(context: VerifierContext): Promise<VerifierOutcome>;
}

/** The first lines of a command's output, for diagnostics. */
export function excerpt(text: string, lines = 20): string[] {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "")
    .slice(0, lines);
}

/** True when a captured run failed only because the command is not registered in this spec-kit. */
export function isUnknownCommand(run: CapturedRun, command: string): boolean {
  return run.code === 2 && run.stderr.includes(`unknown command "${command}"`);
}
