// The language server's answers as pure functions (compiler/editor): over a bundle checked in
// memory, without the protocol. The end-to-end test over stdio is test/lsp/language-server.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initFiles } from "../../cli/init/templates.js";
import type { DocumentKind } from "../../compiler/constants.js";
import { quickFix } from "../../compiler/editor/code-actions.js";
import { completion } from "../../compiler/editor/completion.js";
import { definition } from "../../compiler/editor/definition.js";
import { pathAt } from "../../compiler/editor/document-paths.js";
import { kindOf, type EditorBundle } from "../../compiler/editor/editor-bundle.js";
import { hover } from "../../compiler/editor/hover.js";
import { appendToList, positionOf } from "../../compiler/editor/list-edit.js";
import { enumForKey, publishedSchemaName, schemaField, type Schema } from "../../compiler/editor/schema-fields.js";
import { cursorContext } from "../../compiler/editor/text-context.js";
import type { SourceDocument } from "../../compiler/load/source-document.js";
import { ALL_RULES } from "../../rules/index.js";
import { checkFiles } from "../helpers/rule-tester.js";

const SCHEMA_FILES: Readonly<Record<DocumentKind, string>> = {
  phase: "phase-report.schema.json",
  manifest: "manifest.schema.json",
  mission: "mission.schema.json",
  trajectory: "trajectory.schema.json",
  "evidence-bundle": "evidence-bundle.schema.json",
};
const schemas = new Map<DocumentKind, Schema>(
  (Object.keys(SCHEMA_FILES) as DocumentKind[]).map((kind) => [kind, JSON.parse(readFileSync(join(import.meta.dirname, "../../schemas", SCHEMA_FILES[kind]), "utf8")) as Schema]),
);

/** The bundle `spec-kit init` writes, as texts, with `edits` applied (file to [from, to] replacements). */
function initTexts(edits: Readonly<Record<string, readonly [string, string][]>> = {}): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const file of initFiles("demo", { manifest: "m.json", phase: "p.json", mission: "x.json" }, { editor: false })) {
    let text = file.text;
    for (const [from, to] of edits[file.path] ?? []) {
      expect(text, `${file.path} holds ${from}`).toContain(from);
      text = text.replace(from, to);
    }
    texts[file.path] = text;
  }
  return texts;
}

/** An editor's view of the bundle of `texts`, checked in memory. */
function viewOf(texts: Readonly<Record<string, string>>): EditorBundle {
  const result = checkFiles(texts);
  return { result, schema: (kind) => schemas.get(kind)!, rules: ALL_RULES };
}

/** The 1-based position of the first `needle` in `text`, `shift` characters on. */
function at(text: string, needle: string, shift = 0): { line: number; column: number } {
  const offset = text.indexOf(needle);
  expect(offset, `${needle} is in the text`).toBeGreaterThanOrEqual(0);
  return positionOf(text, offset + shift);
}

/** The text after a change (1-based range, end exclusive) is applied. */
function applyChange(text: string, change: { range: { line: number; column: number; endLine: number; endColumn: number }; text: string }): string {
  const offset = (line: number, column: number): number => text.split("\n").slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
  return text.slice(0, offset(change.range.line, change.range.column)) + change.text + text.slice(offset(change.range.endLine, change.range.endColumn));
}

describe("cursorContext (what is being typed, from the text alone)", () => {
  it.each([
    ["a YAML flow list", "dependency_graph:\n  depends_on: [P1, P", { key: "depends_on", prefix: "P" }],
    ["a JSON list across lines", '{\n  "depends_on": [\n    "P1",\n    "P', { key: "depends_on", prefix: "P" }],
    ["a value after its key", "status:\n  stage: in_", { key: "stage", prefix: "in_" }],
    ["a quoted JSON value", '{ "stage": "pl', { key: "stage", prefix: "pl" }],
    ["a YAML block list item", "guardrails:\n  runtime_gate:\n    - budget\n    - ti", { key: "runtime_gate", prefix: "ti" }],
    ["an empty block item", "guardrails:\n  runtime_gate:\n    - ", { key: "runtime_gate", prefix: "" }],
  ])("reads %s", (_name, text, expected) => {
    expect(cursorContext(text, text.length)).toEqual(expected);
  });

  it.each([
    ["a key being typed", "phase_meta:\n  pha"],
    ["a closed list", "depends_on: [P1]\n"],
    ["an empty document", ""],
    ["a list item under no key", "- P"],
  ])("finds nothing in %s", (_name, text) => {
    expect(cursorContext(text, text.length)).toBeUndefined();
  });
});

