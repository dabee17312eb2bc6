import { realpathSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { CliError } from "./cli-error.js";
import { openFolder } from "./contained-folder.js";

/**
 * Writes `text` to `file` so that readers see the old content or the new, never a part: the
 * text goes to a temporary file beside it, which is then renamed over it, through the folder
 * layer. The folder named may be reached through links (the user chose it); a link or special
 * file at `file` itself is refused, never written through or replaced.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = resolve(file);
  let parent: string;
  try {
    parent = realpathSync(dirname(target));
  } catch (error) {
    throw new CliError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  const folder = openFolder(parent, { label: dirname(file) })!;
  try {
    folder.writeFile(basename(target), text);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
