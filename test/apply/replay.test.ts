// A no-op `apply` answers from the output record without checking the bundle again, when the
// record says a clean check of these very documents produced the output and every output file
// is as recorded; anything else takes the full path. `check` is counted through a mock, so each
// test shows which path ran; a switch turns the fast path off, so the full run of the very same
// command can be compared with it byte for byte.
import { appendFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { replaySelection } from "../../cli/apply/replay.js";
import type { CliIo } from "../../cli/cli-io.js";
import { INDEX_FILE, type OutputIndex } from "../../cli/output-writer.js";
import { runCli } from "../../cli/run-cli.js";
import { compileBundle } from "../../cli/serve/compile-bundle.js";
import { documentSelector, findManifest } from "../../compiler/load/load-bundle.js";
import type { BundleManifest } from "../../compiler/types/manifest.js";
import { ALL_RULES } from "../../rules/index.js";
import { REPO_ROOT } from "../cli/spawn-cli.js";
import { mulberry32 } from "../helpers/seeded-random.js";
import { opaPolicyWasm } from "../policy/opa-wat.js";
import { listFiles, removeScratch, scratch, treeDigest } from "./tree.js";

const state = vi.hoisted(() => ({ checks: 0, replay: true, generator: undefined as string | undefined }));
vi.mock("../../cli/public-api.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../cli/public-api.js")>();
  return {
    ...original,
    check: (...args: Parameters<typeof original.check>) => {
      state.checks++;
      return original.check(...args);
    },
  };
});
vi.mock("../../cli/apply/replay.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../cli/apply/replay.js")>();
  return { ...original, replayUnchanged: async (...args: Parameters<typeof original.replayUnchanged>) => (state.replay ? original.replayUnchanged(...args) : undefined) };
});
vi.mock("../../cli/apply/generator-fingerprint.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../cli/apply/generator-fingerprint.js")>();
  return { ...original, generatorFingerprint: () => state.generator ?? original.generatorFingerprint() };
});

afterAll(removeScratch);

const FIXTURE = join(REPO_ROOT, "test", "fixtures", "bundles", "graph-valid-yaml");
const TIMEOUT_MS = 240_000;
const RULE_COUNT = new Set(ALL_RULES.map((rule) => rule.id)).size;

interface Run {
  code: number;
  out: string;
  err: string;
  /** Whether the bundle was checked (the full path). */
  checked: boolean;
}

async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const io = {
    out: "",
    err: "",
    env,
    stdout: { write: (text: string) => (io.out += text), isTTY: false },
    stderr: { write: (text: string) => (io.err += text) },
  } satisfies CliIo & { out: string; err: string };
  const before = state.checks;
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err, checked: state.checks > before };
}

const apply = (args: readonly string[], env: Record<string, string> = {}): Promise<Run> => cli(["apply", ...args], env);

/** The same command on the full path (the fast path switched off). */
async function fullApply(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  state.replay = false;
  try {
    return await apply(args, env);
  } finally {
    state.replay = true;
  }
}

/** A fresh copy of `bundle` and an output folder beside it, written once (the full path). */
async function applied(bundleSource = FIXTURE, args: readonly string[] = []): Promise<{ bundle: string; out: string }> {
  const root = scratch("spec-kit-replay-");
  const bundle = join(root, "bundle");
  const out = join(root, "generated");
  cpSync(bundleSource, bundle, { recursive: true });
  const first = await apply([bundle, "--out", out, ...args]);
  expect(first.code, first.err).toBe(0);
  expect(first.checked).toBe(true);
  expect(first.out).toMatch(/^\d+ files written \(\d+ added, 0 changed\), 0 unchanged in /);
  return { bundle, out };
}

function index(out: string): OutputIndex {
  return JSON.parse(readFileSync(join(out, INDEX_FILE), "utf8")) as OutputIndex;
}

