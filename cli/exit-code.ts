/** Exit statuses (INTERFACE §4). */
export const ExitCode = {
  /** No error-severity diagnostic. */
  ok: 0,
  /** At least one error, too many warnings, or drift found by `--check`. */
  failure: 1,
  /** The command could not run: bad flag, missing path, internal fault. */
  usage: 2,
} as const;

/** One of the exit statuses. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
