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
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
