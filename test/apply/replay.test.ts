// A no-op `apply` answers from the output record without checking the bundle again, when the
// record says a clean check of these very documents produced the output and every output file
// is as recorded; anything else takes the full path. `check` is counted through a mock, so each
// test shows which path ran.
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CliIo } from "../../cli/cli-io.js";
import { INDEX_FILE, type OutputIndex } from "../../cli/output-writer.js";
import { runCli } from "../../cli/run-cli.js";
import { REPO_ROOT } from "../cli/spawn-cli.js";
import { removeScratch, scratch, treeDigest } from "./tree.js";

const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../cli/public-api.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../cli/public-api.js")>();
  return {
    ...original,
    check: (...args: Parameters<typeof original.check>) => {
      checks.count++;
      return original.check(...args);
    },
  };
});

afterAll(removeScratch);

const FIXTURE = join(REPO_ROOT, "test", "fixtures", "bundles", "graph-valid-yaml");
const TIMEOUT_MS = 180_000;

interface Run {
  code: number;
  out: string;
  err: string;
  /** Whether the bundle was checked (the full path). */
  checked: boolean;
}

async function apply(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const io = {
    out: "",
    err: "",
    env,
    stdout: { write: (text: string) => (io.out += text), isTTY: false },
    stderr: { write: (text: string) => (io.err += text) },
  } satisfies CliIo & { out: string; err: string };
  const before = checks.count;
  const code = await runCli(["apply", ...args], io);
  return { code, out: io.out, err: io.err, checked: checks.count > before };
}

/** A fresh copy of the fixture bundle and an output folder beside it, written once (the full path). */
async function applied(): Promise<{ bundle: string; out: string }> {
  const root = scratch("spec-kit-replay-");
  const bundle = join(root, "bundle");
  const out = join(root, "generated");
  cpSync(FIXTURE, bundle, { recursive: true });
  const first = await apply([bundle, "--out", out]);
  expect(first.code).toBe(0);
  expect(first.checked).toBe(true);
  expect(first.out).toMatch(/^\d+ files written \(\d+ added, 0 changed\), 0 unchanged in /);
  return { bundle, out };
}

function record(out: string): OutputIndex["record"] {
  return (JSON.parse(readFileSync(join(out, INDEX_FILE), "utf8")) as OutputIndex).record;
}

