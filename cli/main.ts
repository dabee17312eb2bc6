#!/usr/bin/env node
import { hideBin } from "yargs/helpers";
import { processIo } from "./cli-io.js";
import { ExitCode } from "./exit-code.js";
import { formatInternalError } from "./internal-error.js";

let reported = false;

/** Reports the first unexpected fault only: one failure can surface through several paths. */
function internalError(error: unknown): void {
  if (reported) return;
  reported = true;
  process.stderr.write(formatInternalError(error, process.env["SPEC_KIT_DEBUG"] === "1"));
  process.exitCode = ExitCode.usage;
}

// A closed pipe (`spec-kit check | head`) is not an error of ours: stop quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.ok);
  internalError(error);
});
process.on("uncaughtException", internalError);
process.on("unhandledRejection", internalError);

try {
  // Imported here, not statically, so that a fault while loading the compiler is reported like any other.
  const { runCli } = await import("./run-cli.js");
  process.exitCode = await runCli(hideBin(process.argv), processIo());
} catch (error) {
  internalError(error);
}
