import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it, vi } from "vitest";
import { REPO_ROOT, fixture, runCli, CLI_TEST_TIMEOUT_MS } from "./spawn-cli.js";

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS });

const ESC = "\u001b[";

describe("stylish", () => {
  it("prints the file relative to the current folder and a code frame at the offending line", () => {
    const run = runCli(["check", fixture("parse-error")]);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(`${fixture("parse-error")}/phases/P1.json`);
    expect(lines[1]).toMatch(/^ {2}4:14 {2}error {2}.+ {2}protocol\/parse$/);
    const marked = lines.find((line) => line.trimStart().startsWith(">"));
    expect(marked).toBe('    > 4 |     "title": ,');
    const caret = lines[lines.indexOf(marked!) + 1]!;
    expect(caret).toBe("        |              ^");
    // The caret sits under column 14 of the source line, as the json format reports it.
    expect(caret.indexOf("^") - caret.indexOf("|") - 2).toBe(13);
    expect(lines).toContain("      3 |     \"phase_id\": \"P1\",");
    expect(lines).toContain('      5 |     "priority": "high"');
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("✖ 1 problem (1 error, 0 warnings)");
  });

  it("frames YAML the same way", () => {
    const run = runCli(["validate", fixture("files/nested/broken.yaml"), "--format", "json"]);
    const { line } = (JSON.parse(run.stdout) as { diagnostics: { line: number }[] }).diagnostics[0]!;
    const stylish = runCli(["validate", fixture("files/nested/broken.yaml")]).stdout;
    expect(stylish).toMatch(new RegExp(`^ {4}> ${line} \\|`, "m"));
  });
});

describe("colour", () => {
  it("is off when stdout is not a terminal", () => {
    expect(runCli(["check", fixture("parse-error")]).stdout).not.toContain(ESC);
  });

  it("is on with FORCE_COLOR, and off again with --no-color", () => {
    expect(runCli(["check", fixture("parse-error")], { env: { FORCE_COLOR: "1" } }).stdout).toContain(`${ESC}31merror`);
    expect(runCli(["check", fixture("parse-error"), "--no-color"], { env: { FORCE_COLOR: "1" } }).stdout).not.toContain(ESC);
  });

  it("is on with --color, and NO_COLOR does not add any", () => {
    expect(runCli(["check", fixture("parse-error"), "--color"]).stdout).toContain(ESC);
    expect(runCli(["check", fixture("parse-error")], { env: { NO_COLOR: "1" } }).stdout).not.toContain(ESC);
  });

  it("never appears in the machine formats", () => {
    for (const format of ["json", "sarif", "github"]) {
      expect(runCli(["check", fixture("parse-error"), "--format", format], { env: { FORCE_COLOR: "1" } }).stdout).not.toContain(ESC);
    }
  });
});

describe("sarif", () => {
  const schemaPath = join(REPO_ROOT, "../shared/standards/sarif-schema-2.1.0.json");

  it("validates against the SARIF 2.1.0 schema, with a region on every result", () => {
    const run = runCli(["validate", fixture("files"), "--format", "sarif"]);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const results = log.runs[0].results;
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `${fixture("files")}/broken.json`, uriBaseId: "%SRCROOT%" },
      region: { startLine: 4, startColumn: 14, endLine: 4, endColumn: 15 },
    });
  });

  it("names the tool and lists every shipped rule", () => {
    const log = JSON.parse(runCli(["check", fixture("clean"), "--format", "sarif"]).stdout);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe("spec-kit");
    expect(driver.version).toBe(pkg.version);
    const ids = driver.rules.map((rule: { id: string }) => rule.id);
    expect(ids).toContain("protocol/parse");
    expect(ids).toContain("manifest/schema");
    expect(log.runs[0].results).toEqual([]);
  });
});

describe("github", () => {
  it("prints one workflow command per diagnostic, with the path relative to the current folder", () => {
    const run = runCli(["check", fixture("parse-error"), "--format", "github"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^::error file=${fixture("parse-error")}/phases/P1\\.json,line=4,col=14,endLine=4,endColumn=15,title=protocol/parse::.+\\n$`),
    );
  });

  it("prints ::warning for warnings", () => {
    expect(runCli(["check", fixture("warn-only"), "--format", "github"]).stdout).toMatch(/^::warning file=.+spec-kit\.json,line=1,col=1,/);
  });
});