describe("apply with nothing to do", () => {
  beforeEach(() => {
    checks.count = 0;
  });

  it(
    "answers without checking, byte for byte what the full run prints, and writes nothing",
    async () => {
      const { bundle, out } = await applied();
      expect(record(out)?.replay).toEqual({ manifest: "spec-kit.yaml", phases: null, missions: null, documents: ["phases/P1.yaml", "phases/P2.yaml", "phases/P3.yaml", "spec-kit.yaml"] });
      const tree = treeDigest(out);
      const fast = await apply([bundle, "--out", out]);
      expect(fast.checked).toBe(false);
      // A rule override (here the rule's default) turns the fast path off: the full run, with nothing to change.
      const full = await apply([bundle, "--out", out, "--rule", "graph/no-cycle=error"]);
      expect(full.checked).toBe(true);
      expect(fast).toEqual({ ...full, checked: false });
      expect(fast.out).toMatch(/^0 files written, \d+ unchanged in /);
      expect(treeDigest(out)).toEqual(tree);
      // --check answers the same way.
      const fastCheck = await apply([bundle, "--out", out, "--check"]);
      const fullCheck = await apply([bundle, "--out", out, "--check", "--rule", "graph/no-cycle=error"]);
      expect(fastCheck.checked).toBe(false);
      expect(fullCheck.checked).toBe(true);
      expect(fastCheck).toEqual({ ...fullCheck, checked: false });
      expect(fastCheck.out).toMatch(/ is up to date \(\d+ files\)\n$/);
    },
    TIMEOUT_MS,
  );

  it(
    "checks in full when a document's text changed, a document was added, or the manifest changed",
    async () => {
      const { bundle, out } = await applied();
      appendFileSync(join(bundle, "phases", "P2.yaml"), "# a comment\n");
      const edited = await apply([bundle, "--out", out]);
      expect(edited.checked).toBe(true);
      expect(edited.out).toMatch(/^\d+ files? written \(0 added, [1-9]\d* changed\)/);
      // The run after it has nothing to do again.
      expect((await apply([bundle, "--out", out])).checked).toBe(false);

      cpSync(join(bundle, "phases", "P3.yaml"), join(bundle, "phases", "P3-copy.yaml"));
      const added = await apply([bundle, "--out", out]);
      expect(added.checked).toBe(true);
      rmSync(join(bundle, "phases", "P3-copy.yaml"));

      appendFileSync(join(bundle, "spec-kit.yaml"), "# a comment\n");
      expect((await apply([bundle, "--out", out])).checked).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    "ignores a file no glob selects, but checks in full for a flag or setting that changes the output",
    async () => {
      const { bundle, out } = await applied();
      writeFileSync(join(bundle, "notes.txt"), "not a document\n");
      expect((await apply([bundle, "--out", out])).checked).toBe(false);
      // SOURCE_DATE_EPOCH changes the evidence; --emit js the whole output.
      const epoch = await apply([bundle, "--out", out, "--check"], { SOURCE_DATE_EPOCH: "1700000000" });
      expect(epoch.checked).toBe(true);
      expect(epoch.code).toBe(1);
      const js = await apply([bundle, "--out", out, "--check", "--emit", "js"]);
      expect(js.checked).toBe(true);
      expect(js.code).toBe(1);
      // The machine formats print a report the record does not hold.
      expect((await apply([bundle, "--out", out, "--format", "json"])).checked).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    "checks in full and repairs the output when a generated file, the record or the evidence was tampered with",
    async () => {
      const { bundle, out } = await applied();
      const tree = treeDigest(out)!;
      const generated = Object.keys(tree).find((path) => path.startsWith("gates/"))!;
      for (const path of [generated, "evidence/manifest.json"]) {
        appendFileSync(join(out, path), "\n// tampered\n");
        const run = await apply([bundle, "--out", out]);
        expect(run.checked, path).toBe(true);
        expect(run.out, path).toMatch(/^1 file written \(0 added, 1 changed\)/);
        expect(treeDigest(out), path).toEqual(tree);
      }
      rmSync(join(out, generated));
      const removed = await apply([bundle, "--out", out]);
      expect(removed.checked).toBe(true);
      expect(treeDigest(out)).toEqual(tree);
      // A record whose inputs were edited by hand is not believed either.
      const index = JSON.parse(readFileSync(join(out, INDEX_FILE), "utf8")) as OutputIndex;
      index.record!.replay!.documents = ["spec-kit.yaml"];
      writeFileSync(join(out, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
      const forged = await apply([bundle, "--out", out]);
      expect(forged.checked).toBe(true);
      expect(treeDigest(out)).toEqual(tree);
    },
    TIMEOUT_MS,
  );

  it(
    "records nothing to replay when the check had a diagnostic: every run then checks in full",
    async () => {
      const root = scratch("spec-kit-replay-");
      const bundle = join(root, "bundle");
      const out = join(root, "generated");
      cpSync(FIXTURE, bundle, { recursive: true });
      // A second manifest is a warning.
      writeFileSync(join(bundle, "spec-kit.json"), "{}\n");
      const first = await apply([bundle, "--out", out]);
      expect(first.code).toBe(0);
      expect(first.out).toContain("warning");
      expect(record(out)?.replay).toBeUndefined();
      const again = await apply([bundle, "--out", out]);
      expect(again.checked).toBe(true);
      expect(again.out).toContain("warning");
      expect(again.out).toMatch(/^0 files written, \d+ unchanged in /m);
    },
    TIMEOUT_MS,
  );
});
