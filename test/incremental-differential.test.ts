// Differential test of the incremental engine behind `check --watch` and the language server:
// seeded random edits to an in-memory copy of specs/ (dependency lists rewritten so that cycles
// appear and break, asymmetric and unknown edges, ids changed into duplicates and case-only
// twins, files broken, deleted, restored and added, suppressions, mission and content edits),
// and after each one the engine's result must equal a fresh full check exactly: the same
// diagnostics in the same order, and byte for byte the same report in every output format.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATTERS, FORMAT_NAMES } from "../cli/formatters/index.js";
import type { CheckResult } from "../compiler/check-result.js";
import { IncrementalChecker } from "../compiler/incremental.js";
import { checkBundle } from "../compiler/program.js";
import { ALL_RULES } from "../rules/index.js";
import { memoryHost } from "./helpers/memory-host.js";
import { mulberry32 as random } from "./helpers/seeded-random.js";
import { specsFiles } from "./helpers/tree-files.js";

/** Rewrites the `key` list of dependency_graph (YAML flow list or JSON array) to `ids`; undefined when the text has none. */
function setList(text: string, key: "depends_on" | "unblocks", ids: readonly string[]): string | undefined {
  const yaml = new RegExp(`^(\\s*)${key}: \\[[^\\]\\n]*\\]`, "m");
  if (yaml.test(text)) return text.replace(yaml, `$1${key}: [${ids.join(", ")}]`);
  const json = new RegExp(`"${key}": \\[[^\\]]*\\]`);
  if (json.test(text)) return text.replace(json, `"${key}": ${JSON.stringify(ids)}`);
  return undefined;
}

/** Sets the phase id (YAML or JSON); undefined when the text has none. */
function setId(text: string, id: string): string | undefined {
  const yaml = /^(\s*)phase_id: .*$/m;
  if (yaml.test(text)) return text.replace(yaml, `$1phase_id: ${id}`);
  const json = /"phase_id": "[^"]*"/;
  if (json.test(text)) return text.replace(json, `"phase_id": ${JSON.stringify(id)}`);
  return undefined;
}

/** The report of a result in every format, as the CLI prints it (no colour). */
function reports(result: CheckResult): string[] {
  const input = { diagnostics: result.diagnostics, summary: result.summary, documents: result.documents };
  return FORMAT_NAMES.map((name) => FORMATTERS[name](input, { basePath: "specs", color: false }));
}

const IDS = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10", "P11", "P12", "P13"];
/** Ids no document declares: one near a real id (a suggestion), one far from all. */
const STRAYS = ["P1O", "P77", "Q"];

/** One random edit: the paths it touched (some unchanged) and a name for failures. */
function randomEdit(files: Record<string, string>, original: Readonly<Record<string, string>>, next: () => number): { paths: string[]; name: string } {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const phases = Object.keys(original).filter((file) => file.startsWith("phases/"));
  const file = pick(phases);
  const text = files[file] ?? original[file]!;
  const subset = (): string[] => {
    const ids = IDS.filter(() => next() < 0.2);
    if (next() < 0.15) ids.push(pick(STRAYS));
    return ids;
  };
  const kind = Math.floor(next() * 11);
  let edited: string | undefined;
  let name: string;
  switch (kind) {
    case 0:
    case 1:
    case 2:
      name = `depends_on of ${file}`;
      edited = setList(text, "depends_on", subset());
      break;
    case 3:
      name = `unblocks of ${file}`;
      edited = setList(text, "unblocks", subset());
      break;
    case 4: {
      const id = next() < 0.3 ? pick(IDS).toLowerCase() : pick([...IDS, "P14"]);
      name = `phase_id of ${file} to ${id}`;
      edited = setId(text, id);
      break;
    }
    case 5:
      name = `${file} broken`;
      edited = `${text}\n{{{ not: [valid\n`;
      break;
    case 6:
      name = `${file} deleted`;
      delete files[file];
      return { paths: [file], name };
    case 7:
      name = `${file} restored`;
      files[file] = original[file]!;
      return { paths: [file], name };
    case 8: {
      const copy = `phases/X${Math.floor(next() * 3)}.yaml`;
      name = `${copy} added or replaced`;
      files[copy] = setId(original["phases/P3.yaml"]!, pick(["P3", "P20", "p5"]))!;
      return { paths: [copy], name };
    }
    case 9:
      name = `suppression in ${file}`;
      edited = file.endsWith(".yaml")
        ? text.replace(/^phase_meta:\n/m, `phase_meta:\n  suppressions:\n    - { rule: ${pick(["graph/no-cycle", "graph/asymmetric-edge", "graph/unknown-phase"])}, reason: planned in the next release }\n`)
        : undefined;
      break;
    default:
      if (next() < 0.5) {
        name = "mission edit";
        const mission = "missions/agentnexus.md";
        files[mission] = (files[mission] ?? original[mission]!).includes("Billing Engine.")
          ? original[mission]!
          : original[mission]!.replace("Notification Service.", "Billing Engine.");
        return { paths: [mission], name };
      }
      name = `content of ${file}`;
      edited = text.replace(/priority: \w+/, next() < 0.5 ? "priority: urgent" : "priority: high");
  }
  if (edited === undefined || !(file in files)) return { paths: [], name: `${name} (skipped)` };
  files[file] = edited;
  // Sometimes an editor's save names a file that did not change as well.
  return { paths: next() < 0.2 ? [file, pick(phases)] : [file], name };
}

