import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasStackTrace, runCli } from "../cli/spawn-cli.js";
import { scratch, removeScratch } from "../apply/tree.js";

afterAll(removeScratch);

describe("spec-kit lint", () => {
  it("exits 1 with findings in every format, and the machine formats parse", () => {
    const dir = scratch("spec-kit-lint-cli-");
    mkdirSync(join(dir, "gates"));
    writeFileSync(join(dir, "gates", "bad.ts"), 'export const n: number = "text";\n');
    const json = runCli(["lint", dir, "--format", "json"]);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { diagnostics: { ruleId: string; file: string; line: number }[] };
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ ruleId: "ts/2322", file: "gates/bad.ts", line: 1, column: 14 })]);
    const sarif = runCli(["lint", dir, "--format", "sarif"]);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(["ts/2322"]);
    const github = runCli(["lint", dir, "--format", "github"]);
    expect(github.stdout).toMatch(/^::error file=.*gates\/bad\.ts,line=1/m);
  }, 180_000);

  it("exits 2 without a stack trace for a missing folder, a file, or --rule", () => {
    const dir = scratch("spec-kit-lint-cli-");
    writeFileSync(join(dir, "x.ts"), "");
    for (const args of [["lint", join(dir, "missing")], ["lint", join(dir, "x.ts")], ["lint", dir, "--rule", "ts/2322=off"]]) {
      const run = runCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^spec-kit: /);
      expect(hasStackTrace(run.stderr)).toBe(false);
    }
  });
});
