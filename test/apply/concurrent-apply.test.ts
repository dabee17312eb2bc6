// Two runs on one output folder: a lock per folder makes the second wait (or exit 2 naming the
// holder after --lock-timeout); whatever the timing, the folder ends whole, and a run's recovery
// never touches what another live run has staged.
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/spawn-cli.js";
import { giveAway, noStackTrace, ownedScratch, removeOwnedScratch, runAs, startAs, type Run } from "../helpers/unprivileged.js";
import { treeDigest } from "./tree.js";

afterAll(removeOwnedScratch);

const PAIRS = 20;
const LOCKED = /^spec-kit: .*gen is locked by spec-kit apply \(pid \d+ on .+, since .+\); waited \d+ s\. Run again when it has finished, or remove .*\.gen\.spec-kit-lock if no such run is alive$/;

let root: string;
let bundles: { a: string; b: string };
let complete: { a: Record<string, string>; b: Record<string, string> };

beforeAll(() => {
  root = ownedScratch("spec-kit-concurrent-");
  bundles = { a: join(REPO_ROOT, "test", "fixtures", "cli", "clean"), b: join(root, "bundle-b") };
  mkdirSync(bundles.b);
  writeFileSync(join(bundles.b, "spec-kit.yaml"), "specKit: 1\nname: other\n");
  giveAway(root);
  const outputs = { a: join(root, "ref-a", "gen"), b: join(root, "ref-b", "gen") };
  for (const which of ["a", "b"] as const) expect(runAs(["apply", bundles[which], "--out", outputs[which]]).code).toBe(0);
  complete = { a: treeDigest(outputs.a)!, b: treeDigest(outputs.b)! };
  expect(complete.a).not.toEqual(complete.b);
}, 120_000);

/** A run's outcome is one of two: it wrote (exit 0, its summary), or it lost the lock (exit 2, one line naming the holder). */
function expectClear(run: Run): "wrote" | "locked" {
  expect(run.timedOut).toBe(false);
  expect(noStackTrace(run)).toBe(true);
  if (run.code === 0) {
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^(\d+ files? written|0 files written)/);
    return "wrote";
  }
  expect(run.code).toBe(2);
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(run.stderr.trimEnd()).toMatch(LOCKED);
  return "locked";
}

describe("concurrent apply on one output folder", () => {
  it(`${PAIRS} concurrent pairs always leave a whole output and one clear message each`, async () => {
    const out = join(root, "shared", "gen");
    const outcomes = { wrote: 0, locked: 0 };
    for (let pair = 0; pair < PAIRS; pair++) {
      // Half the pairs wait for the lock (the default), half give up at once (exit 2 naming the holder).
      const flags = pair % 2 === 0 ? [] : ["--lock-timeout", "0"];
      const [first, second] = pair % 4 < 2 ? (["a", "b"] as const) : (["b", "a"] as const);
      const runs = await Promise.all([startAs(["apply", bundles[first], "--out", out, ...flags]), startAs(["apply", bundles[second], "--out", out, ...flags])]);
      for (const run of runs) outcomes[expectClear(run)]++;
      const state = treeDigest(out);
      expect([complete.a, complete.b], `pair ${pair}: the folder is neither whole output`).toContainEqual(state);
      expect(readdirSync(join(root, "shared")), `pair ${pair}: something was left beside the folder`).toEqual(["gen"]);
    }
    expect(outcomes.wrote + outcomes.locked).toBe(2 * PAIRS);
    expect(outcomes.wrote).toBeGreaterThanOrEqual(PAIRS);
  }, 600_000);

  it("waits a bounded time for a live holder, then exits 2 naming it and leaves the folder and the lock alone", () => {
    const out = join(root, "held", "gen");
    expect(runAs(["apply", bundles.a, "--out", out]).code).toBe(0);
    const before = treeDigest(out);
    const lock = join(root, "held", ".gen.spec-kit-lock");
    const holder = { pid: process.pid, host: hostname(), command: "spec-kit verify", since: "2030-01-01T00:00:00.000Z", token: "feedfacefeedface" };
    writeFileSync(lock, JSON.stringify(holder));
    const started = Date.now();
    const run = runAs(["apply", bundles.b, "--out", out, "--lock-timeout", "1"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`gen is locked by spec-kit verify (pid ${process.pid} on ${hostname()}, since 2030-01-01T00:00:00.000Z); waited 1 s`);
    // --check and --dry-run write nothing, not even a lock of their own, and wait for the holder too.
    for (const flag of ["--check", "--dry-run"]) {
      const read = runAs(["apply", bundles.b, "--out", out, flag, "--lock-timeout", "0"]);
      expect(read.code, flag).toBe(2);
      expect(read.stderr).toContain(`gen is locked by spec-kit verify (pid ${process.pid} on ${hostname()}`);
    }
    expect(treeDigest(out)).toEqual(before);
    expect(existsSync(lock)).toBe(true);
    expect(readdirSync(join(root, "held")).sort()).toEqual([".gen.spec-kit-lock", "gen"]);
  });

  it("takes over a lock whose process is gone, and removes it when done", async () => {
    const out = join(root, "stale", "gen");
    mkdirSync(join(root, "stale"));
    giveAway(root);
    const dead = await exitedPid();
    const lock = join(root, "stale", ".gen.spec-kit-lock");
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), command: "spec-kit apply", since: "2030-01-01T00:00:00.000Z", token: "0123456789abcdef" }));
    giveAway(root);
    const run = runAs(["apply", bundles.a, "--out", out, "--lock-timeout", "0"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(treeDigest(out)).toEqual(complete.a);
    expect(readdirSync(join(root, "stale"))).toEqual(["gen"]);
  });

  it("recovery leaves alone what a live run has staged or moved aside beside the folder", async () => {
    const out = join(root, "live", "gen");
    expect(runAs(["apply", bundles.a, "--out", out]).code).toBe(0);
    const alive = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"]);
    try {
      const theirs = [`.gen.spec-kit-tmp-${alive.pid}-feed`, `.gen.spec-kit-old-${alive.pid}-feed`];
      for (const name of theirs) {
        mkdirSync(join(root, "live", name));
        writeFileSync(join(root, "live", name, "half.txt"), "theirs\n");
      }
      giveAway(root);
      expect(runAs(["apply", bundles.b, "--out", out]).code).toBe(0);
      expect(treeDigest(out)).toEqual(complete.b);
      expect(readdirSync(join(root, "live")).sort()).toEqual(["gen", ...theirs].sort());
    } finally {
      alive.kill();
    }
  });
});

/** The pid of a process that has exited. */
function exitedPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-e", ""]);
    child.on("exit", () => resolve(child.pid!));
  });
}
