import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { compareSubjects, describeDifference, isSameOutput } from "../../compiler/evidence/compare-output.js";
import { MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import { subjectsOf } from "../../compiler/evidence/statement.js";
import { CliError } from "../cli-error.js";
import { openFolder } from "../contained-folder.js";
import { INDEX_FILE } from "../output-writer.js";
import { readOutputTree, type OutputTree } from "./output-tree.js";
import { excerpt, isUnknownCommand, type Verifier } from "./verifier.js";

function treeOf(dir: string, label: string): OutputTree {
  const folder = openFolder(dir, { label });
  if (!folder) throw new CliError(`${label}: no such folder`);
  return readOutputTree(folder);
}

/**
 * The deterministic replay (seed 000 §2.1, Compile: "replays the proposed Diff on a clean
 * state"): copies the bundle's files (exactly those the input digest covers) to a clean
 * scratch folder, runs `spec-kit apply` there, and compares the result byte for byte with
 * the committed output. Evidence and the writer's index are left out of the comparison; a link
 * or special file in the committed output is a difference (it is never followed or opened).
 */
export const replayVerifier: Verifier = {
  name: "replay",
  slot: "replay",
  async run(context) {
    const outDir = resolve(context.outDir);
    const copy = join(context.scratchDir, "bundle");
    const replayOut = join(context.scratchDir, "output");
    for (const file of context.inputFiles) {
      try {
        mkdirSync(dirname(join(copy, file)), { recursive: true });
        copyFileSync(join(context.bundleDir, file), join(copy, file));
      } catch (error) {
        throw new CliError(`cannot copy ${file} for the replay (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
      }
    }
    const run = await context.cli(["apply", copy, "--out", replayOut]);
    if (isUnknownCommand(run, "apply")) throw new CliError("verify needs the apply command, which this spec-kit lacks");
    if (run.code !== 0 || !existsSync(replayOut)) {
      return { ok: false, tally: { run: true, passed: 0, total: 1 }, summary: `apply failed (exit ${run.code})`, diagnostics: [`apply exited ${run.code}`, ...excerpt(run.stdout + run.stderr, 40)], suites: [{ suite: "replay", artifact: MANIFEST_PATH, passed: false, coverage: 0 }] };
    }
    const replayed = treeOf(replayOut, "the replay");
    const committed = treeOf(outDir, context.outDir);
    // The output record holds the generator's digest and options (a signing key), not output: it is left out.
    const expected = subjectsOf(replayed.files.filter((file) => file.path !== INDEX_FILE));
    const actual = subjectsOf(committed.files.filter((file) => file.path !== INDEX_FILE));
    const diff = compareSubjects(expected, actual);
    const total = new Set([...expected, ...actual].map((s) => s.name)).size + committed.refused.length;
    const differing = diff.missing.length + diff.extra.length + diff.changed.length + committed.refused.length;
    const ok = isSameOutput(diff) && committed.refused.length === 0;
    return {
      ok,
      tally: { run: true, passed: total - differing, total },
      summary: ok ? `${total}/${total} files identical` : `${differing} of ${total} files differ from a clean apply`,
      diagnostics: [...committed.refused, ...describeDifference(diff)],
      suites: [{ suite: "replay", artifact: MANIFEST_PATH, passed: ok, coverage: 1 }],
    };
  },
};
