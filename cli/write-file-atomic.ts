import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError } from "./cli-error.js";

/**
 * Writes `text` to `file` so that readers see the old content or the new, never a part:
 * the text goes to a temporary file beside it, which is then renamed over it.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = resolve(file);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new CliError(`cannot write ${file} (${code})`);
  }
}
