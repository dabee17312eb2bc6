import type { CliIo } from "../cli-io.js";
import type { CapturedRun, CliRunner } from "./verifier.js";

/**
 * A runner of spec-kit command lines inside this process through `runCli` (the CLI's, as
 * `CliIo.runCli` hands it to commands), capturing stdout and stderr.
 */
export function inProcessCli(env: Readonly<Record<string, string | undefined>>, runCli: NonNullable<CliIo["runCli"]>): CliRunner {
  return async (args) => {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { ...env, NO_COLOR: "1", FORCE_COLOR: undefined },
    };
    try {
      const code = await runCli(args, io);
      return { code, stdout, stderr } satisfies CapturedRun;
    } catch (error) {
      return { code: 2, stdout, stderr: `${stderr}${error instanceof Error ? error.message : String(error)}\n` };
    }
  };
}
