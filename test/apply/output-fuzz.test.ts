// The fuzz harness, turned on the output folder: random mutations (links to files, folders,
// devices and nowhere; FIFOs and devices; hard links; empty folders; read-only and unreadable
// modes; edits and deletions) of a generated folder, then apply, --check, --dry-run or
// evidence verify as an unprivileged user. Whatever the mutation: no hang, no stack trace,
// nothing outside the folder changed, nothing left beside it; apply either writes the whole
// output keeping every entry it did not write, or refuses and changes nothing; the read-only
// commands change nothing; evidence verify passes exactly when the files are as generated.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/spawn-cli.js";
import { giveAway, noStackTrace, ownedScratch, removeOwnedScratch, runAs, RUN_AS } from "../helpers/unprivileged.js";

afterAll(removeOwnedScratch);

const BUNDLE = join(REPO_ROOT, "test", "fixtures", "cli", "clean");
/** More runs or another seed for a longer hunt: SPEC_KIT_FUZZ_RUNS=500 SPEC_KIT_FUZZ_SEED=7 npx vitest run test/apply/output-fuzz.test.ts */
const RUNS = Number(process.env.SPEC_KIT_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.SPEC_KIT_FUZZ_SEED ?? 20261203);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const canRestrict = isRoot ? RUN_AS !== undefined : process.platform !== "win32";

/** One entry as `lstat` sees it (never followed). */
interface Snapshot {
  kind: "file" | "folder" | "link" | "special";
  mode: number;
  ino?: number;
  target?: string;
  sha256?: string;
}

/** Every entry below `dir` (and `dir` itself as ""), read as root sees it: links never followed, special files never opened. */
function snapshot(dir: string): Map<string, Snapshot> {
  const out = new Map<string, Snapshot>();
  const visit = (rel: string): void => {
    const abs = rel === "" ? dir : join(dir, rel);
    const stats = lstatSync(abs);
    const mode = stats.mode & 0o7777;
    if (stats.isSymbolicLink()) out.set(rel, { kind: "link", mode: 0, target: readlinkSync(abs) });
    else if (stats.isFile()) out.set(rel, { kind: "file", mode, ino: stats.ino, sha256: createHash("sha256").update(readFileSync(abs)).digest("hex") });
    else if (stats.isDirectory()) {
      out.set(rel, { kind: "folder", mode });
      for (const name of readdirSync(abs).sort()) visit(rel === "" ? name : `${rel}/${name}`);
    } else out.set(rel, { kind: "special", mode });
  };
  if (existsSync(dir)) visit("");
  return out;
}

let root: string;
let reference: Map<string, Snapshot>;
let generatedFiles: string[];
let generatedFolders: Set<string>;

/** Paths a mutation may aim at: generated files and folders, the record, evidence, and the user's own. */
const USER_PATHS = ["NOTES.md", "user", "user/deep/x.txt", "evidence/extra.json", "types/mine.ts", "a-folder"];

const ACTIONS = ["link-file", "link-folder", "link-dangling", "link-dev-zero", "fifo", "device", "hard-link", "empty-folder", "write", "delete", "mode-555", "mode-444", "mode-000"] as const;
type Action = (typeof ACTIONS)[number];
interface Mutation {
  path: string;
  action: Action;
}

beforeAll(() => {
  root = ownedScratch("spec-kit-fuzz-");
  const ref = join(root, "reference");
  expect(runAs(["apply", BUNDLE, "--out", ref]).code).toBe(0);
  reference = snapshot(ref);
  generatedFiles = [...reference].filter(([, s]) => s.kind === "file").map(([path]) => path);
  generatedFolders = new Set([...reference].filter(([path, s]) => s.kind === "folder" && path !== "").map(([path]) => path));
  mkdirSync(join(root, "outside", "folder"), { recursive: true });
  writeFileSync(join(root, "outside", "file.txt"), "outside\n");
  writeFileSync(join(root, "outside", "folder", "inner.txt"), "inner\n");
  giveAway(root);
}, 60_000);