describe("pathAt", () => {
  const texts = initTexts();
  const view = viewOf(texts);
  const document = view.result.documents.get("phases/P1.yaml")!;
  const text = texts["phases/P1.yaml"]!;

  it("names the key or value under the cursor, the deepest one", () => {
    expect(pathAt(document, at(text, "phase_id: P1", 2))).toEqual({ path: ["phase_meta", "phase_id"], on: "key" });
    expect(pathAt(document, at(text, "phase_id: P1", "phase_id: ".length))).toEqual({ path: ["phase_meta", "phase_id"], on: "value" });
    expect(pathAt(document, at(text, "sandbox"))).toEqual({ path: ["guardrails", "runtime_gate", 2], on: "value" });
  });

  it("finds nothing on a comment line", () => {
    expect(pathAt(document, { line: 2, column: 5 })).toBeUndefined();
  });
});

describe("appendToList", () => {
  const cases: [string, string, string, (string | number)[], string][] = [
    ["a YAML flow list", "p.yaml", "keys: [a, b]\n", ["keys"], "keys: [a, b, tenant_id]\n"],
    ["an empty YAML flow list", "p.yaml", "keys: []\n", ["keys"], "keys: [tenant_id]\n"],
    ["a JSON list", "p.json", '{ "keys": [\n  "a"\n] }\n', ["keys"], '{ "keys": [\n  "a", "tenant_id"\n] }\n'],
    ["a YAML block list", "p.yaml", "keys:\n  - a\n  - b\nnext: 1\n", ["keys"], "keys:\n  - a\n  - b\n  - tenant_id\nnext: 1\n"],
  ];
  it.each(cases)("appends to %s", (_name, file, text, path, expected) => {
    const result = checkFiles({ "spec-kit.yaml": "specKit: 1\nname: x\nphases: [p.*]\nmissions: []\n", [file]: text });
    const document = result.documents.get(file)!;
    const change = appendToList(document, path, "tenant_id")!;
    expect(applyChange(text, change)).toBe(expected);
  });

  it("quotes what YAML would read as another type", () => {
    const result = checkFiles({ "spec-kit.yaml": "specKit: 1\nname: x\nphases: [p.yaml]\nmissions: []\n", "p.yaml": "keys: [a]\n" });
    expect(appendToList(result.documents.get("p.yaml")!, ["keys"], "true")!.text).toBe(', "true"');
  });

  it("gives nothing where there is no list", () => {
    const result = checkFiles({ "spec-kit.yaml": "specKit: 1\nname: x\nphases: [p.yaml]\nmissions: []\n", "p.yaml": "keys: a\n" });
    expect(appendToList(result.documents.get("p.yaml") as SourceDocument, ["keys"], "b")).toBeUndefined();
    expect(appendToList(result.documents.get("p.yaml") as SourceDocument, ["nothing", 0], "b")).toBeUndefined();
  });
});

describe("schemaField and enumForKey", () => {
  const phase = schemas.get("phase")!;

  it("gives a field's description and examples, following $ref", () => {
    expect(schemaField(phase, ["phase_meta", "phase_id"])).toMatchObject({ name: "phase_id", description: "Stable phase id, such as P7; it names generated files.", examples: ["P7", "S01"] });
  });

  it("gives the enum of a value and of a list's items", () => {
    expect(schemaField(phase, ["status", "stage"])?.enum).toEqual(["planned", "in_progress", "done", "blocked"]);
    expect(schemaField(phase, ["data_models", 0, "kind"])?.enum).toEqual(["table", "dto", "event"]);
  });

  it("knows no field the schema lacks", () => {
    expect(schemaField(phase, ["phase_meta", "no_such_key"])).toBeUndefined();
    expect(schemaField(phase, [])).toBeUndefined();
  });

  it("finds an enum by its key alone, for a document that does not parse", () => {
    expect(enumForKey(phase, "priority")).toEqual(["highest", "high", "medium", "low"]);
    expect(enumForKey(phase, "title")).toBeUndefined();
  });

  it("names the published schema a contract's $ref means, and nothing else", () => {
    expect(publishedSchemaName("https://spec-kit.dev/schemas/mission-prompt.schema.json")).toBe("mission-prompt.schema.json");
    expect(publishedSchemaName("https://example.com/schemas/mission-prompt.schema.json")).toBeUndefined();
    expect(publishedSchemaName("https://spec-kit.dev/schemas/../../etc/passwd")).toBeUndefined();
  });
});

