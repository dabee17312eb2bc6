// `check` and `validate` find the bundle a folder or file lies in the way git finds .git, and
// `validate` judges a file under that bundle's manifest as `check` does: a pre-commit hook must
// not pass a file that CI fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VALID_YAML, replaceOnce } from "../validate/phase-fixture.js";
import { CLI_TEST_TIMEOUT_MS, runCli } from "./spawn-cli.js";

const root = mkdtempSync(join(tmpdir(), "spec-kit-search-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The canonical P7 without dependencies, with `flow` moved before `data_models` (protocol/key-order) and an unmeasurable criterion (protocol/measurable-acceptance), both warnings by default. */
function phase(): string {
  let text = replaceOnce(VALID_YAML, "  - lease validation latency p99 <= 5 ms\n", "  - leases are validated quickly\n");
  text = replaceOnce(replaceOnce(text, "depends_on: [P6]", "depends_on: []"), "unblocks: [P8, P9]", "unblocks: []");
  const flow = /^flow:[\s\S]*?(?=^guardrails:)/m.exec(text)![0];
  return replaceOnce(text.replace(flow, ""), "data_models:", `${flow}data_models:`);
}

/** A bundle with the phase above and the given `rules:` lines in its manifest. */
function bundle(name: string, manifestRules: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "phases", "sub"), { recursive: true });
  writeFileSync(join(dir, "spec-kit.yaml"), `specKit: 1\nname: ${name}\nrules:\n  invariant/untraced: off\n${manifestRules}`);
  writeFileSync(join(dir, "phases", "P7.yaml"), phase());
  return dir;
}

const dir = bundle("search", "  protocol/key-order: off\n  protocol/measurable-acceptance: error\n");
const json = (stdout: string) => JSON.parse(stdout) as { diagnostics: { ruleId: string; severity: string; file: string }[]; summary: { errors: number; warnings: number } };

describe("finding the manifest above", () => {
  it(
    "check run inside phases/ (or a folder below it) checks the bundle above, with paths from there",
    () => {
      const fromRoot = runCli(["check", "--format", "json"], { cwd: dir });
      expect(fromRoot.code).toBe(1);
      for (const cwd of [join(dir, "phases"), join(dir, "phases", "sub")]) {
        const inside = runCli(["check", "--format", "json"], { cwd });
        expect(inside.code, inside.stderr).toBe(1);
        expect(json(inside.stdout)).toEqual(json(fromRoot.stdout));
      }
      const stylish = runCli(["check"], { cwd: join(dir, "phases") });
      expect(stylish.stdout.split("\n")[0]).toBe("../phases/P7.yaml");
    },
    CLI_TEST_TIMEOUT_MS,
  );

});

describe("validate honours the manifest of the file's bundle", () => {
  it(
    "applies the manifest's rules map, as check does, from any folder",
    () => {
      const checked = json(runCli(["check", "--format", "json"], { cwd: dir }).stdout);
      expect(checked.diagnostics.map((d) => `${d.ruleId} ${d.severity}`)).toEqual(["protocol/measurable-acceptance error"]);
      for (const [cwd, file] of [
        [dir, "phases/P7.yaml"],
        [join(dir, "phases"), "P7.yaml"],
        [root, "search/phases/P7.yaml"],
      ] as const) {
        const result = runCli(["validate", "--format", "json", file], { cwd });
        expect(result.code, `${cwd} ${file}`).toBe(1);
        expect(json(result.stdout).diagnostics.map((d) => `${d.ruleId} ${d.severity}`)).toEqual(["protocol/measurable-acceptance error"]);
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports a manifest it cannot honour, in the manifest",
    () => {
      const broken = bundle("broken", "  protocol/key-order: sometimes\n");
      const result = runCli(["validate", "--format", "json", "phases/P7.yaml"], { cwd: broken });
      expect(result.code).toBe(1);
      const files = json(result.stdout).diagnostics.map((d) => `${d.file} ${d.ruleId}`);
      expect(files).toContain("spec-kit.yaml manifest/schema");
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
