import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../../cli/cli-io.js";
import { runCli } from "../../../cli/run-cli.js";
import { diagnosticsOf } from "../../code/code-helpers.js";

function phase(id: string, stage: string, completion: number, writes: string): string {
  return `phase_meta: {phase_id: ${id}, title: Phase ${id}, priority: high, version: v1, owner: core}
objective: {problem: work is unbounded, outcome: work stays in scope}
invariants: [scope holds]
module_scope: {write_modules: [${writes}], read_modules: [], external_surfaces: []}
data_models: []
flow: {trigger: start, steps: [work], exit_conditions: [done]}
guardrails: {runtime_gate: [budget, timeout, sandbox, token], policy_gate: [approval], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [scope holds], integration: [], e2e: []}
acceptance: [files outside scope = 0]
rollback: {trigger: scope broken, action: revert, target_version: v1}
dependency_graph: {depends_on: [], unblocks: []}
status: {stage: ${stage}, completion: ${completion}, risks: [], next_actions: [continue]}
`;
}

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", HOME: tmpdir() };

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", args, { cwd, env: GIT_ENV, stdio: "ignore" });
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function recordingIo(): CliIo & { out: string; err: string } {
  const io = { out: "", err: "", env: {}, stdout: { write: (text: string) => (io.out += text), isTTY: false }, stderr: { write: (text: string) => (io.err += text) } };
  return io;
}

describe("code/write-scope on a temporary git repository", () => {
  const repo = mkdtempSync(join(tmpdir(), "spec-kit-write-scope-"));
  const bundle = join(repo, "specs");
  beforeAll(() => {
    git(repo, "init", "-q");
    write(repo, {
      "specs/spec-kit.yaml": "specKit: 1\nname: scoped\n",
      "specs/phases/P1.yaml": phase("P1", "in_progress", 0.5, "src/a"),
      "specs/phases/P2.yaml": phase("P2", "planned", 0, "src/b"),
      "specs/src/a/x.ts": "export const x = 1;\n",
      "specs/src/b/y.ts": "export const y = 1;\n",
      "README.md": "readme\n",
    });
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "base");
    write(repo, { "specs/src/a/x.ts": "export const x = 2;\n", "specs/src/b/y.ts": "export const y = 2;\n", "README.md": "changed\n" });
    write(repo, { "specs/src/a/new.ts": "export const added = 1;\n", ".gitignore": "*.log\n", "specs/debug.log": "ignored\n" });
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("reports each changed file outside the write_modules of the phases in progress", () => {
    expect(diagnosticsOf(bundle, "code/write-scope", { diff: "HEAD" })).toEqual([
      { file: "../.gitignore", at: "1:1-1:1", message: "../.gitignore changed outside the write_modules of P1 (src/a)" },
      { file: "../README.md", at: "1:1-1:1", message: "../README.md changed outside the write_modules of P1 (src/a)" },
      { file: "src/b/y.ts", at: "1:1-1:1", message: "src/b/y.ts changed outside the write_modules of P1 (src/a)" },
    ]);
  });

  it("uses the named phases instead when --phase is given", () => {
    expect(diagnosticsOf(bundle, "code/write-scope", { diff: "HEAD", phases: ["P2"] }).map((d) => d.file)).toEqual(["../.gitignore", "../README.md", "src/a/new.ts", "src/a/x.ts"]);
    expect(diagnosticsOf(bundle, "code/write-scope", { diff: "HEAD", phases: ["P1", "P2"] }).map((d) => d.file)).toEqual(["../.gitignore", "../README.md"]);
  });

  it("reports a --phase that names no phase", () => {
    expect(diagnosticsOf(bundle, "code/write-scope", { diff: "HEAD", phases: ["P9"] }).map((d) => d.message)).toEqual([
      "../.gitignore changed while no phase is in progress (name one with --phase)",
      "../README.md changed while no phase is in progress (name one with --phase)",
      "--phase P9 names no phase of the bundle",
      "src/a/new.ts changed while no phase is in progress (name one with --phase)",
      "src/a/x.ts changed while no phase is in progress (name one with --phase)",
      "src/b/y.ts changed while no phase is in progress (name one with --phase)",
    ]);
  });

  it("does nothing without --diff", () => {
    expect(diagnosticsOf(bundle, "code/write-scope")).toEqual([]);
  });

  it("is wired to check --diff and --phase, and a bad revision exits 2 without a stack trace", async () => {
    const io = recordingIo();
    expect(await runCli(["check", bundle, "--diff", "HEAD", "--phase", "P1", "--phase", "P2", "--format", "json"], io)).toBe(1);
    const report = JSON.parse(io.out) as { diagnostics: { ruleId: string; file: string }[] };
    expect(report.diagnostics.filter((d) => d.ruleId === "code/write-scope").map((d) => d.file)).toEqual(["../.gitignore", "../README.md"]);
    const after = recordingIo();
    expect(await runCli(["check", "--diff", "HEAD", "--phase", "P1", "--phase", "P2", bundle, "--format", "json"], after)).toBe(1);
    expect(after.out).toBe(io.out);
    const single = recordingIo();
    expect(await runCli(["check", "--diff", "HEAD", "--phase", "P2", bundle, "--format", "json"], single)).toBe(1);
    expect((JSON.parse(single.out) as { diagnostics: { ruleId: string }[] }).diagnostics.some((d) => d.ruleId === "manifest/schema")).toBe(false);
    const bad = recordingIo();
    expect(await runCli(["check", bundle, "--diff", "no-such-revision"], bad)).toBe(2);
    expect(bad.err).toMatch(/git diff --name-only --no-renames -z no-such-revision -- failed/);
    expect(bad.err).not.toMatch(/\n\s+at /);
  });
});

describe("check --code", () => {
  it("checks the code under DIR, and exits 2 for a folder that does not exist", async () => {
    const root = mkdtempSync(join(tmpdir(), "spec-kit-code-flag-"));
    try {
      write(root, {
        "spec-kit.yaml": "specKit: 1\nname: flagged\nlayers:\n  - {id: app, modules: [lib/app]}\n",
        "lib/app/a.ts": 'import "./b.js";\n',
        "lib/app/b.ts": 'import "./a.js";\n',
        "lib/stray.ts": "export {};\n",
      });
      const io = recordingIo();
      expect(await runCli(["check", root, "--code", join(root, "lib"), "--format", "json"], io)).toBe(1);
      const ids = (JSON.parse(io.out) as { diagnostics: { ruleId: string; file: string }[] }).diagnostics.map((d) => `${d.ruleId} ${d.file}`);
      expect(ids).toEqual(["code/no-cycle lib/app/a.ts", "code/unmapped-file lib/stray.ts"]);
      const plain = recordingIo();
      expect(await runCli(["check", root, "--format", "json"], plain)).toBe(0);
      const missing = recordingIo();
      expect(await runCli(["check", root, "--code", join(root, "nope")], missing)).toBe(2);
      expect(missing.err).toMatch(/no such folder/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
