import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { fixture, runCli, CLI_TEST_TIMEOUT_MS } from "./spawn-cli.js";

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS });

interface JsonReport {
  diagnostics: { ruleId: string; severity: string; message: string; file: string; line: number; column: number }[];
  summary: { errors: number; warnings: number; files: number };
}

function json(args: string[]): { code: number | null; report: JsonReport; stderr: string } {
  const run = runCli([...args, "--format", "json"]);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), "spec-kit-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("--format json", () => {
  it("prints exactly INTERFACE §4's shape on one line", () => {
    const run = runCli(["check", fixture("parse-error"), "--format", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout.endsWith("}\n")).toBe(true);
    expect(run.stdout.trimEnd().includes("\n")).toBe(false);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(Object.keys(report)).toEqual(["diagnostics", "summary"]);
    expect(Object.keys(report.summary)).toEqual(["errors", "warnings", "files"]);
    expect(report.diagnostics).toEqual([
      { ruleId: "protocol/parse", severity: "error", message: expect.any(String), file: "phases/P1.json", line: 4, column: 14 },
    ]);
    expect(Object.keys(report.diagnostics[0]!)).toEqual(["ruleId", "severity", "message", "file", "line", "column"]);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, files: 2 });
  });

  it("keeps validate's files as they were named", () => {
    const { report } = json(["validate", `./${fixture("files/broken.json")}`]);
    expect(report.diagnostics.map((d) => d.file)).toEqual([fixture("files/broken.json")]);
  });

  it("is byte-identical from run to run", () => {
    const args = ["validate", fixture("files"), "--format", "json"];
    expect(runCli(args).stdout).toBe(runCli(args).stdout);
  });
});

describe("validate with a folder", () => {
  it("checks every .json/.yaml/.yml file below it, in order, and nothing else", () => {
    const { code, report } = json(["validate", fixture("files")]);
    expect(code).toBe(1);
    expect(report.summary.files).toBe(3);
    expect(report.diagnostics.map((d) => [d.file, d.ruleId])).toEqual([
      [fixture("files/broken.json"), "protocol/parse"],
      [fixture("files/nested/broken.yaml"), "protocol/parse"],
    ]);
  });

  it("counts a file named twice once", () => {
    const { report } = json(["validate", fixture("files/broken.json"), fixture("files")]);
    expect(report.summary.files).toBe(3);
  });

  it("refuses a folder with no documents (exit 2)", () => {
    writeFileSync(join(scratch, "notes.txt"), "nothing to see\n");
    const run = runCli(["validate", scratch]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no \.json, \.yaml, \.yml files/);
  });
});

describe("--quiet", () => {
  it("leaves warnings out of the output and the counts", () => {
    const { code, report } = json(["check", fixture("warn-only"), "--quiet"]);
    expect(code).toBe(0);
    expect(report).toEqual({ diagnostics: [], summary: { errors: 0, warnings: 0, files: 1 } });
    expect(runCli(["check", fixture("warn-only"), "-q"]).stdout).toBe("✔ no errors in 1 file (1 warning not shown: --quiet)\n");
  });

  it("still reports errors", () => {
    const { code, report } = json(["check", fixture("parse-error"), "--quiet"]);
    expect(code).toBe(1);
    expect(report.summary.errors).toBe(1);
  });
});

describe("--max-warnings", () => {
  it("exits 1 when warnings exceed the limit, and says why on stderr", () => {
    const run = runCli(["check", fixture("warn-only"), "--max-warnings", "0"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("1 warning");
    expect(run.stderr).toBe("spec-kit: too many warnings (1); --max-warnings is 0\n");
  });

  it("exits 0 at the limit, and with -1 (no limit)", () => {
    expect(runCli(["check", fixture("warn-only"), "--max-warnings", "1"]).code).toBe(0);
    expect(runCli(["check", fixture("warn-only"), "--max-warnings", "-1"]).code).toBe(0);
  });

  it("does not count warnings that --quiet dropped", () => {
    expect(runCli(["check", fixture("warn-only"), "--max-warnings", "0", "--quiet"]).code).toBe(0);
  });
});

describe("--rule", () => {
  it("turns a rule off", () => {
    const { code, report } = json(["check", fixture("no-manifest"), "--rule", "manifest/schema=off"]);
    expect(code).toBe(0);
    expect(report.diagnostics).toEqual([]);
  });

  it("lowers an error to a warning and raises a warning to an error", () => {
    const lowered = json(["check", fixture("no-manifest"), "--rule", "manifest/schema=warning"]);
    expect(lowered.code).toBe(0);
    expect(lowered.report.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
    const raised = json(["check", fixture("warn-only"), "--rule", "manifest/schema=error"]);
    expect(raised.code).toBe(1);
    expect(raised.report.summary).toMatchObject({ errors: 1, warnings: 0 });
  });

  it("wins over the manifest's rules map", () => {
    expect(json(["check", fixture("manifest-rules")]).report.diagnostics).toEqual([]);
    const { code, report } = json(["check", fixture("manifest-rules"), "--rule", "manifest/schema=error"]);
    expect(code).toBe(1);
    expect(report.diagnostics.map((d) => [d.ruleId, d.severity, d.file])).toEqual([["manifest/schema", "error", "spec-kit.json"]]);
  });

  it("is repeatable, the last value for a rule winning, and works for validate", () => {
    const { code, report } = json([
      "validate",
      fixture("files/broken.json"),
      "--rule",
      "protocol/parse=off",
      "--rule",
      "protocol/parse=warning",
    ]);
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
  });

  it.each([
    [["--rule", "no/such-rule=off"], /unknown rule id "no\/such-rule"/],
    [["--rule", "protocol/parse=loud"], /unknown severity "loud"/],
    [["--rule", "protocol/parse"], /expected id=severity/],
  ])("refuses %j with exit 2", (flags, message) => {
    const run = runCli(["check", fixture("clean"), ...flags]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
  });
});

describe("--output", () => {
  it("writes the report to the file instead of stdout, leaving no temporary file", () => {
    const out = join(scratch, "report.sarif");
    writeFileSync(out, "old content that must be replaced whole");
    const run = runCli(["check", fixture("parse-error"), "--format", "sarif", "--output", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const written = readFileSync(out, "utf8");
    expect(written).toBe(runCli(["check", fixture("parse-error"), "--format", "sarif"]).stdout);
    expect(readdirSync(scratch).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("writes no colour codes into the file even where stdout would be coloured", () => {
    const out = join(scratch, "report.txt");
    runCli(["check", fixture("parse-error"), "--output", out], { env: { FORCE_COLOR: "1" } });
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, "utf8")).not.toContain("\u001b[");
  });
});
