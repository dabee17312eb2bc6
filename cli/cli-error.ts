/**
 * A failure the user can fix (bad flag value, missing path, unwritable output): the CLI prints
 * `spec-kit: <message>` and exits 2, without a stack trace. Anything else thrown is a bug.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  /** Whether to add a pointer to `--help` (for mistakes in the command line itself). */
  readonly usageHint: boolean;

  constructor(message: string, options: { usageHint?: boolean } = {}) {
    super(message);
    this.usageHint = options.usageHint ?? false;
  }
}
