import yargs from "yargs";
import { CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import type { CliCommand } from "./commands/command.js";
import { LAZY_COMMANDS, loadCommandsFor } from "./commands/lazy-commands.js";
import { ExitCode } from "./exit-code.js";
import { packageVersion } from "./package-info.js";

/** yargs messages can span lines ("Invalid values:\n  Argument: …"); the CLI prints one. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}

/** Names an unknown command as such: yargs calls it an unknown argument, or only suggests a fix. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
function describeParseFailure(message: string, args: readonly string[], commands: readonly CliCommand<any>[]): string {
  const first = args[0];
  if (first === undefined || first.startsWith("-")) return message;
  const names = LAZY_COMMANDS.map((command) => command.name);
  const command = commands.find((candidate) => candidate.command.split(" ")[0] === first);
  if (command) {
    const positionals = command.command.slice(first.length).trim();
    return message.startsWith("Not enough non-option arguments") ? `${first}: missing ${positionals}` : message;
  }
  if (message.startsWith("Did you mean")) return `unknown command "${first}". ${message}`;
  if (message === `Unknown argument: ${first}`) return `unknown command "${first}" (commands: ${names.join(", ")})`;
  return message;
}

function usageFailure(io: CliIo, error: CliError): ExitCode {
  const hint = error.usageHint ? 'Run "spec-kit --help" for usage.\n' : "";
  io.stderr.write(`spec-kit: ${oneLine(error.message)}\n${hint}`);
  return ExitCode.usage;
}

/**
 * Parses `args` (without node and the script path) and runs the command they name; returns
 * the exit status. A usage problem prints one line to stderr and gives 2. Unexpected
 * exceptions propagate: the entry point turns them into an internal-error line. `--help` and
 * `--version` are printed by yargs on the process's stdout.
 *
 * yargs only parses: the commands are registered without a handler and the one named is run
 * here on the parsed arguments. (After parsing a command, with or without a handler, yargs
 * renders and keeps that command's whole help text in case the handler asks for it, which
 * ours never do: a fifth of `spec-kit validate`'s start-up. `skipHelpCache` turns that off.)
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const commands = await loadCommandsFor(args);
  const parser = yargs([...args])
    .scriptName("spec-kit")
    .usage("$0 <command> [options]\n\nSpec compiler and static verifier for P1–P13 phase reports and spec bundles.")
    .strict()
    .exitProcess(false)
    .demandCommand(1, "no command given")
    .recommendCommands()
    .version(packageVersion())
    .alias("version", "v")
    .help()
    .alias("help", "h")
    .wrap(Math.min(100, io.stdout.columns || 100))
    .epilog(
      "Run \"spec-kit <command> --help\" for a command's options and examples.\n" +
        "Exit status: 0 no error, 1 at least one error (or too many warnings), 2 the command could not run.\n" +
        "Colour: on for a terminal; NO_COLOR turns it off, FORCE_COLOR on.",
    )
    .fail((message: string | undefined, error: Error | undefined) => {
      // yargs reports its own parse failures as YError; any other error came from a handler.
      if (error && error.name !== "YError") throw error;
      throw new CliError(describeParseFailure(message ?? error?.message ?? "invalid command line", args, commands), { usageHint: true });
    });
  for (const command of commands) {
    parser.command(command.command, command.describe, (argv) => command.builder(argv));
  }
  skipHelpCache(parser);
  try {
    const argv = await parser.parseAsync();
    // yargs printed the help or the version instead.
    if (argv["help"] === true || argv["version"] === true) return ExitCode.ok;
    const named = commands.find((command) => command.command.split(" ")[0] === argv._[0]);
    if (!named) throw new CliError("no command given", { usageHint: true });
    return await named.run(argv, { ...io, runCli: io.runCli ?? runCli });
  } catch (error) {
    if (error instanceof CliError) return usageFailure(io, error);
    throw error;
  }
}

/** The part of yargs' internals that renders a command's help ahead of need. */
interface HelpCacheInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } | undefined } | undefined;
}

/**
 * Stops yargs from rendering the named command's help after parsing (`--help` and the usage
 * line of a failure are rendered when asked for, as before). A yargs without that internal
 * keeps its behaviour: only slower.
 */
function skipHelpCache(parser: unknown): void {
  const usage = (parser as HelpCacheInternals).getInternalMethods?.()?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === "function") usage.cacheHelpMessage = () => undefined;
}
