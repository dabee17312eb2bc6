import { describe, expect, it } from "vitest";
import rule from "../../../rules/manifest/unknown-layer.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";

const RULE = "manifest/unknown-layer";
const LAYERS = "layers:\n  - {id: sessions, modules: [src/session]}\n  - {id: security, modules: [src/security]}\n";

function manifest(allow: string, layers = LAYERS): Record<string, string> {
  return { "spec-kit.yaml": `specKit: 1\nname: demo\n${layers}allow:\n${allow}` };
}

describe(RULE, () => {
  it("reports an allow end naming an undeclared layer in the manifest, at the name, with the nearest layer", () => {
    expectDiagnostics(checkFiles(manifest("  - {from: session, to: security}\n")), RULE, [
      {
        ruleId: RULE,
        messageId: "unknownNear",
        file: "spec-kit.yaml",
        line: 7,
        column: 12,
        message: 'allow[0].from names layer "session", which the manifest does not declare; did you mean "sessions"?',
      },
    ]);
  });

  it("lists the declared layers when none is near, and reports both ends", () => {
    const result = checkFiles(manifest("  - from: sessions\n    to: security\n  - from: billing\n    to: ledger\n"));
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, messageId: "unknown", line: 9, column: 11, message: 'allow[1].from names layer "billing", which the manifest does not declare (layers: sessions, security)' },
      { ruleId: RULE, messageId: "unknown", line: 10, column: 9, message: 'allow[1].to names layer "ledger", which the manifest does not declare (layers: sessions, security)' },
    ]);
  });

  it("says so when the manifest declares no layers at all", () => {
    expectDiagnostics(checkFiles(manifest("  - {from: a, to: a}\n", "")), RULE, [
      { ruleId: RULE, messageId: "noLayers", line: 4, column: 12 },
      { ruleId: RULE, messageId: "noLayers", line: 4, column: 19 },
    ]);
  });

  it("carries the suggestion as data, for the language server's quick fix", () => {
    const [d] = only(checkFiles(manifest("  - {from: sessions, to: securty}\n")), RULE);
    expect(d?.data).toMatchObject({ suggestion: "security", layer: "securty" });
  });

  it("is silent for declared layers and for entries the schema reports", () => {
    expect(only(checkFiles(manifest("  - {from: sessions, to: security}\n  - {from: 3}\n  - nope\n")), RULE)).toEqual([]);
  });

  it("has examples that fail and pass", () => {
    expect(only(checkFiles(rule.examples!.failing.files), RULE).map((d) => d.messageId)).toEqual(["unknownNear"]);
    expect(only(checkFiles(rule.examples!.passing.files), RULE)).toEqual([]);
  });
});
