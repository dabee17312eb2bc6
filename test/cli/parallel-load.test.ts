// Large bundles are parsed on two threads by the CLI's host (cli/parallel/parse-pool.ts, from
// the built CLI only). The report must be exactly the single-threaded one, including
// diagnostics and positions in files the worker parsed.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkBundle } from "../../compiler/program.js";
import { createNodeHost } from "../../cli/node-host.js";
import { PARALLEL_MIN_DOCUMENTS, takeBack, takeFront } from "../../cli/parallel/parse-pool.js";
import { ALL_RULES } from "../../rules/index.js";
import { generateBundle } from "../../bench/generate-bundle.mjs";
import { CLI_TEST_TIMEOUT_MS, REPO_ROOT, runCli } from "./spawn-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "spec-kit-parallel-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("parallel loading", () => {
  it(
    "gives the single-threaded report for a bundle large enough to use a worker",
    () => {
      // The worker runs from the build only: without it this test would compare one thread with itself.
      expect(existsSync(join(REPO_ROOT, "dist", "cli", "parallel", "parse-worker.js"))).toBe(true);
      const dir = join(scratch, "bundle");
      const phases = PARALLEL_MIN_DOCUMENTS + 10;
      generateBundle(dir, phases);
      // Break files in the worker's half (the second half in file order) and in the main thread's.
      const last = join(dir, "phases", `P${phases - 1}.yaml`);
      writeFileSync(last, readFileSync(last, "utf8").replace(/priority: \w+/, "priority: urgent"));
      writeFileSync(join(dir, "phases", `P${phases}.json`), '{"phase_meta": {,,}');
      writeFileSync(join(dir, "phases", "P1.json"), new Uint8Array([0x7b, 0xff]));
      const run = runCli(["check", dir, "--format", "json"]);
      expect(run.code).toBe(1);
      const expected = checkBundle(createNodeHost(dir, { parallel: false }), { rules: ALL_RULES });
      const report = JSON.parse(run.stdout) as { diagnostics: unknown[]; summary: unknown };
      expect(report.summary).toEqual(expected.summary);
      expect(report.diagnostics.length).toBe(expected.diagnostics.length);
      expect(report.diagnostics.length).toBeGreaterThanOrEqual(3);
      expect(report.diagnostics).toEqual(expected.diagnostics.map((d) => expect.objectContaining({ ruleId: d.ruleId, file: d.file, line: d.line, column: d.column, message: d.message })));
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe("sharing chunks between the threads", () => {
  it("hands out every chunk exactly once, the front ones to the caller and the back ones to the worker, until they meet", () => {
    const shared = new Int32Array(new SharedArrayBuffer(8));
    shared[0] = 7 << 16;
    const front: number[] = [];
    const back: number[] = [];
    for (let turn = 0; turn < 20; turn++) {
      const taken = turn % 3 === 2 ? takeBack(shared) : takeFront(shared);
      if (taken >= 0) (turn % 3 === 2 ? back : front).push(taken);
    }
    expect(front).toEqual([0, 1, 2, 3, 4]);
    expect(back).toEqual([6, 5]);
    expect(takeFront(shared)).toBe(-1);
    expect(takeBack(shared)).toBe(-1);
  });
});