describe("hover", () => {
  it("shows the field's doc and, on a diagnostic, its rule's doc", () => {
    const texts = initTexts({ "phases/P1.yaml": [["stage: planned", "stage: planed"]] });
    const view = viewOf(texts);
    const shown = hover(view, "phases/P1.yaml", at(texts["phases/P1.yaml"]!, "planed", 1))!;
    expect(shown.markdown).toContain("**status.stage**");
    expect(shown.markdown).toContain("One of: `planned`, `in_progress`, `done`, `blocked`");
    expect(shown.markdown).toContain("**protocol/schema** (error)");
    expect(shown.markdown).toContain(ALL_RULES.find((rule) => rule.id === "protocol/schema")!.doc);
    expect(shown.range).toMatchObject(at(texts["phases/P1.yaml"]!, "planed"));
  });

  it("shows a rule's doc on its id in the manifest's rules map", () => {
    const texts = initTexts({ "spec-kit.yaml": [["rules: {}", "rules:\n  protocol/key-order: off"]] });
    const shown = hover(viewOf(texts), "spec-kit.yaml", at(texts["spec-kit.yaml"]!, "protocol/key-order", 3))!;
    const rule = ALL_RULES.find((candidate) => candidate.id === "protocol/key-order")!;
    expect(shown.markdown).toContain(`**protocol/key-order**: ${rule.doc}`);
    expect(shown.markdown).toContain("`spec-kit explain protocol/key-order`");
    expect(shown.markdown.startsWith("\n")).toBe(false);
  });

  it("says nothing on a comment, nor in a document that does not parse", () => {
    const texts = initTexts({ "phases/P2.json": [['"phase_meta": {', '"phase_meta": {{']] });
    const view = viewOf(texts);
    expect(hover(view, "phases/P1.yaml", { line: 2, column: 3 })).toBeUndefined();
    expect(view.result.documents.get("phases/P2.json")).toBeUndefined();
    expect(hover(view, "phases/P2.json", { line: 40, column: 3 })).toBeUndefined();
  });
});

