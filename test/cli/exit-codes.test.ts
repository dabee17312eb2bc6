import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { REPO_ROOT, fixture, hasStackTrace, runCli, CLI_TEST_TIMEOUT_MS } from "./spawn-cli.js";

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS });

const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** A usage failure: exit 2, one `spec-kit:` line (plus at most a pointer to --help), no stack. */
function expectUsageFailure(args: string[], message: RegExp): void {
  const run = runCli(args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^spec-kit: /);
  expect(lines[0]).toMatch(message);
  expect(lines.length).toBeLessThanOrEqual(2);
  if (lines[1] !== undefined) expect(lines[1]).toBe('Run "spec-kit --help" for usage.');
  expect(hasStackTrace(run.stderr)).toBe(false);
}

describe("exit status", () => {
  it("is 0 for a clean bundle, and prints only the one-line summary in stylish", () => {
    const run = runCli(["check", fixture("clean")]);
    expect(run).toEqual({ code: 0, stdout: "✔ no problems in 1 file\n", stderr: "" });
  });

  it("is 0 when there are only warnings", () => {
    const run = runCli(["check", fixture("warn-only")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 warning");
  });

  it("is 1 for a bundle without a manifest", () => {
    const run = runCli(["check", fixture("no-manifest")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("manifest/schema");
    expect(run.stderr).toBe("");
  });

  it("is 1 for a document that does not parse, under check and validate", () => {
    expect(runCli(["check", fixture("parse-error")]).code).toBe(1);
    expect(runCli(["validate", fixture("files/broken.json")]).code).toBe(1);
  });

  it("accepts the manifest file in place of the bundle folder", () => {
    const run = runCli(["check", fixture("parse-error/spec-kit.yaml"), "--format", "json"]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).diagnostics[0].file).toBe("phases/P1.json");
  });

  it("checks the current folder when no bundle is given", () => {
    const run = runCli(["check", "--format", "json"], { cwd: join(REPO_ROOT, fixture("clean")) });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary).toEqual({ errors: 0, warnings: 0, files: 1 });
  });
});

describe("usage failures exit 2 with one line and no stack trace", () => {
  it("an unknown flag", () => expectUsageFailure(["check", fixture("clean"), "--bogus"], /Unknown argument: bogus/));
  it("an unknown command", () => expectUsageFailure(["frobnicate"], /^spec-kit: unknown command "frobnicate" \(commands: init, check, validate/));
  it("a misspelt command, with a suggestion", () => expectUsageFailure(["chek"], /^spec-kit: unknown command "chek"\. Did you mean check\?$/));
  it("a flag without its value", () => expectUsageFailure(["check", "--rule"], /Not enough arguments following: rule/));
  it("no command", () => expectUsageFailure([], /no command given/));
  it("an unknown format", () => expectUsageFailure(["check", fixture("clean"), "--format", "xml"], /format.*xml/));
  it("a bundle folder that does not exist", () => expectUsageFailure(["check", "no/such/bundle"], /^spec-kit: no\/such\/bundle: no such folder$/));
  it("a bundle that is a plain file", () => expectUsageFailure(["check", fixture("files/broken.json")], /is not a folder/));
  it("a file that does not exist", () => expectUsageFailure(["validate", "nope.yaml"], /^spec-kit: nope\.yaml: no such file or folder$/));
  it("validate without files", () => expectUsageFailure(["validate"], /^spec-kit: validate: missing <file\.\.\.>$/));
  it("a --max-warnings that is not a number", () => expectUsageFailure(["check", fixture("clean"), "--max-warnings", "lots"], /--max-warnings/));
  it("a negative --max-warnings", () => expectUsageFailure(["check", fixture("clean"), "--max-warnings", "-3"], /--max-warnings/));
  it("an --output in a folder that does not exist", () =>
    expectUsageFailure(["check", fixture("clean"), "--output", "no/such/dir/out.json"], /cannot write no\/such\/dir\/out\.json/));
});

describe("--help and --version", () => {
  it("prints help that names every command and option, with examples", () => {
    const run = runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/spec-kit check \[bundle\]/);
    expect(run.stdout).toMatch(/spec-kit validate/);
    const check = runCli(["check", "--help"]);
    expect(check.code).toBe(0);
    for (const flag of ["--format", "--max-warnings", "--quiet", "--rule", "--output", "--color"]) expect(check.stdout).toContain(flag);
    expect(check.stdout).toMatch(/Examples:/);
    expect(runCli(["validate", "--help"]).stdout).toMatch(/Examples:/);
  });

  it("prints the package version", () => {
    const run = runCli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });
});

describe("an unexpected fault", () => {
  // A preloaded module breaks JSON.stringify, standing in for a bug anywhere in the pipeline.
  const breakJson = `--import=data:text/javascript,JSON.stringify=()=>{throw new TypeError("simulated bug")}`;

  it("exits 2 with one internal-error line and no stack trace", () => {
    const run = runCli(["check", fixture("clean"), "--format", "json"], { nodeArgs: [breakJson] });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("spec-kit: internal error: simulated bug\n");
  });

  it("shows the stack with SPEC_KIT_DEBUG=1", () => {
    const run = runCli(["check", fixture("clean"), "--format", "json"], { nodeArgs: [breakJson], env: { SPEC_KIT_DEBUG: "1" } });
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe("spec-kit: internal error: simulated bug");
    expect(hasStackTrace(run.stderr)).toBe(true);
  });
});