/** Runs `args` on the fast path, then on the full path, over the same folder: both must say and leave exactly the same. */
async function expectReplayed(args: readonly string[], out: string, env: Record<string, string> = {}): Promise<Run> {
  const tree = treeDigest(out);
  const fast = await apply(args, env);
  expect(fast.checked, `${fast.out}${fast.err}`).toBe(false);
  expect(treeDigest(out)).toEqual(tree);
  const full = await fullApply(args, env);
  expect(full.checked).toBe(true);
  expect(fast).toEqual({ ...full, checked: false });
  expect(treeDigest(out)).toEqual(tree);
  return fast;
}

describe("apply with nothing to do", () => {
  beforeEach(() => {
    state.checks = 0;
    state.replay = true;
    state.generator = undefined;
  });

  it(
    "answers for the project's bundle (YAML, JSON and Markdown documents) without checking: stdout, stderr, exit status and files as the full run",
    async () => {
      const { bundle, out } = await applied(join(REPO_ROOT, "specs"));
      const replay = index(out).record?.replay;
      expect(replay).toMatchObject({ manifest: "spec-kit.yaml", phases: ["phases/**/*.{yaml,yml,json}"], missions: ["missions/**/*.{yaml,yml,json,md}"], rules: RULE_COUNT });
      expect(replay?.documents).toContain("missions/agentnexus.md");
      expect(replay?.documents).toContain("phases/P13.json");
      const fast = await expectReplayed([bundle, "--out", out], out);
      expect(fast.out).toMatch(/^0 files written, \d+ unchanged in .*\nnote flows: /);
      const check = await expectReplayed([bundle, "--out", out, "--check"], out);
      expect(check.out).toMatch(/ is up to date \(\d+ files\)\n$/);
    },
    TIMEOUT_MS,
  );

  it(
    "records the same replay in serve's in-memory apply as on disk, and none where the check was not clean",
    async () => {
      const { out } = await applied();
      const served = await compileBundle({ files: bundleFiles(FIXTURE), apply: true }, { env: {} });
      const onDisk = fileTexts(out);
      expect(Object.fromEntries(served.files!.map((file) => [file.path, file.content]))).toEqual(onDisk);
      expect((JSON.parse(onDisk[INDEX_FILE]!) as OutputIndex).record?.replay?.documents).toEqual(["phases/P1.yaml", "phases/P2.yaml", "phases/P3.yaml", "spec-kit.yaml"]);

      // A second manifest is a warning: nothing to replay, in either.
      const root = scratch("spec-kit-replay-");
      const bundle = join(root, "bundle");
      cpSync(FIXTURE, bundle, { recursive: true });
      writeFileSync(join(bundle, "spec-kit.json"), "{}\n");
      const warned = await apply([bundle, "--out", join(root, "generated")]);
      expect(warned.code).toBe(0);
      expect(warned.out).toContain("warning");
      const servedWarned = await compileBundle({ files: bundleFiles(bundle), apply: true }, { env: {} });
      const warnedOnDisk = fileTexts(join(root, "generated"));
      expect(Object.fromEntries(servedWarned.files!.map((file) => [file.path, file.content]))).toEqual(warnedOnDisk);
      expect((JSON.parse(warnedOnDisk[INDEX_FILE]!) as OutputIndex).record?.replay).toBeUndefined();
      // And every run then checks in full.
      const again = await apply([bundle, "--out", join(root, "generated")]);
      expect(again.checked).toBe(true);
      expect(again.out).toMatch(/^0 files written, \d+ unchanged in /m);
    },
    TIMEOUT_MS,
  );

  it(
    "checks in full when a document was edited, added or removed, or the manifest or its globs changed",
    async () => {
      const { bundle, out } = await applied();
      appendFileSync(join(bundle, "phases", "P2.yaml"), "# a comment\n");
      const edited = await apply([bundle, "--out", out]);
      expect(edited.checked).toBe(true);
      expect(edited.out).toMatch(/^\d+ files? written \(0 added, [1-9]\d* changed\)/);
      // The run after it has nothing to do again.
      expect((await apply([bundle, "--out", out])).checked).toBe(false);

      cpSync(join(bundle, "phases", "P3.yaml"), join(bundle, "phases", "P3-copy.yaml"));
      expect((await apply([bundle, "--out", out, "--check"])).checked).toBe(true);
      rmSync(join(bundle, "phases", "P3-copy.yaml"));
      expect((await apply([bundle, "--out", out, "--check"])).checked).toBe(false);

      const p3 = readFileSync(join(bundle, "phases", "P3.yaml"));
      rmSync(join(bundle, "phases", "P3.yaml"));
      expect((await apply([bundle, "--out", out, "--check"])).checked).toBe(true);
      writeFileSync(join(bundle, "phases", "P3.yaml"), p3);
      // A byte order mark leaves the text (and apply's digest) as it was, but not the bytes the evidence digests.
      writeFileSync(join(bundle, "phases", "P3.yaml"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), p3]));
      const bom = await apply([bundle, "--out", out, "--check"]);
      expect(bom.checked).toBe(true);
      expect(bom.code).toBe(1);
      writeFileSync(join(bundle, "phases", "P3.yaml"), p3);
      expect((await apply([bundle, "--out", out, "--check"])).checked).toBe(false);

      // The same globs written out (the defaults) select the same documents, but the manifest's text changed.
      appendFileSync(join(bundle, "spec-kit.yaml"), 'phases: ["phases/**/*.{yaml,yml,json}"]\n');
      const globs = await apply([bundle, "--out", out]);
      expect(globs.checked).toBe(true);
      expect(index(out).record?.replay?.phases).toEqual(["phases/**/*.{yaml,yml,json}"]);
      expect((await apply([bundle, "--out", out])).checked).toBe(false);
      // A narrower glob: P3 is no longer a document.
      writeFileSync(join(bundle, "spec-kit.yaml"), readFileSync(join(bundle, "spec-kit.yaml"), "utf8").replace('phases: ["phases/**/*.{yaml,yml,json}"]', 'phases: ["phases/P[12].yaml"]'));
      const narrowed = await apply([bundle, "--out", out]);
      expect(narrowed.checked).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    "ignores a file no glob selects, but checks in full for a flag, setting or generator that changes the output",
    async () => {
      const { bundle, out } = await applied();
      writeFileSync(join(bundle, "notes.txt"), "not a document\n");
      mkdirSync(join(bundle, "phases", "drafts"));
      writeFileSync(join(bundle, "phases", "drafts", "P9.txt"), "not a document either\n");
      await expectReplayed([bundle, "--out", out], out);
      // SOURCE_DATE_EPOCH changes the evidence; --emit js the whole output.
      const epoch = await apply([bundle, "--out", out, "--check"], { SOURCE_DATE_EPOCH: "1700000000" });
      expect(epoch.checked).toBe(true);
      expect(epoch.code).toBe(1);
      const js = await apply([bundle, "--out", out, "--check", "--emit", "js"]);
      expect(js.checked).toBe(true);
      expect(js.code).toBe(1);
      // The machine formats and --output print a report the record does not hold; --dry-run lists.
      expect((await apply([bundle, "--out", out, "--format", "json"])).checked).toBe(true);
      expect((await apply([bundle, "--out", out, "--output", join(dirname(out), "report.txt")])).checked).toBe(true);
      expect((await apply([bundle, "--out", out, "--dry-run"])).checked).toBe(true);
      // Another generator (a rebuilt spec-kit whose emitters changed) is another output.
      state.generator = "0".repeat(64);
      const rebuilt = await apply([bundle, "--out", out, "--check"]);
      expect(rebuilt.checked).toBe(true);
      expect(rebuilt.code).toBe(1);
      state.generator = undefined;
      expect((await apply([bundle, "--out", out, "--check"])).checked).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    "replays an output written with another SOURCE_DATE_EPOCH, --emit js or a signing key only under the same settings",
    async () => {
      const keys = join(scratch("spec-kit-replay-keys-"), "keys");
      expect((await cli(["keygen", "--out", keys])).code).toBe(0);
      const key = join(keys, "spec-kit.key.pem");
      const signed = await applied(FIXTURE, ["--sign-key", key]);
      expect(listFiles(join(signed.out, "evidence"))).toContain("manifest.dsse.json");
      await expectReplayed([signed.bundle, "--out", signed.out, "--sign-key", key], signed.out);
      const unsigned = await apply([signed.bundle, "--out", signed.out, "--check"]);
      expect(unsigned.checked).toBe(true);
      expect(unsigned.code).toBe(1);

      const epoch = { SOURCE_DATE_EPOCH: "1700000000" };
      const dated = await applied(FIXTURE);
      expect((await apply([dated.bundle, "--out", dated.out], epoch)).checked).toBe(true);
      await expectReplayed([dated.bundle, "--out", dated.out], dated.out, epoch);
      expect((await apply([dated.bundle, "--out", dated.out, "--check"], { SOURCE_DATE_EPOCH: "1700000001" })).checked).toBe(true);

      const js = await applied(FIXTURE, ["--emit", "js"]);
      await expectReplayed([js.bundle, "--out", js.out, "--emit", "js"], js.out);
      expect((await apply([js.bundle, "--out", js.out, "--check"])).checked).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    "checks in full and repairs the output when a generated file, the record or the evidence was tampered with, or a run left a staging folder",
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
      // A record whose inputs or tallies were edited by hand is not believed either.
      const forgeries: ((record: NonNullable<NonNullable<OutputIndex["record"]>["replay"]>) => void)[] = [
        (replay) => (replay.documents = ["spec-kit.yaml"]),
        (replay) => (replay.rules = replay.rules + 1),
        (replay) => (replay.phases = ["phases/P1.yaml"]),
        (replay) => Object.assign(replay, { rules: "many" }),
      ];
      for (const forge of forgeries) {
        const forged = index(out);
        forge(forged.record!.replay!);
        writeFileSync(join(out, INDEX_FILE), `${JSON.stringify(forged, null, 2)}\n`);
        const run = await apply([bundle, "--out", out]);
        expect(run.checked, forge.toString()).toBe(true);
        expect(treeDigest(out), forge.toString()).toEqual(tree);
      }
      // A staging folder a dead run left beside the output: the full run clears it.
      const leftover = join(dirname(out), ".generated.spec-kit-tmp-999999999-abc");
      mkdirSync(leftover);
      const recovered = await apply([bundle, "--out", out]);
      expect(recovered.checked).toBe(true);
      expect(readdirSync(dirname(out))).not.toContain(".generated.spec-kit-tmp-999999999-abc");
      expect(treeDigest(out)).toEqual(tree);
      expect((await apply([bundle, "--out", out])).checked).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    "decides the record with the bundle's own severities, whatever --rule says: an override neither adds nor drops it",
    async () => {
      // Written by a run with an override, replayed by a run without.
      const { bundle, out } = await applied(FIXTURE, ["--rule", "protocol/key-order=off"]);
      expect(index(out).record?.replay?.rules).toBe(RULE_COUNT);
      await expectReplayed([bundle, "--out", out], out);
      const tree = treeDigest(out);
      const override = await apply([bundle, "--out", out, "--rule", "graph/no-cycle=error"]);
      expect(override.checked).toBe(true);
      expect(override.out).toMatch(/^0 files written, \d+ unchanged in /);
      expect(treeDigest(out)).toEqual(tree);

      // A warning the override silences: the record holds nothing to replay, and the next plain run checks and prints it.
      const p1 = join(bundle, "phases", "P1.yaml");
      const text = readFileSync(p1, "utf8");
      const at = text.indexOf("\nstatus:");
      writeFileSync(p1, `${text.slice(at + 1)}${text.slice(0, at + 1)}`);
      const silenced = await apply([bundle, "--out", out, "--rule", "protocol/key-order=off"]);
      expect(silenced.code).toBe(0);
      expect(silenced.out).not.toContain("warning");
      expect(index(out).record?.replay).toBeUndefined();
      const plain = await apply([bundle, "--out", out]);
      expect(plain.checked).toBe(true);
      expect(plain.out).toContain("protocol/key-order");
      expect(plain.out).toMatch(/^0 files written, \d+ unchanged in /m);
    },
    TIMEOUT_MS,
  );

  it(
    "records nothing to replay for a bundle with policies or a code section",
    async () => {
      const { bundle, out } = await applied();
      // A policy: it reads its module besides the documents, and its outcome is in the evidence.
      const manifestText = readFileSync(join(bundle, "spec-kit.yaml"), "utf8");
      writeFileSync(join(bundle, "spec-kit.yaml"), `${manifestText}policies:\n  - path: policies/review.wasm\n`);
      mkdirSync(join(bundle, "policies"));
      writeFileSync(join(bundle, "policies", "review.wasm"), await opaPolicyWasm({ entrypoints: { "review/deny": "undefined", "review/warn": "undefined" } }));
      const policy = await apply([bundle, "--out", out]);
      expect(policy.code, policy.out + policy.err).toBe(0);
      expect(index(out).record?.replay).toBeUndefined();
      expect(JSON.parse(readFileSync(join(out, "evidence", "manifest.json"), "utf8")).predicate.verification_report.policy_eval).toBe("pass (2/2)");
      expect((await apply([bundle, "--out", out])).checked).toBe(true);
      writeFileSync(join(bundle, "spec-kit.yaml"), manifestText);
      rmSync(join(bundle, "policies"), { recursive: true });

      // A code section: code rules read the sources, which the record does not digest.
      writeFileSync(join(bundle, "spec-kit.yaml"), `${readFileSync(join(bundle, "spec-kit.yaml"), "utf8")}code:\n  root: src\n`);
      mkdirSync(join(bundle, "src"));
      writeFileSync(join(bundle, "src", "index.ts"), "export const one = 1;\n");
      const code = await apply([bundle, "--out", out]);
      expect(code.code, code.out + code.err).toBe(0);
      expect(index(out).record?.replay).toBeUndefined();
      expect((await apply([bundle, "--out", out])).checked).toBe(true);
    },
    TIMEOUT_MS,
  );
});

describe("the fast path's document selection", () => {
  it("selects exactly the documents the load stage reads, for any listing and globs", () => {
    const random = mulberry32(19);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const names = ["spec-kit.yaml", "spec-kit.yml", "spec-kit.json", "phases/P1.yaml", "phases/P2.json", "phases/a/P3.yml", "phases/.hidden.yaml", "phases/P4.md", "missions/m.md", "missions/m.yaml", "missions/x/m.json", "notes.txt", "P5.yaml", "docs/P6.yaml"];
    const globSets = [null, ["phases/*.yaml"], ["**/*.yaml"], ["phases/**/*.{yaml,yml,json}", "docs/*.yaml"], ["*.yaml"], ["missions/**/*.md"]];
    for (let round = 0; round < 500; round++) {
      const listing = names.filter(() => random() < 0.6);
      const phases = pick(globSets);
      const missions = pick(globSets);
      const found = findManifest(listing);
      const manifest = found.file;
      const replay = { manifest: manifest ?? "spec-kit.yaml", phases, missions };
      const selected = replaySelection(listing, replay);
      if (manifest === undefined || found.findings.length > 0) {
        expect(selected, JSON.stringify(listing)).toBeUndefined();
        continue;
      }
      const select = documentSelector({ ...(phases ? { phases } : {}), ...(missions ? { missions } : {}) } as BundleManifest, manifest);
      const expected = [manifest, ...listing.filter((file) => select(file) !== undefined)].sort();
      expect(selected, JSON.stringify({ listing, phases, missions })).toEqual(expected);
    }
  });
});

function bundleFiles(dir: string): { path: string; bytes: Uint8Array }[] {
  return listFiles(dir).map((path) => ({ path, bytes: readFileSync(join(dir, path)) }));
}

function fileTexts(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((path) => [path, readFileSync(join(dir, path), "utf8")]));
}
