import { describe, expect, it } from "vitest";
import { bindGraph } from "../../../compiler/bind/bind-graph.js";
import { runGraphRules } from "../../../compiler/check/run-rules.js";
import rule from "../../../rules/graph/no-cycle.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

/** Phases whose depends_on are given, with unblocks written as the exact reverse. */
function symmetric(dependsOn: Readonly<Record<string, string[]>>): Record<string, unknown>[] {
  const unblocks = new Map<string, string[]>(Object.keys(dependsOn).map((id) => [id, []]));
  for (const [id, deps] of Object.entries(dependsOn)) for (const dep of deps) unblocks.get(dep)?.push(id);
  return Object.entries(dependsOn).map(([id, deps]) => phaseReport(id, { dependsOn: deps, unblocks: unblocks.get(id)! }));
}

function messages(files: Record<string, string>): string[] {
  return only(checkFiles(files), rule.id).map((d) => d.message);
}

describe("graph/no-cycle", () => {
  it.each(FORMATS)("reports the cycle once, from its smallest id, at the depends_on item that closes it (%s)", (format) => {
    expectDiagnostics(checkFixture(`graph-errors-${format}`), rule.id, [
      { ruleId: rule.id, file: `phases/P2.${format}`, line: format === "yaml" ? 57 : 77, column: 7, message: "P1 -> P3 -> P2 -> P1" },
    ]);
  });

  it("reports a 12-phase cycle as one diagnostic listing the whole path", () => {
    const deps: Record<string, string[]> = {};
    for (let i = 1; i <= 12; i++) deps[`P${i}`] = [`P${(i % 12) + 1}`];
    const result = checkFiles(jsonBundle(symmetric(deps)));
    expectDiagnostics(result, rule.id, [
      {
        ruleId: rule.id,
        file: "phases/P12.json",
        line: 70,
        column: 7,
        message: "P1 -> P2 -> P3 -> P4 -> P5 -> P6 -> P7 -> P8 -> P9 -> P10 -> P11 -> P12 -> P1",
      },
    ]);
  });

  it("starts the path at the smallest phase id, numbers compared as numbers", () => {
    expect(messages(jsonBundle(symmetric({ P9: ["P3"], P5: ["P9"], P3: ["P5"] })))).toEqual(["P3 -> P5 -> P9 -> P3"]);
    expect(messages(jsonBundle(symmetric({ P10: ["P9"], P9: ["P10"] })))).toEqual(["P9 -> P10 -> P9"]);
  });

  it("reports a phase that depends on itself", () => {
    expect(messages(jsonBundle(symmetric({ P4: ["P4"] })))).toEqual(["P4 -> P4"]);
  });

  it("reports every elementary cycle of a component exactly once", () => {
    const found = messages(jsonBundle(symmetric({ P1: ["P2"], P2: ["P1", "P3"], P3: ["P2", "P1"] })));
    expect(found.sort()).toEqual(["P1 -> P2 -> P1", "P1 -> P2 -> P3 -> P1", "P2 -> P3 -> P2"]);
  });

  it("is silent on an acyclic graph, including diamonds", () => {
    expect(messages(jsonBundle(symmetric({ P1: [], P2: ["P1"], P3: ["P1"], P4: ["P2", "P3"] })))).toEqual([]);
  });

  it("runs over 200 phases in one dense component, capping the cycles listed", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `P${i + 1}`);
    const deps = Object.fromEntries(ids.map((id) => [id, ids.filter((other) => other !== id)]));
    const result = checkFiles(jsonBundle(symmetric(deps)));
    const bundle = result.bundle!;
    const graph = bindGraph(bundle);
    const findings = runGraphRules([rule], bundle, graph);
    expect(findings).toHaveLength(101);
    expect(findings[0]!.message).toBe("P1 -> P2 -> P1");
    expect(findings.at(-1)!.message).toBe(
      "more than 100 dependency cycles among 200 phases (P1, P2, P3, P4, P5, P6, P7, P8, …); only the first 100 are listed",
    );
    expect(new Set(findings.map((f) => f.message)).size).toBe(101);
    expect(only(result, rule.id)).toHaveLength(101);
  });

  it.each(FORMATS)("is silent on an acyclic bundle (%s)", (format) => {
    expect(only(checkFixture(`graph-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
