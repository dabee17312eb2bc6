import { applyCommand } from "./apply.js";
import { checkCommand } from "./check.js";
import type { CliCommand } from "./command.js";
import { evidenceCommand } from "./evidence.js";
import { explainCommand } from "./explain.js";
import { graphCommand } from "./graph.js";
import { keygenCommand } from "./keygen.js";
import { lintCommand } from "./lint.js";
import { rulesCommand } from "./rules.js";
import { serveCommand } from "./serve.js";
import { validateCommand } from "./validate.js";
import { verifyCommand } from "./verify.js";

export type { CliCommand } from "./command.js";
export { defineCommand } from "./command.js";

/** Every CLI verb, in the order `--help` lists them. Add a command by adding its module here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
export const COMMANDS: readonly CliCommand<any>[] = [checkCommand, validateCommand, applyCommand, lintCommand, verifyCommand, evidenceCommand, keygenCommand, graphCommand, serveCommand, rulesCommand, explainCommand];
