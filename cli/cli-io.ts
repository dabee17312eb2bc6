/** A stream the CLI writes to. */
export interface OutputStream {
  write(text: string): unknown;
  /** True when it is a terminal (colour is used only then). */
  readonly isTTY?: boolean;
  /** Terminal width, when it is a terminal. */
  readonly columns?: number;
}

/** The process's outside world as commands see it, injected so commands can run in tests. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Runs another spec-kit command line in this process, for a command that runs commands
   * (`verify` replays `apply` and runs `lint`). `runCli` hands itself to the command it runs,
   * so that no command module imports the CLI that imports it.
   */
  runCli?: (args: readonly string[], io: CliIo) => Promise<number>;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
