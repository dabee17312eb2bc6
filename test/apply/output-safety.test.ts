import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitBundle } from "../../compiler/emit/index.js";
import { planOutput, writeOutput } from "../../cli/output-writer.js";
import { emitInputFromReports, specsEmitInput, withContractTypes } from "../emit/emit-input.js";
import { scratch, removeScratch } from "./tree.js";

afterAll(removeScratch);

const ESCAPING = ["../evil.ts", "gates/../../evil.ts", "/etc/evil.ts", "gates\\..\\..\\evil.ts", "gates/./P1.ts", "gates//P1.ts", ""];

describe("the output folder cannot be escaped", () => {
  it.each(ESCAPING)("writeOutput refuses %j and writes nothing anywhere", (path) => {
    const parent = scratch();
    const out = join(parent, "generated");
    expect(() => writeOutput(out, [{ path: "gates/P1.ts", content: "ok\n" }, { path, content: "evil\n" }])).toThrow(/outside the output folder/);
    expect(readdirSync(parent)).toEqual([]);
    expect(() => planOutput(out, [{ path, content: "evil\n" }])).toThrow(/outside the output folder/);
  });

  it("leaves an existing output folder as it was when a path is refused", () => {
    const out = join(scratch(), "generated");
    writeOutput(out, [{ path: "gates/P1.ts", content: "v1\n" }]);
    mkdirSync(join(out, "keep"));
    expect(() => writeOutput(out, [{ path: "gates/P1.ts", content: "v2\n" }, { path: "../x.ts", content: "" }])).toThrow();
    expect(readdirSync(join(out, ".."))).toEqual(["generated"]);
  });

  it("a phase id that would escape never becomes a path: the emit stage skips it with a note", async () => {
    const report = specsEmitInput().bundle.phases.find((phase) => phase.valid)!.data;
    const evil = { ...report, phase_meta: { ...report.phase_meta, phase_id: "../../evil" } };
    const output = emitBundle(await withContractTypes(emitInputFromReports([{ file: "phases/evil.yaml", report: evil }])));
    expect(output.files.some((file) => file.path.includes(".."))).toBe(false);
    // Contract names never become paths either: they turn into ASCII identifiers.
    expect(output.files.filter((file) => file.path.startsWith("contracts/")).every((file) => /^contracts\/[A-Za-z0-9]+(\.schema\.json|\.ts|\.js|\.d\.ts)$/.test(file.path))).toBe(true);
    expect(output.notes.some((note) => note.message.includes("not a safe file name"))).toBe(true);
    const out = join(scratch(), "generated");
    writeOutput(out, output.files);
    expect(existsSync(join(out, "..", "..", "evil.ts"))).toBe(false);
  });
});
