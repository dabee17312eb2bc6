import { describe, expect, it } from "vitest";
import { finish, topicOwners } from "../../compiler/check/finish.js";
import { checkBundle, validateFiles } from "../../compiler/program.js";
import { stageFinding } from "../../compiler/diagnostics.js";
import { PARSE_MESSAGES } from "../../compiler/load/parse-messages.js";
import { ALL_RULES } from "../../rules/index.js";

const WITHOUT_STAGE_RULES = ALL_RULES.filter((rule) => rule.topic === undefined);

describe("the final step", () => {
  it("names each stage finding by the rule that declares its topic, with its message id", () => {
    const finding = stageFinding("document", PARSE_MESSAGES, "empty", { file: "phases/P1.yaml" });
    const { diagnostics, summary } = finish({ findings: [finding], documents: new Map(), rules: ALL_RULES, severities: {}, files: 1 });
    expect(diagnostics).toEqual([
      { ruleId: "protocol/parse", messageId: "empty", severity: "error", message: "file is empty", file: "phases/P1.yaml", line: 1, column: 1, endLine: 1, endColumn: 1 },
    ]);
    expect(summary).toEqual({ errors: 1, warnings: 0, files: 1 });
  });

  it("refuses a message id the owning rule's catalogue lacks", () => {
    const finding = { ...stageFinding("document", PARSE_MESSAGES, "empty", { file: "a.yaml" }), messageId: "noSuchMessage" };
    expect(() => finish({ findings: [finding], documents: new Map(), rules: ALL_RULES, severities: {}, files: 1 })).toThrow(/protocol\/parse has no message "noSuchMessage"/);
  });

  it("refuses, before anything is read, rules that leave a stage topic without a rule", () => {
    expect(() => topicOwners(WITHOUT_STAGE_RULES)).toThrow(/none declares document, manifest, suppression/);
    let listed = false;
    const host = { listFiles: () => ((listed = true), []), readFile: () => ({ ok: false as const, reason: "not-found" as const, message: "gone" }) };
    expect(() => checkBundle(host, { rules: WITHOUT_STAGE_RULES })).toThrow(TypeError);
    expect(() => validateFiles([], { rules: WITHOUT_STAGE_RULES })).toThrow(TypeError);
    expect(listed).toBe(false);
  });
});