describe("incremental checking, differentially", () => {
  const seen = new Set<string>();
  for (const seed of [1, 2, 3, 15]) {
    it(`equals a full check, in order and byte for byte, after each of 30 random edits (seed ${seed})`, () => {
      const original = specsFiles();
      const files = { ...original };
      const host = memoryHost(files);
      const engine = new IncrementalChecker(host, { rules: ALL_RULES });
      engine.update();
      const next = random(seed);
      for (let step = 0; step < 30; step++) {
        const edits = [randomEdit(files, original, next)];
        if (next() < 0.3) edits.push(randomEdit(files, original, next));
        const label = `seed ${seed}, step ${step}: ${edits.map((edit) => edit.name).join("; ")}`;
        const result = engine.update(edits.flatMap((edit) => edit.paths));
        const full = checkBundle(host, { rules: ALL_RULES });
        expect(result.diagnostics, label).toEqual(full.diagnostics);
        expect(result.summary, label).toEqual(full.summary);
        expect(reports(result), label).toEqual(reports(full));
        for (const d of result.diagnostics) seen.add(`${d.ruleId} ${d.messageId}`);
      }
    });
  }

  it("equals a full check after edits to requirement traces, to a mission's requirements and to text around them", () => {
    const dir = join(import.meta.dirname, "fixtures", "bundles", "requirements-traced");
    const files: Record<string, string> = {};
    for (const rel of ["spec-kit.yaml", "phases/P1.yaml", "missions/billing.md"]) files[rel] = readFileSync(join(dir, rel), "utf8");
    const host = memoryHost(files);
    const engine = new IncrementalChecker(host, { rules: ALL_RULES });
    engine.update();
    const edits: [string, string, (text: string) => string][] = [
      ["fix the misspelt reference", "phases/P1.yaml", (text) => text.replace("billing/operatons-1", "billing/operations-1")],
      ["trace the vault requirement", "phases/P1.yaml", (text) => text.replace("  - a sent invoice is never edited", "  - {text: a sent invoice is never edited, traces: [billing/security-2]}")],
      ["move every line down", "phases/P1.yaml", (text) => `# moved\n${text}`],
      ["misspell a reference again", "phases/P1.yaml", (text) => text.replace("billing/security-2", "billing/securty-2")],
      ["a new requirement in the mission", "missions/billing.md", (text) => `${text}- Refunds are approved by a person.\n`],
      ["a second phase tracing it", "phases/P2.yaml", () => files["phases/P1.yaml"]!.replace("phase_id: P1", "phase_id: P2").replace("billing/security-1", "billing/security-3")],
      ["drop every trace of P1", "phases/P1.yaml", (text) => text.replace(/traces: \[[^\]]*\]/g, "traces: []")],
      ["remove the second phase", "phases/P2.yaml", () => ""],
    ];
    let seen = 0;
    for (const [name, file, edit] of edits) {
      const next = edit(files[file] ?? "");
      if (next === "") delete files[file];
      else files[file] = next;
      const result = engine.update([file]);
      const full = checkBundle(host, { rules: ALL_RULES });
      expect(result.diagnostics, name).toEqual(full.diagnostics);
      expect(reports(result), name).toEqual(reports(full));
      seen += result.diagnostics.filter((d) => d.ruleId.startsWith("requirement/")).length;
    }
    expect(seen).toBeGreaterThan(3);
  });

  it("reaches every finding of the dependency rules (the edits are meant to, not to compare clean reports)", () => {
    expect([...seen].filter((id) => id.startsWith("graph/")).sort()).toEqual([
      "graph/asymmetric-edge missingDependsOn",
      "graph/asymmetric-edge missingUnblocks",
      "graph/duplicate-phase caseOnly",
      "graph/duplicate-phase duplicate",
      "graph/no-cycle cycle",
      "graph/unknown-phase unknown",
      "graph/unknown-phase unknownNear",
    ]);
  });
});
