// The last step of every build script: write a rendered file when it changed, or, with
// `--check`, write nothing and exit 1 when the file on disk is not what would be written.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Writes `text` to `output` (relative to `root`) unless it is there already; `--check` reports drift instead. */
export async function writeOrCheck(root, output, text, rerun = "npm run build") {
  const target = join(root, output);
  const current = await readFile(target, "utf8").catch(() => null);
  if (current === text) {
    process.exitCode = 0;
  } else if (process.argv.includes("--check")) {
    console.error(`drift: ${output} differs from schemas/; run ${rerun}`);
    process.exitCode = 1;
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    console.log(`wrote ${output}`);
  }
}
