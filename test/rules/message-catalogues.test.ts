// Messages only from catalogues: every diagnostic names a message id of its rule's `messages`,
// and its text is that template with the placeholders filled.
import { describe, expect, it } from "vitest";
import { checkFileMap, type Diagnostic } from "../../cli/public-api.js";
import { findRule, ALL_RULES } from "../../rules/index.js";
import { checkFiles, validateTexts } from "../helpers/rule-tester.js";

/** The template as a pattern: literal text, each `{{name}}` any text. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*\w+\s*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[\\s\\S]*")}$`);
}

function expectFromCatalogue(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const rule = findRule(d.ruleId);
    expect(rule, d.ruleId).toBeDefined();
    const messages = rule!.messages as Readonly<Record<string, string>>;
    expect(d.messageId, `${d.ruleId}: ${d.message}`).toBeDefined();
    expect(Object.keys(messages), `${d.ruleId}: ${d.message}`).toContain(d.messageId);
    expect(d.message).toMatch(templatePattern(messages[d.messageId!]!));
  }
}

describe("message catalogues", () => {
  it.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("%s words every finding of its failing example from its messages", (_id, rule) => {
    const diagnostics = checkFileMap(rule.examples!.failing.files).diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    expectFromCatalogue(diagnostics);
  });

  it("words the stages' own findings from the catalogues of the rules that own their topics", () => {
    const cases: Diagnostic[][] = [
      checkFiles({ "phases/P1.yaml": "a: 1\n" }).diagnostics,
      checkFiles({ "spec-kit.yaml": "specKit: 1\nname: a\n", "spec-kit.json": "{}" }).diagnostics,
      checkFiles({ "spec-kit.yaml": "specKit: [1\n" }).diagnostics,
      checkFiles({ "spec-kit.yaml": "specKit: 1\nname: a\nlimits: {maxFileBytes: 10}\n", "phases/P1.yaml": "phase_meta: {phase_id: P1}\n" }).diagnostics,
      checkFileMap({ "spec-kit.yaml": "specKit: 1\nname: a\ncode: {root: nowhere}\n" }).diagnostics,
      checkFileMap({ "spec-kit.yaml": "specKit: 1\nname: a\ncode: {root: src, tsconfig: tsconfig.json}\n", "tsconfig.json": "{ nope", "src/a.ts": "export {};\n" }).diagnostics,
      validateTexts({ "phases/P1.json": '{"a": 1,}' }).diagnostics,
    ];
    const ids = cases.map((diagnostics) => diagnostics.map((d) => `${d.ruleId} ${d.messageId}`));
    expect(ids).toEqual([
      ["manifest/schema noManifest"],
      ["manifest/schema extraManifest"],
      ["manifest/schema yamlSyntax"],
      ["protocol/parse readFailure"],
      ["manifest/schema rootNotFolder"],
      ["manifest/schema badTsconfig"],
      ["protocol/parse unexpectedCharacter"],
    ]);
    for (const diagnostics of cases) expectFromCatalogue(diagnostics);
  });
});
