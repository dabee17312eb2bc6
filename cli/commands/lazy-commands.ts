import type { CliCommand } from "./command.js";

/**
 * One CLI verb by name, with a loader for its module. The CLI imports only the module of the
 * verb it runs, so that `validate` and `check` never pay for what `apply`, `lint` or
 * `evidence` import (typescript, ajv's code generation, prettier, eslint, the runtime library).
 */
export interface LazyCommand {
  /** The verb as typed on the command line. */
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
  load(): Promise<CliCommand<any>>;
}

/** Every CLI verb, in the order `--help` lists them: the one list of commands. Add a command by adding its module here. */
export const LAZY_COMMANDS: readonly LazyCommand[] = [
  { name: "init", load: async () => (await import("./init.js")).initCommand },
  { name: "check", load: async () => (await import("./check.js")).checkCommand },
  { name: "validate", load: async () => (await import("./validate.js")).validateCommand },
  { name: "apply", load: async () => (await import("./apply.js")).applyCommand },
  { name: "lint", load: async () => (await import("./lint.js")).lintCommand },
  { name: "verify", load: async () => (await import("./verify.js")).verifyCommand },
  { name: "evidence", load: async () => (await import("./evidence.js")).evidenceCommand },
  { name: "keygen", load: async () => (await import("./keygen.js")).keygenCommand },
  { name: "graph", load: async () => (await import("./graph.js")).graphCommand },
  { name: "serve", load: async () => (await import("./serve.js")).serveCommand },
  { name: "lsp", load: async () => (await import("./lsp.js")).lspCommand },
  { name: "rules", load: async () => (await import("./rules.js")).rulesCommand },
  { name: "explain", load: async () => (await import("./explain.js")).explainCommand },
];

/**
 * The command modules needed to parse `args`: only the named verb's when the first argument
 * names one, else all of them (for `--help`, a typo's suggestion, or no command at all).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
export async function loadCommandsFor(args: readonly string[]): Promise<CliCommand<any>[]> {
  const first = args[0];
  const named = LAZY_COMMANDS.find((command) => command.name === first);
  return Promise.all((named ? [named] : LAZY_COMMANDS).map((command) => command.load()));
}
