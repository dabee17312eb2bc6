import { spawnSync } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { shouldUseColor } from "../../cli/color-support.js";
import { CliError } from "../../cli/cli-error.js";
import { formatInternalError } from "../../cli/internal-error.js";
import { exitCodeFor, applyQuiet } from "../../cli/report.js";
import { parseRuleOverrides } from "../../cli/rule-overrides.js";
import { BIN, REPO_ROOT, fixture, CLI_TEST_TIMEOUT_MS } from "./spawn-cli.js";

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS });

describe("shouldUseColor", () => {
  it.each([
    [{ isTTY: true, env: {} }, true],
    [{ isTTY: false, env: {} }, false],
    [{ isTTY: true, env: { NO_COLOR: "1" } }, false],
    [{ isTTY: true, env: { NO_COLOR: "" } }, true],
    [{ isTTY: true, env: { TERM: "dumb" } }, false],
    [{ isTTY: false, env: { FORCE_COLOR: "1" } }, true],
    [{ isTTY: true, env: { FORCE_COLOR: "0" } }, false],
    [{ isTTY: false, env: { NO_COLOR: "1" }, flag: true }, true],
    [{ isTTY: true, env: { FORCE_COLOR: "1" }, flag: false }, false],
  ])("%j -> %s", (context, expected) => {
    expect(shouldUseColor(context)).toBe(expected);
  });
});

describe("parseRuleOverrides", () => {
  const known = new Set(["protocol/key-order", "graph/no-cycle"]);

  it("maps ids to severities, the last value winning", () => {
    expect(parseRuleOverrides(["protocol/key-order=off", "graph/no-cycle=warning", "protocol/key-order=error"], known)).toEqual({
      "protocol/key-order": "error",
      "graph/no-cycle": "warning",
    });
  });

  it.each(["protocol/key-order", "=off", "protocol/key-order=", "nope=off", "graph/no-cycle=fatal", "__proto__=off"])(
    "refuses %j as a CliError",
    (value) => {
      expect(() => parseRuleOverrides([value], known)).toThrow(CliError);
    },
  );
});

describe("exit status of a report", () => {
  const summary = (errors: number, warnings: number) => ({ errors, warnings, files: 1 });
  it("is 1 for any error, whatever the warning limit", () => expect(exitCodeFor(summary(1, 0), 10)).toBe(1));
  it("is 1 above the warning limit only", () => {
    expect(exitCodeFor(summary(0, 3), 2)).toBe(1);
    expect(exitCodeFor(summary(0, 2), 2)).toBe(0);
    expect(exitCodeFor(summary(0, 99), undefined)).toBe(0);
  });
  it("--quiet drops warnings and their count, keeping errors", () => {
    const d = { ruleId: "r/x", message: "m", file: "f", line: 1, column: 1, endLine: 1, endColumn: 1 };
    const quiet = applyQuiet(
      { diagnostics: [{ ...d, severity: "warning" }, { ...d, severity: "error" }], summary: summary(1, 1), documents: new Map() },
      true,
    );
    expect(quiet.diagnostics.map((x) => x.severity)).toEqual(["error"]);
    expect(quiet.summary).toEqual(summary(1, 0));
  });
});

describe("internal errors", () => {
  it("are one line without the stack, and with it only when debugging", () => {
    const error = new Error("boom\nsecond line");
    expect(formatInternalError(error, false)).toBe("spec-kit: internal error: boom\n");
    const debug = formatInternalError(error, true);
    expect(debug.startsWith("spec-kit: internal error: boom\n")).toBe(true);
    expect(debug).toMatch(/\n\s+at /);
    expect(formatInternalError("plain", false)).toBe("spec-kit: internal error: plain\n");
  });
});

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

describe.skipIf(!hasScript)("on a real terminal (through script(1))", () => {
  function onTty(env: Record<string, string>): string {
    const command = `node ${JSON.stringify(BIN)} check ${fixture("parse-error")}`;
    const base: Record<string, string | undefined> = { ...process.env, TERM: "xterm" };
    delete base["NO_COLOR"];
    delete base["FORCE_COLOR"];
    return spawnSync("script", ["-qec", command, "/dev/null"], { cwd: REPO_ROOT, env: { ...base, ...env }, encoding: "utf8" }).stdout;
  }

  it("colours stylish output, unless NO_COLOR is set", () => {
    expect(onTty({})).toContain("\u001b[31merror");
    expect(onTty({ NO_COLOR: "1" })).not.toContain("\u001b[");
  });
});
