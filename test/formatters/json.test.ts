import { describe, expect, it } from "vitest";
import { json } from "../../cli/formatters/json.js";
import { diagnostic, input } from "./diagnostics.js";

describe("json formatter", () => {
  it("prints INTERFACE §4's keys only, in order, on one line", () => {
    const d = diagnostic({ line: 4, column: 15, endLine: 4, endColumn: 19, path: ["status", "completion"] });
    const text = json(input([d], {}, 14));
    expect(text).toBe(
      '{"diagnostics":[{"ruleId":"protocol/schema","severity":"error","message":"status.completion must be a number",' +
        '"file":"phases/P1.yaml","line":4,"column":15}],"summary":{"errors":1,"warnings":0,"files":14}}\n',
    );
  });

  it("keeps the file relative to the bundle root whatever the base path", () => {
    const text = json(input([diagnostic()]), { basePath: "specs/autoloop" });
    expect(JSON.parse(text).diagnostics[0].file).toBe("phases/P1.yaml");
  });

  it("prints an empty list when there is nothing to report", () => {
    expect(json(input([], {}, 3))).toBe('{"diagnostics":[],"summary":{"errors":0,"warnings":0,"files":3}}\n');
  });
});
