// The JSON walker (positions without a second parse) must locate every path exactly as the
// position tree of a recording parse does.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { JsonPath } from "../../compiler/diagnostics.js";
import { locateInJson } from "../../compiler/load/json-locate.js";
import { parseJson } from "../../compiler/load/json-parser.js";
import { LineIndex } from "../../compiler/load/line-index.js";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { locateInTree, type PositionNode } from "../../compiler/load/position-tree.js";
import { DEFAULT_LIMITS } from "../../compiler/load/source-document.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

function jsonFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...jsonFiles(path));
    else if (entry.name.endsWith(".json")) found.push(path);
  }
  return found;
}

/** Every path of a position tree, and beside each a key and indices that are not there. */
function pathsOf(node: PositionNode, prefix: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = [prefix, [...prefix, "no-such-key"], [...prefix, 99_999], [...prefix, -1], [...prefix, 0]];
  for (const [name, member] of node.members ?? []) paths.push(...pathsOf(member.value, [...prefix, name]));
  (node.elements ?? []).forEach((element, index) => paths.push(...pathsOf(element, [...prefix, index])));
  return paths;
}

/** Compares walker and tree on every path; returns the number of paths compared. */
function compare(text: string): number {
  const lines = new LineIndex(text);
  const parsed = parseJson(text, { maxDepth: 64, lines, positions: true });
  if (!parsed.ok || !parsed.positions) throw new Error("not accepted");
  let compared = 0;
  for (const path of pathsOf(parsed.positions).slice(0, 4000)) {
    for (const on of ["value", "key"] as const) {
      const walked = JSON.stringify(locateInJson(text, path, on, lines));
      const tree = JSON.stringify(locateInTree(parsed.positions, path, on, lines));
      if (walked !== tree) expect(walked, `${JSON.stringify(path)} ${on}`).toBe(tree);
      compared++;
    }
  }
  return compared;
}

const CRAFTED = [
  '{"a": 1, "b": [true, false, null, -1.5e3, "x"], "c": {"d": {}}, "e": []}',
  '  \n{\n  "k\\"ey": "va\\\\lue",\n  "\\u0061b": [ [ ], { } , [1,[2,[3]]] ],\n  "__proto__": {"x": "}]"}\n}\n',
  "[1, 2, 3]",
  '"just a string"',
  "42",
  '{"emoji": "\u{1F600}", "café": "naïve", "nested": [{"a": [{"b": "c"}]}]}',
  '{\r\n  "crlf": [\r\n    1,\r\n    2\r\n  ]\r\n}\r\n',
];

describe("JSON positions by walking the text", () => {
  it("locate as the recorded tree does on crafted documents", () => {
    for (const text of CRAFTED) expect(compare(text), text).toBeGreaterThan(4);
  });

  it("locate as the recorded tree does on every JSON file of the repository and the seeds", () => {
    const files = [...jsonFiles(join(root, "specs")), ...jsonFiles(join(root, "test")), ...jsonFiles(join(root, "schemas")), ...jsonFiles(join(root, "..", "shared"))];
    expect(files.length).toBeGreaterThan(10);
    let checked = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8").replace(/^\ufeff/, "");
      // Large generated files add time, not cases.
      if (text.length > 200_000) continue;
      if (!parseJson(text, { maxDepth: 64, lines: new LineIndex(text) }).ok) continue;
      try {
        compare(text);
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  }, 120_000);

  it("a document's locate gives the same ranges before and after it switches to the tree", () => {
    const text = CRAFTED[1]!;
    const parsed = parseDocument("doc.json", new TextEncoder().encode(text), DEFAULT_LIMITS);
    if (!parsed.ok) throw new Error(parsed.finding.message);
    const paths: JsonPath[] = [["k\"ey"], ["ab", 2, 1, 1, 0], ["__proto__", "x"], ["ab", 1], ["missing"], []];
    const first = paths.map((path) => parsed.document.locate(path, "key"));
    for (let round = 0; round < 3; round++) expect(paths.map((path) => parsed.document.locate(path, "key"))).toEqual(first);
  });
});
