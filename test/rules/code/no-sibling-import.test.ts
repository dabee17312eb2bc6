import { describe, expect, it } from "vitest";
import { checkFileMap } from "../../../cli/public-api.js";
import rule from "../../../rules/code/no-sibling-import.js";

const RULE = "code/no-sibling-import";

function manifest(isolate: string): string {
  return `specKit: 1\nname: t\ncode: {root: src}\nlayers:\n  - {id: rules, modules: [src/rules], isolate: ${isolate}}\n  - {id: registry, modules: [src/rules/index.ts]}\nallow:\n  - {from: registry, to: rules}\n`;
}

const RULES = {
  "src/rules/graph/cycle.ts": 'import { order } from "./order.js";\nimport { parse } from "../protocol/parse.js";\nexport const cycle = [order, parse];\n',
  "src/rules/graph/order.ts": "export const order = 1;\n",
  "src/rules/protocol/parse.ts": 'import type { Rule } from "./rule.js";\nexport const parse: Rule = 1;\n',
  "src/rules/protocol/rule.ts": "export type Rule = number;\n",
  "src/rules/index.ts": 'import { cycle } from "./graph/cycle.js";\nimport { parse } from "./protocol/parse.js";\nexport const all = [cycle, parse];\n',
};

function findings(files: Record<string, string>, ruleId = RULE): string[] {
  return checkFileMap(files)
    .diagnostics.filter((d) => d.ruleId === ruleId)
    .map((d) => `${d.file}:${d.line}:${d.column} ${d.messageId} ${d.message}`);
}

describe(RULE, () => {
  it("with isolate: true, keeps the folders directly inside the layer apart, at the importing specifier", () => {
    expect(findings({ "spec-kit.yaml": manifest("true"), ...RULES })).toEqual([
      "src/rules/graph/cycle.ts:2:23 sibling src/rules/graph/cycle.ts imports src/rules/protocol/parse.ts: src/rules/graph and src/rules/protocol are isolated parts of the layer rules",
    ]);
  });

  it("with isolate: 2, keeps each file a level deeper apart, type imports included", () => {
    expect(findings({ "spec-kit.yaml": manifest("2"), ...RULES }).map((line) => line.split(" sibling ")[0])).toEqual([
      "src/rules/graph/cycle.ts:1:23",
      "src/rules/graph/cycle.ts:2:23",
      "src/rules/protocol/parse.ts:1:27",
    ]);
  });

  it("lets a registry in a layer of its own import every part", () => {
    expect(findings({ "spec-kit.yaml": manifest("2"), ...RULES }).filter((line) => line.startsWith("src/rules/index.ts"))).toEqual([]);
    expect(findings({ "spec-kit.yaml": manifest("2"), ...RULES }, "code/no-layer-bypass")).toEqual([]);
  });

  it("does nothing for a layer that is not isolated", () => {
    expect(findings({ "spec-kit.yaml": manifest("false"), ...RULES })).toEqual([]);
  });

  it("has examples that fail and pass", () => {
    expect(findings(rule.examples!.failing.files)).toHaveLength(1);
    expect(findings(rule.examples!.passing.files)).toEqual([]);
  });
});
