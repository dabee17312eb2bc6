// A clean run says so in one line, instead of printing nothing at all.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_TEST_TIMEOUT_MS, fixture, runCli } from "./spawn-cli.js";

describe("the one-line summary of a clean run", () => {
  it(
    "check and validate print it; the machine formats and --output do not",
    () => {
      expect(runCli(["check", fixture("clean")])).toEqual({ code: 0, stdout: "✔ no problems in 1 file\n", stderr: "" });
      expect(runCli(["validate", "test/fixtures/phases/valid.yaml", "test/fixtures/phases/valid.json"])).toMatchObject({ code: 0, stdout: "✔ no problems in 2 files\n" });
      expect(runCli(["check", fixture("warn-only"), "--quiet"]).stdout).toBe("✔ no errors in 1 file (1 warning not shown: --quiet)\n");
      expect(JSON.parse(runCli(["check", fixture("clean"), "--format", "json"]).stdout)).toMatchObject({ diagnostics: [] });
      expect(runCli(["check", fixture("clean"), "--format", "github"]).stdout).toBe("");
      const dir = mkdtempSync(join(tmpdir(), "spec-kit-success-"));
      try {
        expect(runCli(["check", fixture("clean"), "-o", join(dir, "report.txt")]).stdout).toBe("");
        expect(readFileSync(join(dir, "report.txt"), "utf8")).toBe("");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "is not printed when warnings are shown, nor when they fail the run",
    () => {
      expect(runCli(["check", fixture("warn-only")]).stdout).not.toContain("✔");
      const failed = runCli(["check", fixture("warn-only"), "--max-warnings", "0"]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).not.toContain("✔");
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
