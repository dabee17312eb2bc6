// The README's "Using the generated code in a runner" is followed to the letter: a runner
// project with the guide's tsconfig.json, the committed generated/ beside its src/, and the
// guide's TypeScript example as src/main.ts, compiled by the TypeScript compiler and run. So the
// guide cannot drift from what `apply` writes.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TEST_TIMEOUT_MS } from "../cli/spawn-cli.js";

const ROOT = join(import.meta.dirname, "../..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const start = readme.indexOf("## Using the generated code in a runner");
const guide = readme.slice(start, readme.indexOf("\n## ", start + 1));

/** The first fenced block of `language` in the guide. */
function block(language: string): string {
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(guide);
  if (!match) throw new Error(`the guide has no ${language} block`);
  return match[1]!;
}

const project = mkdtempSync(join(tmpdir(), "spec-kit-runner-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the downstream guide", () => {
  it("exists, with a tsconfig.json and an example", () => {
    expect(start).toBeGreaterThan(0);
    expect(JSON.parse(block("json"))).toMatchObject({ compilerOptions: { strict: true }, include: ["src", "generated"] });
    expect(block("ts")).toContain("createPhaseGate");
  });

  it(
    "compiles with its tsconfig against the committed generated/, and its example runs as it says",
    () => {
      // The project: "type": "module", the guide's tsconfig, generated/ beside src/, and
      // node_modules holding spec-kit (this package) and what it depends on.
      writeFileSync(join(project, "package.json"), JSON.stringify({ name: "runner", private: true, type: "module" }));
      writeFileSync(join(project, "tsconfig.json"), block("json"));
      cpSync(join(ROOT, "generated"), join(project, "generated"), { recursive: true });
      mkdirSync(join(project, "src"));
      writeFileSync(join(project, "src", "main.ts"), block("ts"));
      mkdirSync(join(project, "node_modules"));
      for (const name of readdirSync(join(ROOT, "node_modules")).filter((entry) => !entry.startsWith("."))) {
        symlinkSync(join(ROOT, "node_modules", name), join(project, "node_modules", name), "dir");
      }
      symlinkSync(ROOT, join(project, "node_modules", "spec-kit"), "dir");

      const parsed = ts.getParsedCommandLineOfConfigFile(join(project, "tsconfig.json"), { outDir: join(project, "out") }, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
        },
      })!;
      expect(parsed.errors).toEqual([]);
      const program = ts.createProgram(parsed.fileNames, parsed.options);
      const emitted = program.emit();
      const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map(
        (d) => `${d.file ? d.file.fileName.slice(project.length + 1) : ""} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      );
      expect(problems).toEqual([]);
      expect(parsed.fileNames.some((file) => file.includes("generated/tests/"))).toBe(true);

      const run = spawnSync(process.execPath, [join(project, "out", "src", "main.js")], { cwd: project, encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      // The guide's comment says what it prints.
      const said = /console\.log\(.*\); \/\/ (.*)\n/.exec(block("ts"))?.[1];
      expect(said).toBe("allowed bound");
      expect(run.stdout).toBe(`${said}\n`);
    },
    CLI_TEST_TIMEOUT_MS * 2,
  );
});
