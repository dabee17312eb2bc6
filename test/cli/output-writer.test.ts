import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INDEX_FILE, planOutput, recoverOutput, writeOutput } from "../../cli/output-writer.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "spec-kit-out-"));
}

/** The pid of a process that has exited: what a killed run's leftovers are named by. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

describe("writeOutput", () => {
  it("writes files and an index of what it wrote", () => {
    const out = join(scratch(), "generated");
    const plan = writeOutput(out, [
      { path: "gates/P1.ts", content: "export {};\n" },
      { path: "graph/task-graph.json", content: "{}\n" },
    ]);
    expect(plan.added).toEqual(["gates/P1.ts", "graph/task-graph.json"]);
    expect(readFileSync(join(out, "gates/P1.ts"), "utf8")).toBe("export {};\n");
    expect(JSON.parse(readFileSync(join(out, INDEX_FILE), "utf8")).files).toEqual(["gates/P1.ts", "graph/task-graph.json"]);
  });

  it("removes files it generated before and keeps files it never wrote", () => {
    const out = join(scratch(), "generated");
    writeOutput(out, [
      { path: "gates/P1.ts", content: "a" },
      { path: "gates/P2.ts", content: "b" },
    ]);
    writeFileSync(join(out, "NOTES.md"), "mine");
    mkdirSync(join(out, "custom"));
    writeFileSync(join(out, "custom", "keep.ts"), "mine too");
    const plan = writeOutput(out, [{ path: "gates/P1.ts", content: "a2" }]);
    expect(plan).toMatchObject({ added: [], changed: ["gates/P1.ts"], removed: ["gates/P2.ts"], unchanged: [], warnings: [] });
    expect(existsSync(join(out, "gates/P2.ts"))).toBe(false);
    expect(readFileSync(join(out, "NOTES.md"), "utf8")).toBe("mine");
    expect(readFileSync(join(out, "custom", "keep.ts"), "utf8")).toBe("mine too");
  });

  it("does not touch the folder when nothing changed", () => {
    const out = join(scratch(), "generated");
    writeOutput(out, [{ path: "a.txt", content: "x" }]);
    const before = statSync(join(out, "a.txt")).mtimeMs;
    const inodeBefore = statSync(out).ino;
    const plan = writeOutput(out, [{ path: "a.txt", content: "x" }]);
    expect(plan.unchanged).toEqual(["a.txt"]);
    expect(statSync(out).ino).toBe(inodeBefore);
    expect(statSync(join(out, "a.txt")).mtimeMs).toBe(before);
  });

  it("refuses paths that leave the output folder", () => {
    const out = join(scratch(), "generated");
    expect(() => writeOutput(out, [{ path: "../escape.ts", content: "" }])).toThrow(/outside the output folder/);
    expect(() => writeOutput(out, [{ path: "/etc/x", content: "" }])).toThrow(/outside the output folder/);
    expect(existsSync(out)).toBe(false);
  });

  it("plans without writing", () => {
    const out = join(scratch(), "generated");
    writeOutput(out, [{ path: "a.txt", content: "x" }, { path: "b.txt", content: "y" }]);
    expect(planOutput(out, [{ path: "a.txt", content: "z" }, { path: "c.txt", content: "w" }])).toMatchObject({
      added: ["c.txt"],
      changed: ["a.txt"],
      removed: ["b.txt"],
      unchanged: [],
    });
    expect(readFileSync(join(out, "a.txt"), "utf8")).toBe("x");
  });
});

describe("recoverOutput", () => {
  it("restores the previous folder when a run died between the two renames", () => {
    const parent = scratch();
    const out = join(parent, "generated");
    writeOutput(out, [{ path: "a.txt", content: "old" }]);
    // Simulate a kill after the first rename: the folder is moved aside, the staged one is not yet in place.
    const pid = deadPid();
    renameSync(out, join(parent, `.generated.spec-kit-old-${pid}-x`));
    mkdirSync(join(parent, `.generated.spec-kit-tmp-${pid}-x`));
    writeFileSync(join(parent, `.generated.spec-kit-tmp-${pid}-x`, "a.txt"), "new");
    recoverOutput(out);
    expect(readFileSync(join(out, "a.txt"), "utf8")).toBe("old");
    expect(readdirSync(parent)).toEqual(["generated"]);
  });

  it("drops a leftover backup when the swap had finished", () => {
    const parent = scratch();
    const out = join(parent, "generated");
    writeOutput(out, [{ path: "a.txt", content: "new" }]);
    mkdirSync(join(parent, `.generated.spec-kit-old-${deadPid()}-y`));
    recoverOutput(out);
    expect(readdirSync(parent)).toEqual(["generated"]);
    expect(readFileSync(join(out, "a.txt"), "utf8")).toBe("new");
  });

  it("never touches what a run still alive has staged or moved aside", () => {
    const parent = scratch();
    const out = join(parent, "generated");
    writeOutput(out, [{ path: "a.txt", content: "new" }]);
    const alive = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const theirs = [`.generated.spec-kit-tmp-${alive.pid}-z`, `.generated.spec-kit-old-${alive.pid}-z`];
      for (const name of theirs) mkdirSync(join(parent, name));
      writeFileSync(join(parent, theirs[0]!, "a.txt"), "theirs");
      recoverOutput(out);
      writeOutput(out, [{ path: "a.txt", content: "newer" }]);
      expect(readdirSync(parent).sort()).toEqual([...theirs, "generated"].sort());
      expect(readFileSync(join(parent, theirs[0]!, "a.txt"), "utf8")).toBe("theirs");
    } finally {
      alive.kill();
    }
  });
});
