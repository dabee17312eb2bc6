// Position marks recorded from the event stream (the fast path of YAML positions) must locate
// every path exactly as the `yaml` package's tree does wherever they exist, and step aside otherwise.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dump } from "js-yaml";
import { describe, expect, it } from "vitest";
import type { JsonPath } from "../../compiler/diagnostics.js";
import { LineIndex } from "../../compiler/load/line-index.js";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { locateInTree, type PositionNode } from "../../compiler/load/position-tree.js";
import { DEFAULT_LIMITS } from "../../compiler/load/source-document.js";
import { eventPositions, locateInMarks, yamlPositions } from "../../compiler/load/yaml-positions.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Every .yaml/.yml file below `dir` (no node_modules, dist or hidden folders). */
function yamlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** Whether the loader accepts the text (positions are only ever asked of accepted texts). */
function accepted(text: string): boolean {
  return parseDocument("doc.yaml", new TextEncoder().encode(text), DEFAULT_LIMITS).ok;
}

/** Every path of a position tree, and beside each a key and an index that are not there. */
function pathsOf(node: PositionNode, prefix: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = [prefix, [...prefix, "no-such-key"], [...prefix, 99_999], [...prefix, -1]];
  for (const [name, member] of node.members ?? []) paths.push(...pathsOf(member.value, [...prefix, name]));
  (node.elements ?? []).forEach((element, index) => paths.push(...pathsOf(element, [...prefix, index])));
  return paths;
}

/**
 * Locates every path (value and key) with the marks and with the `yaml` package's tree;
 * returns whether marks were recorded (the fast path applied).
 */
function same(text: string): boolean {
  const marks = eventPositions(text, DEFAULT_LIMITS.maxDepth);
  if (marks === undefined) return false;
  const tree = yamlPositions(text);
  const lines = new LineIndex(text);
  for (const path of pathsOf(tree)) {
    for (const on of ["value", "key"] as const) {
      expect(locateInMarks(marks, text, path, on, lines), `${JSON.stringify(path)} ${on}`).toEqual(locateInTree(tree, path, on, lines));
    }
  }
  return true;
}

const CRAFTED = [
  "a: 1\nb: two words\n",
  'a:\n  - x: 1\n    y: [p, q ]\n  - "s"\nb: {c: d, e: [ ] }\n',
  "list:\n- one\n- two\nnested:\n  deeper:\n    deepest: [1, 2, 3,]\n",
  "'quoted key': \"quoted value\"\nplain: a value that\n  goes on the next line\nlast: x   \n\n\n",
  "a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\nc: {d: e}\r\n",
  "seq:\n  - [a, b]\n  - {k: v}\n  - - inner\n    - more\n",
  "flow: [\n  a,\n  b\n  ]\nmap: {\n  k: v }\n",
  "- a\n- b: c\n  d: e\n",
  "just a scalar\n",
  "---\nk: v\n...\n",
  "\ufeffk: v\n",
  "emoji: \"\u{1F600} ok\"\ntext: caf\u00e9\n",
];

const FALLBACK = [
  "a: 1 # a comment\n",
  "a: |\n  block\nb: 2\n",
  "a: >-\n  folded\n",
  "a:\nb: 2\n",
  "a: !!str 1\n",
  "1: one\n",
  "true: yes\n",
  "? explicit\n: value\n",
  "k: 'unterminated\n",
];

describe("YAML positions recorded from the event stream", () => {
  it("locate as the yaml package's tree does on crafted plain documents", () => {
    for (const text of CRAFTED) {
      expect(accepted(text), JSON.stringify(text)).toBe(true);
      expect(same(text), JSON.stringify(text)).toBe(true);
    }
  });

  it("step aside for comments, block and empty scalars, tags, non-string keys, explicit keys and bad input", () => {
    for (const text of FALLBACK) expect(eventPositions(text, DEFAULT_LIMITS.maxDepth), JSON.stringify(text)).toBeUndefined();
  });

  it("locate as the yaml package's tree does on every accepted YAML file of the repository and the seeds", () => {
    const files = [...yamlFiles(join(root, "specs")), ...yamlFiles(join(root, "test")), ...yamlFiles(join(root, "..", "shared"))];
    expect(files.length).toBeGreaterThan(20);
    let fast = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8").replace(/^\ufeff/, "");
      if (text.trim() === "" || !accepted(text)) continue;
      try {
        if (same(text)) fast++;
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    }
    expect(fast).toBeGreaterThan(5);
  }, 120_000);

  it("locate as the yaml package's tree does on documents as js-yaml writes them", () => {
    const value = {
      phase_meta: { phase_id: "P7", title: "Phase 7: lease handling", priority: "high", version: "v1" },
      invariants: ["Every lease record carries all five trace ids.", "needs: quoting", "'single'", "-dash", "123", ""],
      nested: { list: [[1, 2], { a: [] }, {}], deep: { deeper: { deepest: [true, null, 1.5] } } },
      long: "word ".repeat(40).trim(),
    };
    for (const options of [{}, { lineWidth: -1 }, { flowLevel: 1 }, { flowLevel: 2 }]) {
      const text = dump(value, options);
      expect(accepted(text)).toBe(true);
      // Empty strings and nulls are dumped as '' and null: quoted '' is plain data, null is not.
      const withoutNull = text.replace(/, null\]/, "]").replace(/- null\n/, "");
      if (accepted(withoutNull)) same(withoutNull);
    }
    const plain = dump({ a: { b: ["c", "d e"], f: "g" }, h: [{ i: "j" }] });
    expect(same(plain)).toBe(true);
  });
});
