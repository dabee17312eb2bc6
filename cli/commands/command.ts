import type { Argv } from "yargs";
import type { CliIo } from "../cli-io.js";

/**
 * One verb of the CLI. `builder` declares its positionals, options and examples; `run` does
 * the work and returns the exit status. Throw `CliError` for a failure the user can fix
 * (exit 2 with one line); anything else thrown is reported as an internal error.
 */
export interface CliCommand<A = unknown> {
  /** yargs command string, e.g. `check [bundle]`. */
  command: string;
  /** One line for `spec-kit --help`. */
  describe: string;
  builder(argv: Argv): Argv<A>;
  run(args: A, io: CliIo): number | Promise<number>;
}

/** Declares a command, inferring its argument type from `builder`. */
export function defineCommand<A>(command: CliCommand<A>): CliCommand<A> {
  return command;
}

/** How every command that reads a bundle describes its `bundle` positional. */
export const BUNDLE_POSITIONAL = "the bundle folder (holding spec-kit.yaml or spec-kit.json), or its manifest file";
