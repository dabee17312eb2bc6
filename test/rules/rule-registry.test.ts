import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFileMap } from "../../cli/public-api.js";
import type { Rule } from "../../compiler/check/rule.js";
import { compareStrings } from "../../compiler/diagnostics.js";
import { ALL_RULES, findRule } from "../../rules/index.js";
import { only, validateTexts } from "../helpers/rule-tester.js";

const ID = /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/;

describe("the rule registry", () => {
  it("has rules", () => {
    expect(ALL_RULES.length).toBeGreaterThan(0);
  });

  it("lists every rule once, sorted by id", () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort(compareStrings));
  });

  it("never throws on a phase report of any shape, JSON or YAML", () => {
    const keys = ["phase_meta", "objective", "invariants", "module_scope", "data_models", "flow", "guardrails", "tests", "acceptance", "rollback", "dependency_graph", "status"];
    const fields = ["phase_id", "write_modules", "read_modules", "keys", "runtime_gate", "policy_gate", "audit_trace", "depends_on", "unblocks", "stage", "completion", "risks", "suppressions"];
    const anyPhase = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()),
      fc.dictionary(fc.constantFrom(...keys), fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string()), fc.oneof(fc.jsonValue(), fc.array(fc.string())))),
    );
    fc.assert(
      fc.property(anyPhase, (value) => {
        const text = JSON.stringify(value) ?? "null";
        const first = validateTexts({ "phases/P1.json": text, "phases/P1.yaml": text });
        expect(first.diagnostics).toEqual(validateTexts({ "phases/P1.json": text, "phases/P1.yaml": text }).diagnostics);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  describe.each(ALL_RULES.map((rule): [string, Rule] => [rule.id, rule]))("%s", (id, rule) => {
    it("is named area/name and lives in rules/<area>/<name>.ts as its default export", async () => {
      expect(id).toMatch(ID);
      const url = new URL(`../../rules/${id}.ts`, import.meta.url);
      expect(existsSync(url), `rules/${id}.ts`).toBe(true);
      const module = (await import(url.href)) as { default?: unknown };
      expect(module.default).toBe(rule);
      expect(findRule(id)).toBe(rule);
    });

    it("has a one-line doc, a default severity and messages", () => {
      expect(rule.doc.trim()).not.toBe("");
      expect(rule.doc).not.toMatch(/\n/);
      expect(["error", "warning"]).toContain(rule.defaultSeverity);
      const messages = Object.entries(rule.messages as Readonly<Record<string, string>>);
      expect(messages.length).toBeGreaterThan(0);
      for (const [messageId, template] of messages) {
        expect(messageId).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
        expect(template.trim(), messageId).not.toBe("");
      }
    });

    // Run as `spec-kit explain` runs them: as a bundle when the files hold a manifest, else through `validate`.
    it("has a failing example that fires it and a passing example that does not", () => {
      expect(rule.examples, "examples").toBeDefined();
      const { failing, passing } = rule.examples!;
      expect(failing.description.trim()).not.toBe("");
      expect(passing.description.trim()).not.toBe("");
      expect(only(checkFileMap(failing.files), id).length, "diagnostics of the failing example").toBeGreaterThan(0);
      expect(only(checkFileMap(passing.files), id), "diagnostics of the passing example").toEqual([]);
    });
  });
});