describe("definition", () => {
  const texts = initTexts({
    "missions/mission.yaml": [["      fields:\n        - { name: requestId, type: string }\n        - { name: tenantId, type: string }", '      $ref: "https://spec-kit.dev/schemas/mission-prompt.schema.json"']],
  });
  const view = viewOf(texts);

  it("takes a phase id to its phase_id, a layer id to its layer and a module to its layer entry", () => {
    const p1 = texts["phases/P1.yaml"]!;
    const p2 = texts["phases/P2.json"]!;
    const manifest = texts["spec-kit.yaml"]!;
    expect(definition(view, "phases/P1.yaml", at(p1, "unblocks: [P2]", "unblocks: [".length))).toEqual({
      file: "phases/P2.json",
      range: { ...at(p2, '"P2"'), endLine: at(p2, '"P2"').line, endColumn: at(p2, '"P2"').column + 4 },
    });
    expect(definition(view, "spec-kit.yaml", at(manifest, "from: api", "from: ".length))).toMatchObject({ file: "spec-kit.yaml", range: at(manifest, "id: api", 4) });
    expect(definition(view, "phases/P1.yaml", at(p1, "write_modules: [src/core]", "write_modules: [".length))).toMatchObject({ file: "spec-kit.yaml", range: at(manifest, "modules: [src/core]", 10) });
  });

  it("takes a contract's producer and consumer to the component and actor, and its $ref to the published schema", () => {
    const mission = texts["missions/mission.yaml"]!;
    expect(view.result.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
    expect(definition(view, "missions/mission.yaml", at(mission, "producers: [core]", "producers: [".length))).toMatchObject({ file: "missions/mission.yaml", range: at(mission, "id: core", 4) });
    expect(definition(view, "missions/mission.yaml", at(mission, "consumers: [Operator", "consumers: [".length))).toMatchObject({ file: "missions/mission.yaml", range: at(mission, "name: Operator Dashboard", 6) });
    expect(definition(view, "missions/mission.yaml", at(mission, "https://spec-kit.dev", 3))).toEqual({ schema: "mission-prompt.schema.json" });
  });

  it("takes a traces reference to the requirement's text in its Markdown mission", () => {
    const mission = ["# Billing Specification", "", "## Security", "- Invoices are signed before they are sent.", "- Card numbers never leave the vault.", ""].join("\n");
    const phase = initTexts()["phases/P1.yaml"]!;
    const invariant = /\ninvariants:\n {2}- [^\n]*/.exec(phase)![0];
    const traced = phase.replace(invariant, "\ninvariants:\n  - {text: invoices are signed, traces: [billing/security-2, requirement:billing/security-1, billing/security-9]}");
    const traceView = viewOf({ ...initTexts(), "phases/P1.yaml": traced, "missions/billing.md": mission });
    const line = (needle: string) => ({ ...at(mission, needle), endLine: at(mission, needle).line, endColumn: at(mission, needle).column + needle.length });
    expect(definition(traceView, "phases/P1.yaml", at(traced, "billing/security-2", 3))).toEqual({ file: "missions/billing.md", range: line("Card numbers never leave the vault.") });
    expect(definition(traceView, "phases/P1.yaml", at(traced, "requirement:billing/security-1", 3))).toEqual({ file: "missions/billing.md", range: line("Invoices are signed before they are sent.") });
    expect(definition(traceView, "phases/P1.yaml", at(traced, "billing/security-9", 3))).toBeUndefined();
  });

  it("finds nothing for an id no document declares, nor on a key", () => {
    const broken = initTexts({ "phases/P1.yaml": [["depends_on: []", "depends_on: [P9]"]] });
    const p1 = broken["phases/P1.yaml"]!;
    expect(definition(viewOf(broken), "phases/P1.yaml", at(p1, "P9", 1))).toBeUndefined();
    expect(definition(viewOf(broken), "phases/P1.yaml", at(p1, "depends_on", 1))).toBeUndefined();
  });
});

describe("completion", () => {
  const labels = (texts: Record<string, string>, file: string, needle: string, shift: number): string[] => {
    const text = texts[file]!;
    const offset = text.indexOf(needle) + shift;
    return completion(viewOf(texts), file, text, offset, positionOf(text, offset)).map((item) => item.label);
  };

  it("offers the other phases' ids in depends_on, and layer ids in an allow entry", () => {
    const texts = initTexts();
    expect(labels(texts, "phases/P1.yaml", "depends_on: []", "depends_on: [".length)).toEqual(["P2"]);
    expect(labels(texts, "spec-kit.yaml", "to: core", "to: ".length)).toEqual(["api", "core"]);
  });

  it("offers the protocol's guardrail names and the manifest's own", () => {
    const texts = initTexts({ "spec-kit.yaml": [["rules: {}", "rules: {}\nguardrails:\n  policy_gate:\n    four-eyes: two people approve"]] });
    const offered = completion(viewOf(texts), "phases/P1.yaml", "guardrails:\n  policy_gate: [", "guardrails:\n  policy_gate: [".length, { line: 2, column: 17 });
    expect(offered).toContainEqual({ label: "four-eyes", kind: "value", detail: "policy_gate (declared in the manifest)" });
    expect(offered).toContainEqual({ label: "permission", kind: "value", detail: "policy_gate (protocol)" });
  });

  it("offers an enum's values, also while the document does not parse", () => {
    const texts = initTexts({ "phases/P1.yaml": [["kind: table", "kind: [[["]] });
    expect(viewOf(texts).result.documents.get("phases/P1.yaml")).toBeUndefined();
    expect(labels(texts, "phases/P1.yaml", "stage: planned", "stage: ".length)).toEqual(["blocked", "done", "in_progress", "planned"]);
  });

  it("offers the bundle's requirements, with their section, in a traces list", () => {
    const mission = ["# Billing Specification", "", "## Security", "- Invoices are signed.", "", "## Operations", "Invoices are retried.", ""].join("\n");
    const texts = { ...initTexts(), "missions/billing.md": mission };
    const phase = texts["phases/P1.yaml"]!;
    const invariant = /\ninvariants:\n {2}- [^\n]*/.exec(phase)![0];
    const traced = phase.replace(invariant, "\ninvariants:\n  - {text: invoices are signed, traces: [bil]}");
    const offset = traced.indexOf("traces: [bil") + "traces: [bil".length;
    expect(completion(viewOf({ ...texts, "phases/P1.yaml": traced }), "phases/P1.yaml", traced, offset, positionOf(traced, offset))).toEqual([
      { label: "billing/operations-1", kind: "reference", detail: "requirement (Operations)" },
      { label: "billing/security-1", kind: "reference", detail: "requirement (Security)" },
    ]);
  });

  it("offers nothing on a key", () => {
    const texts = initTexts();
    expect(labels(texts, "phases/P1.yaml", "title:", 2)).toEqual([]);
  });
});

describe("quickFix", () => {
  it("renames to the suggestion, quoted as the text there is", () => {
    const texts = initTexts({ "phases/P2.json": [['"depends_on": [\n      "P1"', '"depends_on": [\n      "p1"']] });
    const view = viewOf(texts);
    const diagnostic = view.result.diagnostics.find((candidate) => candidate.ruleId === "graph/unknown-phase")!;
    expect(diagnostic.data?.["suggestion"]).toBe("P1");
    const fix = quickFix(view, "phases/P2.json", diagnostic)!;
    expect(fix.title).toBe('Change to "P1"');
    expect(applyChange(texts["phases/P2.json"]!, fix.changes[0]!)).toBe(initTexts()["phases/P2.json"]);
  });

  it("adds the missing end of a one-sided edge in the other phase, and the result checks clean", () => {
    const texts = initTexts({ "phases/P1.yaml": [["unblocks: [P2]", "unblocks: []"]] });
    const view = viewOf(texts);
    const diagnostic = view.result.diagnostics.find((candidate) => candidate.ruleId === "graph/asymmetric-edge")!;
    const fix = quickFix(view, diagnostic.file, diagnostic)!;
    expect(fix).toMatchObject({ title: "Add P2 to P1's unblocks", file: "phases/P1.yaml" });
    const fixed = { ...texts, "phases/P1.yaml": applyChange(texts["phases/P1.yaml"]!, fix.changes[0]!) };
    expect(checkFiles(fixed).diagnostics).toEqual([]);
  });

  it("adds the tenant key to the model that lacks it", () => {
    const texts = initTexts({ "phases/P1.yaml": [["keys: [request_id, tenant_id]", "keys: [request_id]"]] });
    const view = viewOf(texts);
    const diagnostic = view.result.diagnostics.find((candidate) => candidate.ruleId === "tenancy/tenant-key")!;
    const fix = quickFix(view, "phases/P1.yaml", diagnostic)!;
    expect(fix.title).toBe("Add tenant_id to the keys of RequestLease");
    expect(checkFiles({ ...texts, "phases/P1.yaml": applyChange(texts["phases/P1.yaml"]!, fix.changes[0]!) }).diagnostics).toEqual([]);
  });

  it("has none for a diagnostic without a fix", () => {
    const texts = initTexts({ "phases/P1.yaml": [["stage: planned", "stage: planed"]] });
    const view = viewOf(texts);
    const diagnostic = view.result.diagnostics.find((candidate) => candidate.ruleId === "protocol/schema")!;
    expect(quickFix(view, "phases/P1.yaml", diagnostic)).toBeUndefined();
  });
});

describe("kindOf", () => {
  it("knows the manifest, a mission and a phase, also for a file the bundle did not load", () => {
    const view = viewOf(initTexts());
    expect(kindOf(view, "spec-kit.yaml")).toBe("manifest");
    expect(kindOf(view, "missions/mission.yaml")).toBe("mission");
    expect(kindOf(view, "phases/P1.yaml")).toBe("phase");
    expect(kindOf(view, "missions/new.yaml")).toBe("mission");
  });
});