/** Removes a path whatever it is (root removes read-only folders' entries anyway; a link is removed, never followed). */
function removeForcibly(abs: string): void {
  if (!existsSync(abs) && !isLink(abs)) return;
  rmSync(abs, { recursive: true, force: true });
}

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Applies one mutation (as root, then given to the CLI's user); false when it cannot apply here (skipped). */
function mutate(out: string, { path, action }: Mutation, case_: string): boolean {
  const abs = path === "" ? out : join(out, path);
  const outside = join(root, "outside");
  const replace = (make: () => void): void => {
    if (path === "") return;
    removeForcibly(abs);
    const parentFolder = join(abs, "..");
    if (!lstatSync(parentFolder, { throwIfNoEntry: false })?.isDirectory()) {
      if (isLink(parentFolder) || existsSync(parentFolder)) throw new Error("the folder on the way is not a folder");
      mkdirSync(parentFolder, { recursive: true });
    }
    make();
  };
  switch (action) {
    case "link-file":
      replace(() => symlinkSync(join(outside, "file.txt"), abs));
      break;
    case "link-folder":
      replace(() => symlinkSync(join(outside, "folder"), abs));
      break;
    case "link-dangling":
      replace(() => symlinkSync("nowhere", abs));
      break;
    case "link-dev-zero":
      replace(() => symlinkSync("/dev/zero", abs));
      break;
    case "fifo":
      if (process.platform === "win32") return false;
      replace(() => execFileSync("mkfifo", [abs]));
      break;
    case "device":
      if (!isRoot) return false;
      replace(() => execFileSync("mknod", [abs, "c", "1", "5"]));
      break;
    case "hard-link": {
      // A file of the user's that is also linked from outside; at a generated path, the generated file linked out.
      const twin = join(outside, `twin-${case_}`);
      if (lstatSync(abs, { throwIfNoEntry: false })?.isFile()) linkSync(abs, twin);
      else {
        replace(() => writeFileSync(abs, "twin\n"));
        if (path !== "") linkSync(abs, twin);
      }
      break;
    }
    case "empty-folder":
      replace(() => mkdirSync(abs));
      break;
    case "write":
      replace(() => writeFileSync(abs, `fuzz ${case_}\n`));
      break;
    case "delete":
      if (path === "") return false;
      removeForcibly(abs);
      break;
    case "mode-555":
    case "mode-444":
    case "mode-000": {
      if (!canRestrict) return false;
      const stats = lstatSync(abs, { throwIfNoEntry: false });
      if (!stats || stats.isSymbolicLink()) return false;
      chmodSync(abs, action === "mode-555" ? 0o555 : action === "mode-444" ? 0o444 : 0o000);
      return true;
    }
  }
  return true;
}

const mutation = fc.record({
  path: fc.oneof(fc.constantFrom("", ".spec-kit-output.json", "evidence", "evidence/manifest.json"), fc.constantFrom(...USER_PATHS), fc.nat().map((n) => `@${n}`)),
  action: fc.constantFrom(...ACTIONS),
});
const command = fc.constantFrom("apply", "apply", "check", "dry-run", "evidence");

/** Resolves `@n` to the n-th generated file or folder. */
function resolvePath(path: string): string {
  if (!path.startsWith("@")) return path;
  const pool = [...generatedFiles, ...generatedFolders];
  return pool[Number(path.slice(1)) % pool.length]!;
}

/** The folder outside the output that links and hard links point into: it must never change. */
function outsideState(): Map<string, Snapshot> {
  return snapshot(join(root, "outside"));
}

function sameFilesAsGenerated(state: Map<string, Snapshot>): boolean {
  const files = [...state].filter(([, s]) => s.kind !== "folder");
  if (files.length !== generatedFiles.length) return false;
  return files.every(([path, s]) => s.kind === "file" && s.sha256 === reference.get(path)?.sha256);
}

/** True when the CLI's user cannot read some of it (a folder without r or x, a file without r). */
function hasRestrictedMode(state: Map<string, Snapshot>): boolean {
  return [...state.values()].some((s) => (s.kind === "folder" && (s.mode & 0o500) !== 0o500) || (s.kind === "file" && (s.mode & 0o400) === 0));
}

const strip = (state: Map<string, Snapshot>): Record<string, Snapshot> => Object.fromEntries(state);

describe("output-folder mutations through the CLI (fuzz)", () => {
  it(`finds nothing: ${RUNS} random mutated folders, each run of apply, --check, --dry-run or evidence verify (seed ${SEED})`, () => {
    let counter = 0;
    const seen = { apply: 0, refused: 0, check: 0, "dry-run": 0, evidence: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), command, (mutations, which) => {
        const case_ = String(counter++);
        const parent = join(root, `case-${case_}`);
        const out = join(parent, "gen");
        mkdirSync(parent);
        cpSync(join(root, "reference"), out, { recursive: true, verbatimSymlinks: true });
        giveAway(parent);
        // A mutation that no longer fits (its folder was replaced by a file or a link earlier) is skipped.
        const fits = (m: Mutation): boolean => {
          try {
            return mutate(out, m, case_);
          } catch {
            return false;
          }
        };
        const applied = mutations.map((m) => ({ ...m, path: resolvePath(m.path) })).filter(fits);
        giveAway(parent);
        const before = snapshot(out);
        const outsideBefore = outsideState();
        const args = which === "evidence" ? ["evidence", "verify", out] : ["apply", BUNDLE, "--out", out, ...(which === "apply" ? [] : [`--${which}`])];
        const run = runAs(args, { timeoutMs: 30_000 });
        const label = `${JSON.stringify(applied)} then ${args.slice(0, 2).join(" ")} ${which}: exit ${run.code}\n${run.stdout}${run.stderr}`;

        expect(run.timedOut, `hung: ${label}`).toBe(false);
        expect(noStackTrace(run), label).toBe(true);
        expect([0, 1, 2], label).toContain(run.code);
        if (run.code === 2) expect(run.stderr, label).toMatch(/^spec-kit: \S/);
        expect(strip(outsideState()), `changed outside the folder: ${label}`).toEqual(strip(outsideBefore));
        expect(readdirSync(parent), `left beside the folder: ${label}`).toEqual(["gen"]);
        const after = snapshot(out);

        if (which === "apply") {
          expect(run.code, label).not.toBe(1);
          if (run.code === 2) {
            seen.refused++;
            expect(strip(after), `refused, yet changed: ${label}`).toEqual(strip(before));
            return;
          }
          seen.apply++;
          for (const path of generatedFiles) {
            expect(after.get(path)?.kind, `${path}: ${label}`).toBe("file");
            expect(after.get(path)?.sha256, `${path}: ${label}`).toBe(reference.get(path)!.sha256);
          }
          expect([...before.values()].some((s) => s.kind === "special"), `a special file was not refused: ${label}`).toBe(false);
          for (const [path, was] of before) {
            if (reference.get(path)?.kind === "file") continue;
            const now = after.get(path);
            // What apply did not write is kept as it was: the very same file (hard links and mode kept), the link, the folder and its mode.
            if (was.kind === "file") expect(now && { ino: now.ino, mode: now.mode }, `${path} replaced: ${label}`).toEqual({ ino: was.ino, mode: was.mode });
            if (was.kind === "link") expect(now, `${path} (a link) lost: ${label}`).toEqual(was);
            if (was.kind === "folder") expect(now && { kind: now.kind, mode: now.mode }, `${path} (a folder) lost: ${label}`).toEqual({ kind: "folder", mode: was.mode });
          }
          return;
        }
        seen[which]++;
        expect(strip(after), `${which} changed the folder: ${label}`).toEqual(strip(before));
        if (which === "evidence") {
          if (sameFilesAsGenerated(before)) expect(hasRestrictedMode(before) ? [0, 2] : [0], label).toContain(run.code);
          else expect([1, 2], label).toContain(run.code);
        } else if (run.code === 0 && which === "check") {
          for (const path of generatedFiles) expect(before.get(path)?.sha256, `up to date, yet ${path} differs: ${label}`).toBe(reference.get(path)!.sha256);
        }
        removeForcibly(parent);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (process.env.SPEC_KIT_FUZZ_RUNS) console.log(seen);
    expect(seen.apply + seen.refused).toBeGreaterThan(0);
  }, 900_000);
});
