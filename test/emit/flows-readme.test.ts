/**
 * The README's table of flows (declaration -> generated code) stays true: every row the
 * registry decides names a registry entry with a piece and quotes its core acceptance, every
 * generated name it gives is exported by that phase's module in generated/, and the compiled
 * P6 rollback it shows is what generated/flows/P6.ts holds.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PHASE_REGISTRY } from "../../compiler/emit/phase-registry.js";
import { DEFAULT_CANARY_STEPS } from "../../runtime/rollout.js";
import { REPO_ROOT } from "./emit-input.js";

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const HEADING = "## Flows: what a phase declares, what runs";

/** The Flows section of the README, up to the next level-2 heading. */
function section(): string {
  const start = README.indexOf(`\n${HEADING}\n`);
  expect(start, `the README has a section "${HEADING}"`).toBeGreaterThanOrEqual(0);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

/** The table's body rows as [declaration, generated, decided by]. */
function rows(): [string, string, string][] {
  const lines = section().split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| declaration") && !/^\|[-| ]+\|$/u.test(line));
  // Cells are split on " | " between code spans; no cell of this table holds a pipe outside a code span's escaped `\|`.
  return lines.map((line) => {
    const cells = line.slice(2, -2).split(" | ");
    expect(cells, line).toHaveLength(3);
    return cells as [string, string, string];
  });
}

function generatedModule(phaseId: string): string {
  return readFileSync(join(REPO_ROOT, "generated", "flows", `${phaseId}.ts`), "utf8");
}

/** Names the cell gives as calls (`createPhaseX(…)`) or as exports (`metricModel`). */
function namesIn(cell: string): string[] {
  return [...cell.matchAll(/`(create\w+|metricModel|learning)\(?/gu)].map((m) => m[1]!);
}

describe("the README's table of flows", () => {
  it("has a row for each registry entry with a piece, decided by the registry in the seed's words", () => {
    const registryRows = rows().filter(([declaration]) => declaration.startsWith("— ("));
    const ids = registryRows.map(([declaration]) => /^— \((P\d+)\)$/u.exec(declaration)?.[1]);
    expect(ids).toEqual(PHASE_REGISTRY.filter((entry) => entry.pieces.length > 0).map((entry) => entry.phaseId));
    for (const [declaration, , decidedBy] of registryRows) {
      const entry = PHASE_REGISTRY.find((e) => declaration === `— (${e.phaseId})`)!;
      expect(decidedBy, entry.phaseId).toBe(`registry ("${entry.coreAcceptance}")`);
    }
  });

  it("names only what the phase's generated module exports", () => {
    for (const [declaration, generated] of rows().filter(([d]) => d.startsWith("— ("))) {
      const phaseId = /\((P\d+)\)/u.exec(declaration)![1]!;
      const module = generatedModule(phaseId);
      const names = namesIn(generated);
      expect(names.length, phaseId).toBeGreaterThan(0);
      for (const name of names) expect(module, `${phaseId}: ${name}`).toMatch(new RegExp(`^export (?:function|const) ${name}\\b`, "mu"));
    }
    for (const [declaration, generated] of rows().filter(([d]) => !d.startsWith("— ("))) {
      for (const name of namesIn(generated)) expect(generatedModule("P6"), `${declaration}: ${name}`).toMatch(new RegExp(`^export (?:function|const) ${name}\\b`, "mu"));
    }
  });

  it("gives the canary steps the runtime defaults to, from the registry's P6 entry", () => {
    const row = rows().find(([declaration]) => declaration.startsWith("canary steps"));
    expect(row?.[0]).toBe(`canary steps ${DEFAULT_CANARY_STEPS.map((s) => `${s}%`).join(", ")} of traffic`);
    expect(row?.[2]).toBe('registry (P6: "canary enforce (10%-30%)")');
  });

  it("shows P6's rollback as generated/flows/P6.ts holds it", () => {
    const shown = /\n```ts\n(export const rollback = [\s\S]*?\n\} as const\);)\n```/u.exec(section())?.[1];
    expect(shown).toBeDefined();
    expect(generatedModule("P6")).toContain(shown!);
  });
});
