// Hostile input through the real binary: each fixture ends in a located diagnostic with exit
// status 1 (or 2 for what cannot be read at all), never a stack trace, and never a hang (the spawn's own timeout would end it with no status).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const HOSTILE = join(ROOT, "test", "fixtures", "hostile");
/** Fixtures that are valid data and must load (they are not phase reports, so the schema rules speak). */
const ACCEPTED = new Set(["bom-crlf.json", "bom-crlf.yaml", "proto-keys.json", "proto-keys.yaml"]);
/** Over a small configured limit only; the CLI's size refusal is tested through the manifest's limit below. */
const LOADER_ONLY = new Set(["over-limit.yaml"]);
const scratch = mkdtempSync(join(tmpdir(), "spec-kit-hostile-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(args: string[], cwd = ROOT): Run {
  const start = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 20_000, env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - start };
}

function expectNoStack(r: Run): void {
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe("hostile input through the CLI", () => {
  it("has the fixtures the loader refuses and accepts", () => {
    expect(readdirSync(HOSTILE)).toEqual(expect.arrayContaining(["alias-bomb.yaml", "custom-tag-js-function.yaml", "deep-nesting.json", "duplicate-key.json", "invalid-utf8.yaml", "empty.yaml"]));
  });

  for (const name of readdirSync(HOSTILE).filter((n) => !n.startsWith(".") && !LOADER_ONLY.has(n)).sort()) {
    it(`${name}: a located diagnostic, exit 1, no stack trace, no hang`, () => {
      const r = run(["validate", join("test", "fixtures", "hostile", name), "--format", "json"]);
      expectNoStack(r);
      expect(r.status).not.toBeNull();
      const report = JSON.parse(r.stdout) as { diagnostics: { ruleId: string; line: number; column: number }[] };
      const parse = report.diagnostics.filter((d) => d.ruleId === "protocol/parse");
      if (ACCEPTED.has(name)) {
        expect(parse).toEqual([]);
      } else {
        expect(r.status).toBe(1);
        expect(parse.length).toBe(1);
        expect(parse[0]!.line).toBeGreaterThanOrEqual(1);
        expect(parse[0]!.column).toBeGreaterThanOrEqual(1);
      }
    });
  }

  it("refuses a file over the manifest's size limit without reading it", () => {
    const bundle = join(scratch, "limits");
    mkdirSync(join(bundle, "phases"), { recursive: true });
    writeFileSync(join(bundle, "spec-kit.yaml"), "specKit: 1\nname: limits\nlimits:\n  maxFileBytes: 1024\n");
    writeFileSync(join(bundle, "phases", "P1.yaml"), `# ${"x".repeat(4096)}\n`);
    const r = run(["check", bundle, "--format", "json"]);
    expectNoStack(r);
    expect(r.status).toBe(1);
    const [diagnostic] = (JSON.parse(r.stdout) as { diagnostics: { ruleId: string; file: string; message: string }[] }).diagnostics;
    expect(diagnostic).toMatchObject({ ruleId: "protocol/parse", file: "phases/P1.yaml" });
    expect(diagnostic!.message).toMatch(/over the limit of 1024 bytes/);
  });

  it("refuses a link that leaves the bundle root", () => {
    const bundle = join(scratch, "escape");
    mkdirSync(join(bundle, "phases"), { recursive: true });
    writeFileSync(join(bundle, "spec-kit.yaml"), "specKit: 1\nname: escape\n");
    writeFileSync(join(scratch, "outside.yaml"), "secret: 1\n");
    symlinkSync(join(scratch, "outside.yaml"), join(bundle, "phases", "P1.yaml"));
    const r = run(["check", bundle, "--format", "json"]);
    expectNoStack(r);
    expect(r.status).toBe(1);
    const [diagnostic] = (JSON.parse(r.stdout) as { diagnostics: { ruleId: string; file: string; message: string; line: number }[] }).diagnostics;
    expect(diagnostic).toMatchObject({ ruleId: "protocol/parse", file: "phases/P1.yaml", line: 1 });
    expect(diagnostic!.message).toMatch(/leaves the bundle root/);
  });

  it("answers a path that does not exist with exit 2 and one line", () => {
    const r = run(["check", join(scratch, "nowhere")]);
    expectNoStack(r);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")[0]).toMatch(/^spec-kit: /);
  });
});
