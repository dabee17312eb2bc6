import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { sarif } from "../../cli/formatters/sarif.js";
import { diagnostic, input } from "./diagnostics.js";

const schemaPath = join(dirname(fileURLToPath(import.meta.url)), "../../../shared/standards/sarif-schema-2.1.0.json");
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

const rules = [
  { id: "protocol/key-order", defaultSeverity: "warning" as const, doc: "the 12 keys are in contract order" },
  { id: "protocol/schema", defaultSeverity: "error" as const, doc: "fields have the right type" },
];

function run(log: string) {
  const parsed = JSON.parse(log);
  expect(validateSarif(parsed), JSON.stringify(validateSarif.errors, null, 1)).toBe(true);
  return parsed.runs[0];
}

describe("sarif formatter", () => {
  it("lists every rule with its doc and default level", () => {
    const driver = run(sarif(input([]), { rules, toolVersion: "1.2.3" })).tool.driver;
    expect(driver).toMatchObject({ name: "spec-kit", version: "1.2.3", informationUri: expect.stringMatching(/^https:\/\//) });
    expect(driver.rules).toEqual([
      { id: "protocol/key-order", shortDescription: { text: "the 12 keys are in contract order" }, defaultConfiguration: { level: "warning" } },
      { id: "protocol/schema", shortDescription: { text: "fields have the right type" }, defaultConfiguration: { level: "error" } },
    ]);
  });

  it("gives every result its rule index, level, message and region", () => {
    const d = diagnostic({ severity: "warning", line: 4, column: 15, endLine: 5, endColumn: 3 });
    const [result] = run(sarif(input([d]), { rules, basePath: "specs/a" })).results;
    expect(result).toEqual({
      ruleId: "protocol/schema",
      ruleIndex: 1,
      level: "warning",
      message: { text: "status.completion must be a number" },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "specs/a/phases/P1.yaml", uriBaseId: "%SRCROOT%" },
            region: { startLine: 4, startColumn: 15, endLine: 5, endColumn: 3 },
          },
        },
      ],
    });
  });

  it("adds rules the registry lacks after it, so every result has a valid index", () => {
    const log = run(sarif(input([diagnostic({ ruleId: "zz/late" }), diagnostic({ ruleId: "aa/early", line: 2 })]), { rules }));
    expect(log.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["protocol/key-order", "protocol/schema", "aa/early", "zz/late"]);
    expect(log.results.map((r: { ruleIndex: number }) => r.ruleIndex)).toEqual([3, 2]);
  });

  it("percent-encodes relative paths and turns absolute ones into file URIs", () => {
    const log = run(sarif(input([diagnostic({ file: "phases/my phase#1.yaml" }), diagnostic({ file: "/tmp/x.yaml" })]), { rules }));
    expect(log.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "phases/my%20phase%231.yaml", uriBaseId: "%SRCROOT%" });
    expect(log.results[1].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "file:///tmp/x.yaml" });
  });

  it("repairs a region that would not be valid SARIF", () => {
    const d = diagnostic({ line: 0, column: 0, endLine: 0, endColumn: 0 });
    const region = run(sarif(input([d]), { rules })).results[0].locations[0].physicalLocation.region;
    expect(region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  });

  it("is deterministic", () => {
    const i = input([diagnostic(), diagnostic({ line: 3, severity: "warning" })]);
    expect(sarif(i, { rules, toolVersion: "1.0.0" })).toBe(sarif(i, { rules, toolVersion: "1.0.0" }));
  });
});
