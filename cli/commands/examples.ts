import type { Argv } from "yargs";

/**
 * The longest example command yargs keeps beside its description without wrapping it, on an
 * 80-column terminal (yargs gives the command column at most half the width, less padding).
 */
export const EXAMPLE_COLUMN = 36;

/**
 * Adds a command's `--help` examples, `[command, description]` each (`$0` is spec-kit). When
 * a command is too long for the example column, yargs would wrap it mid-command; then each
 * example's description goes on a line of its own above it, as a shell comment, and the command
 * on the next line, whole, so that both lines can be pasted into a shell.
 */
export function withExamples<T>(argv: Argv<T>, examples: readonly (readonly [string, string])[]): Argv<T> {
  const long = examples.some(([command]) => command.replace(/\$0/g, "spec-kit").length > EXAMPLE_COLUMN);
  let out = argv;
  for (const [command, description] of examples) {
    out = long ? out.example(`# ${description}`, "").example(command, "") : out.example(command, description);
  }
  return out;
}
