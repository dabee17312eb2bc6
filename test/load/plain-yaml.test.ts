// The fast path for plain block YAML must give exactly what the careful path (js-yaml's events,
// with their checks) gives wherever it answers, value and position marks alike, and leave
// every text it is not sure of to the careful path, so that refusals and their positions stay
// the careful path's.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LineIndex } from "../../compiler/load/line-index.js";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { parsePlainYaml } from "../../compiler/load/plain-yaml.js";
import { DEFAULT_LIMITS } from "../../compiler/load/source-document.js";
import { parseYamlCarefully } from "../../compiler/load/yaml-parser.js";
// @ts-expect-error -- a plain ES module of the benchmark, without types
import { generateBundle, prng } from "../../bench/generate-bundle.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "spec-kit-plain-yaml-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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

/** Whether the fast path answered; when it did, its answer must equal the careful path's. */
function agrees(text: string): boolean {
  const fast = parsePlainYaml(text, DEFAULT_LIMITS.maxDepth);
  if (!fast) return false;
  const careful = parseYamlCarefully(text, DEFAULT_LIMITS, new LineIndex(text));
  expect(careful.ok, text).toBe(true);
  if (!careful.ok) return true;
  expect(careful.empty).toBe(false);
  expect(fast.value).toStrictEqual(careful.value);
  expect(careful.marks, "the careful path recorded marks").toBeDefined();
  expect(Array.from(fast.marks)).toEqual(Array.from(careful.marks!));
  return true;
}

/** A generated benchmark bundle's YAML texts (phases and manifest). */
function benchTexts(phases: number, untraced: boolean): string[] {
  const dir = join(scratch, `bundle-${phases}-${untraced}`);
  generateBundle(dir, phases, 7, { untraced });
  return yamlFiles(dir).map((file) => readFileSync(file, "utf8"));
}

describe("plain YAML fast path", () => {
  it("answers for generated phase reports and manifests, exactly as the careful path", () => {
    const texts = [...benchTexts(40, false), ...benchTexts(40, true)];
    expect(texts.length).toBeGreaterThan(40);
    for (const text of texts) expect(agrees(text)).toBe(true);
  });

  it("agrees with the careful path on every YAML file of the repository it answers for", () => {
    const files = [...yamlFiles(join(root, "specs")), ...yamlFiles(join(root, "examples")), ...yamlFiles(join(root, "test")), ...yamlFiles(join(root, "..", "shared"))];
    expect(files.length).toBeGreaterThan(20);
    let answered = 0;
    for (const file of files) if (agrees(readFileSync(file, "utf8"))) answered++;
    expect(answered).toBeGreaterThan(0);
  });

  it("agrees on thousands of seeded mutations of plain texts (or leaves them to the careful path)", () => {
    const random = prng(19) as () => number;
    const pick = (n: number): number => Math.floor(random() * n);
    const pieces = [" ", "\n", "- ", ": ", "'", '"', "[]", "{}", "x", "1", "~", "null", "  ", "-", ":", "true", "0x1F", ".5", "a: b\n", "  - c\n", "k:\n", "''", "__proto__: 1\n", "#", "&a ", "*a", "!!str ", "? ", "---\n", "\t", "\r\n"];
    const texts = benchTexts(6, false);
    let answered = 0;
    for (let i = 0; i < 3000; i++) {
      let text = texts[i % texts.length]!;
      for (let edits = 1 + pick(3); edits > 0; edits--) {
        const at = pick(text.length + 1);
        text = text.slice(0, at) + (random() < 0.7 ? pieces[pick(pieces.length)]! : "") + text.slice(at + pick(3));
      }
      if (agrees(text)) answered++;
    }
    // Most mutations leave the text plain or make it invalid; both kinds must have been seen.
    expect(answered).toBeGreaterThan(300);
    expect(answered).toBeLessThan(3000);
  });

  it("leaves to the careful path whatever it is not sure of", () => {
    const declined = [
      "a: 1 # comment\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "%YAML 1.2\n---\na: 1\n",
      "---\na: 1\n",
      "a: 1\n---\nb: 2\n",
      "a: 1\na: 2\n",
      "a: |\n  text\n",
      "a: >\n  text\n",
      "a: plain\n  continued\n",
      "a: 'two\n  lines'\n",
      'a: "esc\\n"\n',
      "a: [1, 2]\n",
      "a: {b: 1}\n",
      "? a\n: 1\n",
      "a:\n",
      "a:\n- 1\n",
      "a:\tb\n",
      "a: 1\r\nb: 2\r\n",
      "  a: 1\n",
      "__proto__: 1\n",
      "true: 1\n",
      "1: one\n",
      "'a': 1\n",
      "a : 1\n",
      "- - 1\n",
      "-\n  a: 1\n",
      "a: -1\n",
      "scalar\n",
      "a: b: c\n",
      "a: \u0085\n",
    ];
    for (const text of declined) expect(parsePlainYaml(text, DEFAULT_LIMITS.maxDepth), JSON.stringify(text)).toBeUndefined();
  });

  it("leaves nesting near the depth limit to the careful path, which refuses it with its position", () => {
    const deep = (levels: number): string => Array.from({ length: levels }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n") + " 1\n";
    expect(parsePlainYaml(deep(5), 8)).toBeDefined();
    expect(parsePlainYaml(deep(7), 8)).toBeUndefined();
    const refused = parseDocument("deep.yaml", new TextEncoder().encode(deep(12)), { ...DEFAULT_LIMITS, maxDepth: 8 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.finding.messageId).toBe("tooDeep");
  });

  it("refuses duplicate keys with the careful path's message and position", () => {
    const text = "phase_meta:\n  phase_id: P1\n  phase_id: P2\n";
    expect(parsePlainYaml(text, DEFAULT_LIMITS.maxDepth)).toBeUndefined();
    const refused = parseDocument("dup.yaml", new TextEncoder().encode(text), DEFAULT_LIMITS);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.finding.messageId).toBe("duplicateKey");
      expect(refused.finding.range).toMatchObject({ line: 3, column: 3 });
    }
  });

  it("resolves plain scalars by the core schema, as the careful path does", () => {
    const text = "a: 1\nb: 0x1F\nc: ~\nd: .inf\ne: true\nf: 1.5e3\ng: v1\nh: 'it''s'\ni: \"q\"\nj: []\nk: {}\n";
    const fast = parsePlainYaml(text, DEFAULT_LIMITS.maxDepth);
    expect(fast?.value).toStrictEqual({ a: 1, b: 31, c: null, d: Infinity, e: true, f: 1500, g: "v1", h: "it's", i: "q", j: [], k: {} });
    expect(agrees(text)).toBe(true);
  });
});
