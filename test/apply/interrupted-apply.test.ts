import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recoverOutput } from "../../cli/output-writer.js";
import { BIN, REPO_ROOT } from "../cli/spawn-cli.js";
import { copyTree, scratch, treeDigest, removeScratch } from "./tree.js";
import { mulberry32 } from "../helpers/seeded-random.js";

afterAll(removeScratch);


/** Runs `apply bundle --out out`, killing it with SIGKILL after `killAfterMs` (never when undefined); resolves with the run time. */
function apply(bundle: string, out: string, killAfterMs?: number): Promise<{ ms: number; killed: boolean; code: number | null }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "apply", bundle, "--out", out], { cwd: REPO_ROOT, stdio: "ignore" });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ ms: Date.now() - started, killed: signal === "SIGKILL", code });
    });
  });
}

const SEED = 20261124;
const RUNS = 20;

describe("apply killed at random moments", () => {
  it(`never leaves a partial or mixed output folder (${RUNS} SIGKILLs, seed ${SEED})`, async () => {
    const work = scratch("spec-kit-kill-");
    const bundleA = join(work, "bundle-a");
    const bundleB = join(work, "bundle-b");
    copyTree(join(REPO_ROOT, "specs"), bundleA);
    copyTree(join(REPO_ROOT, "specs"), bundleB);
    const manifestB = join(bundleB, "spec-kit.yaml");
    writeFileSync(manifestB, readFileSync(manifestB, "utf8").replace(/^name: .*$/m, "name: autoloop-b"));

    // The complete outputs of both bundles, each beside a file apply did not write.
    const out = join(work, "out", "generated");
    const reference = join(work, "reference", "generated");
    for (const dir of [out, reference]) {
      await apply(bundleA, dir);
      writeFileSync(join(dir, "NOTES.md"), "not generated\n");
    }
    const complete = { a: treeDigest(out)!, b: undefined as Record<string, string> | undefined };
    const typical = (await apply(bundleB, reference)).ms;
    complete.b = treeDigest(reference)!;
    expect(complete.b).not.toEqual(complete.a);

    const random = mulberry32(SEED);
    let current: "a" | "b" = "a";
    const outcomes = { old: 0, new: 0, restored: 0 };
    for (let run = 0; run < RUNS; run++) {
      const next = current === "a" ? "b" : "a";
      await apply(next === "a" ? bundleA : bundleB, out, Math.floor(random() * typical));
      let state = treeDigest(out);
      if (state === undefined) {
        const backups = readdirSync(dirname(out)).filter((name) => name.startsWith(`.${basename(out)}.spec-kit-old-`));
        expect(backups.length, `run ${run}: the folder is gone and no backup is left`).toBeGreaterThan(0);
        recoverOutput(out);
        state = treeDigest(out);
        expect(state, `run ${run}: the restored folder is not the previous output`).toEqual(complete[current]);
        outcomes.restored++;
      } else if (JSON.stringify(state) === JSON.stringify(complete[next])) {
        current = next;
        outcomes.new++;
      } else {
        expect(state, `run ${run}: the folder is neither the old nor the new output`).toEqual(complete[current]);
        outcomes.old++;
      }
    }
    // A last run finishes whatever was left: staging and backup folders are cleaned up.
    await apply(bundleA, out);
    expect(treeDigest(out)).toEqual(complete.a);
    expect(readdirSync(dirname(out))).toEqual(["generated"]);
    expect(outcomes.old + outcomes.new + outcomes.restored).toBe(RUNS);
  }, 300_000);
});
