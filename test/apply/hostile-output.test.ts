// A hostile, shared or read-only output folder: apply keeps what it did not write as it was,
// refuses links and special files by name (never following or opening them), never leaves the
// folder it was given, and a refused or interrupted swap never blocks the next run. Each case is
// a bug that once held; permission cases run the CLI as an unprivileged user.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { INDEX_FILE } from "../../cli/output-writer.js";
import { CLI_TEST_TIMEOUT_MS, REPO_ROOT } from "../cli/spawn-cli.js";
import { giveAway, noStackTrace, ownedScratch, removeOwnedScratch, runAs, UNPRIVILEGED_SKIP_REASON, type Run } from "../helpers/unprivileged.js";
import { treeDigest } from "./tree.js";

// Each case runs the CLI several times.
vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS });
afterAll(removeOwnedScratch);

const BUNDLE = join(REPO_ROOT, "test", "fixtures", "cli", "clean");
/** A file the bundle generates. */
const GENERATED = "types/manifest.ts";
const hasMkfifo = process.platform !== "win32";

/** A fresh output of the small bundle in a scratch folder the CLI's user owns; returns the scratch and the output folder. */
function freshOutput(): { root: string; out: string } {
  const root = ownedScratch();
  const out = join(root, "gen");
  const run = runAs(["apply", BUNDLE, "--out", out]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return { root, out };
}

/** Runs apply (and, with flags, --check or --dry-run) of the small bundle on `out`. */
function apply(out: string, ...flags: string[]): Run {
  return applyBundle(BUNDLE, out, ...flags);
}

function applyBundle(bundle: string, out: string, ...flags: string[]): Run {
  const run = runAs(["apply", bundle, "--out", out, ...flags], { timeoutMs: 30_000 });
  expect(run.timedOut, "the run hung").toBe(false);
  expect(noStackTrace(run)).toBe(true);
  return run;
}

/** Makes a generated file differ, so the next apply writes (and swaps) instead of skipping. */
function touchGenerated(out: string): void {
  writeFileSync(join(out, GENERATED), "// edited\n");
}

/** The folder's siblings apply may leave: none after any run (staging folders, backups, locks). */
function leftovers(root: string): string[] {
  return readdirSync(root).filter((name) => name.includes("spec-kit-"));
}

describe("apply keeps what it did not write", () => {
  it("keeps a symbolic link as a link (one to /dev/zero too), never a copy of its target", () => {
    const { root, out } = freshOutput();
    writeFileSync(join(root, "target.txt"), "outside\n");
    symlinkSync(join(root, "target.txt"), join(out, "notes-link"));
    symlinkSync("/dev/zero", join(out, "zero"));
    symlinkSync("nowhere", join(out, "dangling"));
    giveAway(root);
    touchGenerated(out);
    expect(apply(out).code).toBe(0);
    expect(readlinkSync(join(out, "notes-link"))).toBe(join(root, "target.txt"));
    expect(lstatSync(join(out, "zero")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(out, "zero"))).toBe("/dev/zero");
    expect(readlinkSync(join(out, "dangling"))).toBe("nowhere");
    expect(readFileSync(join(root, "target.txt"), "utf8")).toBe("outside\n");
  });

  it("keeps an empty folder of the user's, and a file's hard links (the very same file)", () => {
    const { root, out } = freshOutput();
    mkdirSync(join(out, "empty", "deeper"), { recursive: true });
    writeFileSync(join(out, "NOTES.md"), "mine\n");
    linkSync(join(out, "NOTES.md"), join(root, "NOTES-elsewhere.md"));
    chmodSync(join(out, "NOTES.md"), 0o640);
    giveAway(root);
    const inode = statSync(join(out, "NOTES.md")).ino;
    touchGenerated(out);
    expect(apply(out).code).toBe(0);
    expect(statSync(join(out, "empty", "deeper")).isDirectory()).toBe(true);
    expect(statSync(join(out, "NOTES.md")).ino).toBe(inode);
    expect(statSync(join(out, "NOTES.md")).nlink).toBe(2);
    expect(statSync(join(out, "NOTES.md")).mode & 0o777).toBe(0o640);
    writeFileSync(join(root, "NOTES-elsewhere.md"), "still linked\n");
    expect(readFileSync(join(out, "NOTES.md"), "utf8")).toBe("still linked\n");
  });

  it("carries a link to a folder over as a link; one where apply writes a folder is refused by name, the folder it points to untouched", () => {
    const { root, out } = freshOutput();
    mkdirSync(join(root, "elsewhere"));
    writeFileSync(join(root, "elsewhere", "keep.ts"), "keep\n");
    symlinkSync(join(root, "elsewhere"), join(out, "docs"));
    giveAway(root);
    touchGenerated(out);
    const kept = apply(out);
    expect(kept.code).toBe(0);
    expect(readlinkSync(join(out, "docs"))).toBe(join(root, "elsewhere"));

    execFileSync("rm", ["-rf", join(out, "types")]);
    symlinkSync(join(root, "elsewhere"), join(out, "types"));
    giveAway(root);
    const before = treeDigest(join(root, "elsewhere"));
    for (const flags of [[], ["--check"], ["--dry-run"]]) {
      const run = apply(out, ...flags);
      expect(run.code, flags.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^spec-kit: refusing .*gen\/types: it is a symbolic link/m);
      expect(run.stderr).not.toContain("EISDIR");
    }
    expect(treeDigest(join(root, "elsewhere"))).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  it("refuses a generated file replaced by a link (to /dev/zero, or out of the folder) without writing through it", () => {
    const { root, out } = freshOutput();
    writeFileSync(join(root, "outside.ts"), "outside\n");
    for (const target of ["/dev/zero", join(root, "outside.ts")]) {
      execFileSync("rm", ["-f", join(out, GENERATED)]);
      symlinkSync(target, join(out, GENERATED));
      giveAway(root);
      const run = apply(out);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`refusing ${out}/${GENERATED}: it is a symbolic link (to ${target})`);
      expect(readlinkSync(join(out, GENERATED))).toBe(target);
    }
    expect(readFileSync(join(root, "outside.ts"), "utf8")).toBe("outside\n");
  });
});

describe.skipIf(!hasMkfifo)("apply never opens a special file", () => {
  it("refuses a FIFO in the folder, or in place of a generated file, by name: apply, --check and --dry-run exit 2 at once", () => {
    const { root, out } = freshOutput();
    for (const place of ["pipe", GENERATED]) {
      execFileSync("rm", ["-f", join(out, place)]);
      execFileSync("mkfifo", [join(out, place)]);
      giveAway(root);
      for (const flags of [[], ["--check"], ["--dry-run"]]) {
        const run = apply(out, ...flags);
        expect(run.code, `${place} ${flags.join(" ")}`).toBe(2);
        expect(run.stderr).toContain(`refusing ${out}/${place}: it is a named pipe (FIFO)`);
      }
      expect(lstatSync(join(out, place)).isFIFO()).toBe(true);
      execFileSync("rm", ["-f", join(out, place)]);
    }
    expect(leftovers(root)).toEqual([]);
  });
});

describe("apply never leaves the folder it was given", () => {
  it("refuses a symbolic link as --out: the link stays a link, the folder it points to is untouched", () => {
    const { root, out } = freshOutput();
    symlinkSync(out, join(root, "linked"));
    giveAway(root);
    touchGenerated(out);
    const before = treeDigest(out);
    for (const flags of [[], ["--check"], ["--dry-run"]]) {
      const run = apply(join(root, "linked"), ...flags);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^spec-kit: --out .*linked is a symbolic link to .*gen; spec-kit writes only into a real folder/m);
    }
    expect(lstatSync(join(root, "linked")).isSymbolicLink()).toBe(true);
    expect(treeDigest(out)).toEqual(before);
  });

  it("refuses an --out inside the bundle where its phases glob would read the generated files", () => {
    const root = ownedScratch();
    const bundle = join(root, "bundle");
    mkdirSync(join(bundle, "phases"), { recursive: true });
    writeFileSync(join(bundle, "spec-kit.yaml"), "specKit: 1\nname: globbed\n");
    giveAway(root);
    const run = applyBundle(bundle, join(bundle, "phases", "gen"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out .*phases\/gen lies where the bundle's phases glob \("phases\/\*\*\/\*\.\{yaml,yml,json\}"\) would read what spec-kit writes \(phases\/gen\/.+\.json\)/);
    expect(existsSync(join(bundle, "phases", "gen"))).toBe(false);
    // Where the glob does not reach, an output folder inside the bundle is fine.
    expect(applyBundle(bundle, join(bundle, "generated")).code).toBe(0);
  });
});

describe.skipIf(UNPRIVILEGED_SKIP_REASON !== undefined)(`apply on read-only folders, as an unprivileged user${UNPRIVILEGED_SKIP_REASON ? ` (skipped: ${UNPRIVILEGED_SKIP_REASON})` : ""}`, () => {
  it("a read-only subfolder of the user's: the swap completes, the folder keeps mode 0555, nothing is left behind, the next run works", () => {
    const { root, out } = freshOutput();
    mkdirSync(join(out, "frozen"));
    writeFileSync(join(out, "frozen", "keep.txt"), "keep\n");
    giveAway(root);
    chmodSync(join(out, "frozen"), 0o555);
    touchGenerated(out);
    const run = apply(out);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(statSync(join(out, "frozen")).mode & 0o777).toBe(0o555);
    expect(readFileSync(join(out, "frozen", "keep.txt"), "utf8")).toBe("keep\n");
    expect(leftovers(root)).toEqual([]);
    touchGenerated(out);
    expect(apply(out).code).toBe(0);
    expect(readFileSync(join(out, GENERATED), "utf8")).toMatch(/^\/\/ Generated by spec-kit/);
  });

  it("a 0555 output folder stays 0555", () => {
    const { root, out } = freshOutput();
    touchGenerated(out);
    chmodSync(out, 0o555);
    expect(apply(out).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o555);
    expect(readFileSync(join(out, GENERATED), "utf8")).toMatch(/^\/\/ Generated by spec-kit/);
    expect(leftovers(root)).toEqual([]);
  });

  it.skipIf(RUN_AS_ROOT_OWNED_UNAVAILABLE())("a read-only folder of another user's inside the output: refused before the swap, nothing changed", () => {
    const { root, out } = freshOutput();
    mkdirSync(join(out, "theirs"));
    writeFileSync(join(out, "theirs", "keep.txt"), "keep\n");
    chownSync(join(out, "theirs"), 0, 0);
    chmodSync(join(out, "theirs"), 0o555);
    touchGenerated(out);
    const before = treeDigest(out);
    const run = apply(out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot replace .*gen: its folder theirs is read-only and belongs to another user \(uid 0\).*nothing was changed/);
    expect(treeDigest(out)).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  it("a parent folder that takes no new entries: refused by name before anything is staged", () => {
    const { root, out } = freshOutput();
    touchGenerated(out);
    const before = treeDigest(out);
    chmodSync(root, 0o555);
    try {
      const run = apply(out);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^spec-kit: cannot lock .*gen \(EACCES\)/m);
      expect(treeDigest(out)).toEqual(before);
    } finally {
      chmodSync(root, 0o755);
    }
  });

  it.skipIf(RUN_AS_ROOT_OWNED_UNAVAILABLE())("an old output left by a dead run that cannot be removed blocks nothing (a warning names it)", () => {
    const { root, out } = freshOutput();
    // What a run killed between its two renames leaves, with a folder in it this user cannot empty.
    const stale = join(root, `.gen.spec-kit-old-${deadPid()}-0`);
    mkdirSync(join(stale, "locked"), { recursive: true });
    writeFileSync(join(stale, "locked", "f"), "x");
    giveAway(root);
    chownSync(join(stale, "locked"), 0, 0);
    chmodSync(join(stale, "locked"), 0o555);
    touchGenerated(out);
    const run = apply(out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^warning: could not remove .*\.gen\.spec-kit-old-\d+-0 left by an earlier run \(EACCES\); it blocks nothing/m);
    touchGenerated(out);
    expect(apply(out).code).toBe(0);
    expect(readFileSync(join(out, GENERATED), "utf8")).toMatch(/^\/\/ Generated by spec-kit/);
    chmodSync(join(stale, "locked"), 0o755);
  });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }));
}

/** Another user's folder needs root to make: available only when the tests run as root. */
function RUN_AS_ROOT_OWNED_UNAVAILABLE(): boolean {
  return typeof process.getuid !== "function" || process.getuid() !== 0;
}

describe("the output record", () => {
  it("is attested by the statement and lists only generated files outside evidence/", () => {
    const { out } = freshOutput();
    const index = JSON.parse(readFileSync(join(out, INDEX_FILE), "utf8")) as { files: string[] };
    expect(index.files).toContain(GENERATED);
    expect(index.files.some((path) => path.startsWith("evidence/"))).toBe(false);
    const statement = JSON.parse(readFileSync(join(out, "evidence", "manifest.json"), "utf8")) as { subject: { name: string }[] };
    expect(statement.subject.map((s) => s.name)).toContain(INDEX_FILE);
  });
});
