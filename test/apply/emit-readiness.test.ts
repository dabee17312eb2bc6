import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitBlockers } from "../../compiler/emit/emit-readiness.js";
import { jsonBundle, phaseReport } from "../bind/fixture-bundles.js";
import { CLI_TEST_TIMEOUT_MS, hasStackTrace, runCli } from "../cli/spawn-cli.js";
import { checkFiles } from "../helpers/rule-tester.js";
import { removeScratch, scratch } from "./tree.js";

afterAll(removeScratch);

/** Two independent phases, P1 and P2, as JSON files. */
function cleanBundle(): Record<string, string> {
  return jsonBundle([phaseReport("P1"), phaseReport("P2")]);
}

function withPhase(files: Record<string, string>, id: string, edit: (phase: Record<string, unknown>) => void, file = `phases/${id}.json`): Record<string, string> {
  const phase = phaseReport(id);
  edit(phase);
  return { ...files, [file]: JSON.stringify(phase, null, 2) };
}

function onDisk(files: Record<string, string>): string {
  const dir = scratch("spec-kit-readiness-");
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe("emitBlockers", () => {
  it("is empty for a bundle that may be generated from", () => {
    expect(emitBlockers(checkFiles(cleanBundle()).bundle!)).toEqual([]);
  });

  it("names a document that did not load, and schema-invalid phases and missions, whatever the severities", () => {
    const files = {
      ...cleanBundle(),
      "phases/P2.json": '{"phase_meta": {,,}',
      "phases/P3.json": JSON.stringify({ ...phaseReport("P3"), status: "done" }),
      "missions/m.yaml": "mission: {id: m}\n",
    };
    const off = { "protocol/parse": "off", "protocol/schema": "off", "mission/schema": "off" } as const;
    const result = checkFiles(files, off);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(emitBlockers(result.bundle!)).toEqual([
      { file: "missions/m.yaml", reason: "does not match the mission schema" },
      { file: "phases/P2.json", reason: "did not load (not well-formed JSON or YAML, unreadable or unsafe)" },
      { file: "phases/P3.json", reason: "does not match the phase-report schema" },
    ]);
  });

  it("names phase ids that differ only in case, and Windows device names", () => {
    let files = withPhase(cleanBundle(), "p1", () => {}, "phases/q.json");
    files = withPhase(files, "Nul", () => {});
    expect(emitBlockers(checkFiles(files).bundle!)).toEqual([
      { file: "phases/Nul.json", reason: "its phase id Nul is the Windows device name NUL" },
      { file: "phases/q.json", reason: "its phase id p1 names the same files as phase P1 of phases/P1.json" },
    ]);
  });
});

describe("spec-kit apply on a bundle with rules turned off", () => {
  it(
    "refuses a phase that did not load or does not match its schema instead of leaving it out, and writes nothing",
    () => {
      const clean = onDisk(cleanBundle());
      const written = runCli(["apply", clean, "--out", join(clean, "out")]);
      expect(written.code, written.stderr).toBe(0);
      expect(existsSync(join(clean, "out", "gates", "P2.ts"))).toBe(true);

      const broken = onDisk({ ...cleanBundle(), "phases/P2.json": '{"phase_meta": {,,}' });
      const parse = runCli(["apply", broken, "--out", join(broken, "out"), "--rule", "protocol/parse=off"]);
      expect(parse.code).toBe(1);
      expect(parse.stderr).toBe(
        "spec-kit: apply generated nothing: 1 document cannot be generated from, whatever the rule severities:\n" +
          "  phases/P2.json: did not load (not well-formed JSON or YAML, unreadable or unsafe)\n",
      );
      expect(existsSync(join(broken, "out"))).toBe(false);

      const invalid = onDisk(withPhase(cleanBundle(), "P2", (phase) => ((phase.phase_meta as Record<string, unknown>).priority = "urgent")));
      const schema = runCli(["apply", invalid, "--out", join(invalid, "out"), "--rule", "protocol/schema=off", "--dry-run"]);
      expect(schema.code).toBe(1);
      expect(schema.stderr).toContain("  phases/P2.json: does not match the phase-report schema\n");
      expect(hasStackTrace(schema.stderr)).toBe(false);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "refuses ids that differ only in case and device names, which check reports by default",
    () => {
      const dir = onDisk(withPhase(withPhase(cleanBundle(), "p2", () => {}, "phases/lower.json"), "CON", () => {}));
      const checked = runCli(["check", dir, "--format", "json"]);
      const found = (JSON.parse(checked.stdout) as { diagnostics: { ruleId: string; file: string; line: number }[] }).diagnostics;
      expect(found.filter((d) => d.ruleId === "graph/duplicate-phase" || d.ruleId === "protocol/reserved-name").map((d) => `${d.ruleId} ${d.file}:${d.line}`)).toEqual([
        "protocol/reserved-name phases/CON.json:3",
        "graph/duplicate-phase phases/lower.json:3",
      ]);
      const applied = runCli(["apply", dir, "--out", join(dir, "out"), "--rule", "graph/duplicate-phase=off", "--rule", "protocol/reserved-name=off"]);
      expect(applied.code).toBe(1);
      expect(applied.stderr).toContain("  phases/CON.json: its phase id CON is the Windows device name CON\n");
      expect(applied.stderr).toContain("  phases/lower.json: its phase id p2 names the same files as phase P2 of phases/P2.json\n");
      expect(existsSync(join(dir, "out"))).toBe(false);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
