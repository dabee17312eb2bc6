import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { JsonPath, LocationTarget } from "../../compiler/diagnostics.js";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { DEFAULT_LIMITS, type SourceDocument } from "../../compiler/load/source-document.js";

function load(file: string, bytes: Uint8Array): SourceDocument {
  const result = parseDocument(file, bytes, DEFAULT_LIMITS);
  if (!result.ok) throw new Error(result.finding.message);
  return result.document;
}

function fixture(name: string): SourceDocument {
  return load(`phases/${name}`, new Uint8Array(readFileSync(new URL(`../fixtures/phases/${name}`, import.meta.url))));
}

function text(source: string, file: string): SourceDocument {
  return load(file, new TextEncoder().encode(source));
}

/** `line:column-endLine:endColumn` of a location. */
function at(document: SourceDocument, path: JsonPath, on: LocationTarget = "value"): string {
  const r = document.locate(path, on);
  return `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;
}

describe("locate in the canonical phase report", () => {
  const json = fixture("valid.json");
  const yaml = fixture("valid.yaml");

  it("finds status.completion in both formats", () => {
    expect(at(json, ["status", "completion"])).toBe("107:19-107:22");
    expect(at(yaml, ["status", "completion"])).toBe("50:15-50:18");
  });

  it("tells a key from its value", () => {
    expect(at(json, ["status", "completion"], "key")).toBe("107:5-107:17");
    expect(at(yaml, ["status", "completion"], "key")).toBe("50:3-50:13");
    expect(at(json, ["phase_meta", "phase_id"], "key")).toBe("3:5-3:15");
    expect(at(yaml, ["phase_meta", "phase_id"], "key")).toBe("2:3-2:11");
  });

  it("spans a whole block value, without the line break after it", () => {
    expect(at(yaml, ["status"])).toBe("49:3-52:42");
    expect(at(json, ["dependency_graph"])).toBe("96:23-104:4");
  });

  it("indexes arrays", () => {
    expect(at(json, ["dependency_graph", "unblocks", 1])).toBe("102:7-102:11");
    expect(at(yaml, ["dependency_graph", "unblocks", 1])).toBe("47:18-47:20");
    expect(at(yaml, ["invariants", 1])).toBe("12:5-12:45");
    // The key of an array element is the element itself.
    expect(at(yaml, ["invariants", 1], "key")).toBe("12:5-12:45");
  });

  it("resolves a missing path to the nearest existing ancestor", () => {
    expect(at(yaml, ["status", "nope"])).toBe(at(yaml, ["status"]));
    expect(at(json, ["status", "nope", "deeper"])).toBe(at(json, ["status"]));
    expect(at(yaml, ["invariants", 9])).toBe(at(yaml, ["invariants"]));
    expect(at(yaml, ["invariants", "not-an-index"])).toBe(at(yaml, ["invariants"]));
    // A missing key asked for as a key still points at the object lacking it.
    expect(at(json, ["status", "nope"], "key")).toBe(at(json, ["status"]));
  });

  it("shows the root, or a key missing from it, as the first line", () => {
    expect(at(yaml, [])).toBe("1:1-1:12");
    expect(at(yaml, ["missing_top_level"])).toBe("1:1-1:12");
    expect(at(json, ["missing_top_level"])).toBe("1:1-1:2");
  });

  it("maps positions only when first asked, then reuses them", () => {
    const document = fixture("valid.yaml");
    const first = document.locate(["status", "stage"]);
    expect(document.locate(["status", "stage"])).toEqual(first);
  });
});

describe("locate in other YAML shapes", () => {
  const source = [
    "block: |", //       1
    "  line one", //     2
    "  line two", //     3
    "",
    "flow: {a: [1, 2], 'b c': x}", // 5
    "empty:",
    "list:",
    "  - k: v",
    "  -",
    "1: numeric key",
  ].join("\n");
  const document = text(source, "x.yml");

  it("gives a block scalar its node range, from the indicator to its last character", () => {
    expect(at(document, ["block"])).toBe("1:8-3:11");
  });

  it("locates inside flow collections and quoted keys", () => {
    expect(at(document, ["flow", "a", 1])).toBe("5:15-5:16");
    expect(at(document, ["flow", "b c"], "key")).toBe("5:19-5:24");
    expect(at(document, ["flow", "b c"])).toBe("5:26-5:27");
  });

  it("points an empty value just after its key", () => {
    expect(at(document, ["empty"])).toBe("6:7-6:7");
    expect(at(document, ["list", 0, "k"])).toBe("8:8-8:9");
    expect(document.value).toMatchObject({ empty: null, list: [{ k: "v" }, null], 1: "numeric key" });
  });

  it("matches non-string keys by their string form, as the value does", () => {
    expect(at(document, ["1"], "key")).toBe("10:1-10:2");
  });

  it("counts columns in UTF-16 code units", () => {
    const emoji = text('{"🚀": "é", "k": 1}', "e.json");
    expect(at(emoji, ["k"], "key")).toBe("1:13-1:16");
    const yaml = text("🚀: é\nk: [x, 🚀, y]\n", "e.yaml");
    expect(at(yaml, ["k", 2])).toBe("2:12-2:13");
  });
});
