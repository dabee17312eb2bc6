import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateDocument } from "../../compiler/validate/validate-document.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture the tests mutate at any depth
const validPhase = (): Record<string, any> => JSON.parse(readFileSync(new URL("../fixtures/phases/valid.json", import.meta.url), "utf8"));

describe("validateDocument(phase)", () => {
  it("accepts the canonical phase report", () => {
    expect(validateDocument("phase", validPhase())).toEqual([]);
  });

  it("names the wrong type and the value it got", () => {
    const doc = validPhase();
    doc.status.completion = "high";
    expect(validateDocument("phase", doc)).toEqual([
      { kind: "invalid", path: ["status", "completion"], on: "value", message: 'status.completion must be a number, got the string "high"' },
    ]);
  });

  it("lists the allowed values of an enum", () => {
    const doc = validPhase();
    doc.phase_meta.priority = "urgent";
    expect(validateDocument("phase", doc)).toEqual([
      {
        kind: "invalid",
        path: ["phase_meta", "priority"],
        on: "value",
        message: 'phase_meta.priority must be one of highest, high, medium, low, got "urgent"',
      },
    ]);
  });

  it("points at array items by index", () => {
    const doc = validPhase();
    doc.module_scope.write_modules = ["src/security", 3];
    expect(validateDocument("phase", doc)).toEqual([
      {
        kind: "invalid",
        path: ["module_scope", "write_modules", 1],
        on: "value",
        message: "module_scope.write_modules[1] must be a string, got the number 3",
      },
    ]);
  });

  it("reports a missing top-level key at the document root", () => {
    const doc = validPhase();
    delete doc.flow;
    expect(validateDocument("phase", doc)).toEqual([
      { kind: "required", path: [], on: "value", key: "flow", message: 'missing required key "flow"' },
    ]);
  });

  it("reports a missing nested key at the object that lacks it", () => {
    const doc = validPhase();
    delete doc.guardrails.audit_trace;
    delete doc.data_models[0].kind;
    expect(validateDocument("phase", doc)).toEqual([
      { kind: "required", path: ["data_models", 0], on: "value", key: "kind", message: 'missing required key "kind" in data_models[0]' },
      { kind: "required", path: ["guardrails"], on: "value", key: "audit_trace", message: 'missing required key "audit_trace" in guardrails' },
    ]);
  });

  it("reports an unknown top-level key at the key, listing the contract's keys", () => {
    const doc = validPhase();
    doc.foo = 1;
    expect(validateDocument("phase", doc)).toEqual([
      {
        kind: "unknown-key",
        path: ["foo"],
        on: "key",
        key: "foo",
        message:
          'unknown key "foo" (the protocol allows exactly: phase_meta, objective, invariants, module_scope, data_models, flow, guardrails, tests, acceptance, rollback, dependency_graph, status)',
      },
    ]);
  });

  it("reports a nested unknown key plainly", () => {
    const doc = validPhase();
    doc.guardrails.x = [];
    expect(validateDocument("phase", doc)).toEqual([
      { kind: "unknown-key", path: ["guardrails", "x"], on: "key", key: "x", message: 'unknown key "x" in guardrails' },
    ]);
  });

  it("words lengths, item counts and patterns", () => {
    const doc = validPhase();
    doc.phase_meta.title = "";
    doc.phase_meta.phase_id = "7P";
    doc.acceptance = [];
    doc.phase_meta.suppressions = [{ rule: "protocol/key-order", reason: "short" }];
    expect(validateDocument("phase", doc).map((i) => i.message)).toEqual([
      "acceptance must not be empty",
      'phase_meta.phase_id must match the pattern ^[A-Za-z][A-Za-z0-9_-]{0,63}$, got "7P"',
      "phase_meta.suppressions[0].reason must have at least 10 characters, got 5",
      "phase_meta.title must not be empty",
    ]);
  });

  it("keeps an object key that looks like an index a string", () => {
    const doc = validPhase();
    doc.guardrails["0"] = [];
    expect(validateDocument("phase", doc)[0]?.path).toEqual(["guardrails", "0"]);
  });

  it("says what the document is when it is not an object", () => {
    expect(validateDocument("phase", ["a"])).toEqual([
      { kind: "invalid", path: [], on: "value", message: "the document must be an object, got an array" },
    ]);
    expect(validateDocument("phase", null)[0]?.message).toBe("the document must be an object, got null");
  });

  it("orders issues by path, then message, whatever the order of the keys", () => {
    const doc = validPhase();
    doc.status.stage = 1;
    doc.zeta = 1;
    doc.alpha = 1;
    delete doc.objective;
    doc.flow.steps = [1];
    const issues = validateDocument("phase", doc);
    expect(issues.map((i) => i.path)).toEqual([[], ["alpha"], ["flow", "steps", 0], ["status", "stage"], ["zeta"]]);
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    expect(validateDocument("phase", reordered)).toEqual(issues);
  });

  it("does not crash on hostile values", () => {
    const proto = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}');
    expect(() => validateDocument("phase", proto)).not.toThrow();
    expect(validateDocument("phase", proto).filter((i) => i.kind === "unknown-key").map((i) => i.key)).toEqual(["__proto__", "constructor"]);
    for (const value of [undefined, 0, "x", true, Object.create(null)]) expect(() => validateDocument("phase", value)).not.toThrow();
  });
});

describe("validateDocument(manifest)", () => {
  it("accepts a minimal manifest", () => {
    expect(validateDocument("manifest", { specKit: 1, name: "demo" })).toEqual([]);
  });

  it("words const, integer, minimum and unknown keys", () => {
    const issues = validateDocument("manifest", { specKit: 2, name: "x", limits: { maxDepth: 0, maxFileBytes: 1.5 }, extra: true });
    expect(issues.map((i) => i.message)).toEqual([
      'unknown key "extra" (the manifest allows exactly: specKit, name, phases, missions, layers, allow, tenancy, rules, limits, guardrails, policies, code)',
      "limits.maxDepth must be >= 1, got 0",
      "limits.maxFileBytes must be an integer, got the number 1.5",
      "specKit must be 1, got 2",
    ]);
  });

  it("reports a badly named rule override at its key, once", () => {
    const issues = validateDocument("manifest", { specKit: 1, name: "x", rules: { Bogus: "off", "graph/no-cycle": "loud" } });
    expect(issues).toEqual([
      { kind: "invalid", path: ["rules", "Bogus"], on: "key", message: 'key "Bogus" in rules must match the pattern ^([a-z][a-z0-9-]*/[a-z][a-z0-9-]*|policy(/[A-Za-z_][A-Za-z0-9_]*)+/[A-Za-z_][A-Za-z0-9_-]*)$' },
      { kind: "invalid", path: ["rules", "graph/no-cycle"], on: "value", message: 'rules["graph/no-cycle"] must be one of error, warning, off, got "loud"' },
    ]);
  });
});
