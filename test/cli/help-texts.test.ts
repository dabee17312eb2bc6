// `--help` explains with examples that work: every example is printed whole on one line (never
// wrapped mid-command), names only what a user has (no documents of ours, no bundle that does not
// exist), and runs in a project that keeps its bundle in specs/, as the README sets one up.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { explainRule, formatExplanation } from "../../cli/commands/explain.js";
import { LAZY_COMMANDS } from "../../cli/commands/lazy-commands.js";
import { ALL_RULES } from "../../rules/index.js";
import { BIN, CLI_TEST_TIMEOUT_MS, REPO_ROOT, SPAWN_TIMEOUT_MS, runCli } from "./spawn-cli.js";

/** One example of a command's help: its command line and what it says it does. */
interface HelpExample {
  verb: string;
  command: string;
  description: string;
}

/** Programs an example may start with besides spec-kit. */
const OTHER_PROGRAMS = /^(git|tar|curl|SOURCE_DATE_EPOCH=\d+ spec-kit) /;

/** The examples of one command's `--help` (non-TTY: 100 columns), in order. */
function examplesOf(verb: string, help: string): HelpExample[] {
  const lines = help.split("\n");
  const start = lines.indexOf("Examples:");
  if (start < 0) return [];
  const out: HelpExample[] = [];
  let comment: string | undefined;
  for (const raw of lines.slice(start + 1)) {
    if (raw.trim() === "") break;
    const line = raw.trim();
    if (line.startsWith("# ")) {
      comment = line.slice(2);
      continue;
    }
    const columns = /^(.*?\S)\s{2,}(\S.*)$/.exec(line);
    if (comment !== undefined) out.push({ verb, command: line, description: comment });
    else out.push({ verb, command: columns?.[1] ?? line, description: columns?.[2] ?? "" });
    comment = undefined;
  }
  return out;
}

const helps = new Map(LAZY_COMMANDS.map((command) => [command.name, runCli([command.name, "--help"]).stdout]));
const examples = [...helps].flatMap(([verb, help]) => examplesOf(verb, help));

describe("--help texts", () => {
  it("give every command examples, each a whole command line with what it does", () => {
    for (const verb of helps.keys()) expect(examples.some((example) => example.verb === verb), verb).toBe(true);
    for (const example of examples) {
      expect(example.command, `${example.verb}: a line that is no command (a wrapped one?)`).toMatch(new RegExp(`^spec-kit |^spec-kit$|${OTHER_PROGRAMS.source}`));
      expect(example.description, example.command).not.toBe("");
    }
    // No line of any help text runs past the width it is laid out for.
    for (const [verb, help] of helps) for (const line of help.split("\n")) expect(line.length, `${verb}: ${line}`).toBeLessThanOrEqual(100);
  });

  it("cite no document a user lacks and no bundle that does not exist", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
    const texts = [runCli(["--help"]).stdout, ...helps.values(), ...ALL_RULES.map((rule) => formatExplanation(explainRule(rule)))];
    for (const text of texts) {
      expect(text).not.toMatch(/INTERFACE|seed 00\d|§|specs\/autoloop/);
    }
  });
});

describe("the examples run", () => {
  const project = mkdtempSync(join(tmpdir(), "spec-kit-examples-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  cpSync(join(REPO_ROOT, "specs"), join(project, "specs"), { recursive: true });
  mkdirSync(join(project, ".bin"));
  writeFileSync(join(project, ".bin", "spec-kit"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(project, ".bin", "spec-kit"), 0o755);
  const git = (...args: string[]) => spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: project, encoding: "utf8" });
  const hasGit = git("init", "-q").status === 0;
  // `check --against main` compares with the bundle as committed on main; `--against released/specs` with a copy.
  if (hasGit) {
    git("add", "-A", "specs");
    git("commit", "-q", "-m", "specs");
    git("branch", "-M", "main");
  }
  cpSync(join(REPO_ROOT, "specs"), join(project, "released", "specs"), { recursive: true });
  const hasDot = spawnSync("dot", ["-V"]).status === 0;

  /** Runs one example line in a shell, in the project (or a folder of it), with spec-kit on the PATH. */
  function sh(command: string, cwd = project): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync("sh", ["-c", command], {
      cwd,
      encoding: "utf8",
      timeout: SPAWN_TIMEOUT_MS,
      env: { ...process.env, PATH: `${join(project, ".bin")}${delimiter}${process.env["PATH"] ?? ""}`, NO_COLOR: "1" },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  // Examples that need what the project lacks are left out, each with its reason.
  const skipped: Readonly<Record<string, string>> = {
    serve: "starts a server that runs until stopped",
    verify: "runs the generated suites and lint on a clean copy (minutes); its paths are checked below",
    watch: "runs until stopped",
    ledger: "needs a ledger, which verify writes",
    curl: "needs a running server",
  };
  const reasonToSkip = (example: HelpExample): string | undefined =>
    example.verb === "serve" ? skipped["serve"] : example.verb === "verify" ? skipped["verify"] : example.command.includes("--watch") ? skipped["watch"] : example.command === "spec-kit evidence log generated" ? skipped["ledger"] : undefined;

  // Apply before lint and evidence, which read what it writes; keygen (whose second example signs) after it.
  const order = ["check", "validate", "explain", "rules", "graph", "apply", "keygen", "lint", "evidence"];
  const runnable = examples
    .filter((example) => reasonToSkip(example) === undefined && order.includes(example.verb))
    .sort((a, b) => order.indexOf(a.verb) - order.indexOf(b.verb));

  it(
    "every example of check, validate, explain, rules, graph, keygen, apply, lint and evidence runs (exit 0, or 1 for what it reports)",
    () => {
      for (const example of runnable) {
        if (example.command.includes("| dot ") && !hasDot) continue;
        if ((example.command.startsWith("git ") || example.command.includes("--against main")) && !hasGit) continue;
        // "check the bundle in this folder, or the nearest one above it": from inside the bundle.
        const cwd = example.command === "spec-kit check" ? join(project, "specs", "phases") : project;
        const result = sh(example.command, cwd);
        expect([0, 1], `${example.command}\n${result.stdout}\n${result.stderr}`).toContain(result.code);
        expect(result.stderr, example.command).not.toMatch(/^spec-kit: /m);
      }
      expect(existsSync(join(project, "generated", "evidence", "manifest.dsse.json"))).toBe(true);
    },
    CLI_TEST_TIMEOUT_MS * 2,
  );

  it(
    "every example of init runs in an empty folder, and what it writes checks clean",
    () => {
      const inits = examples.filter((example) => example.verb === "init");
      expect(inits.length).toBeGreaterThan(0);
      for (const [index, example] of inits.entries()) {
        const empty = join(project, `empty-${index}`);
        mkdirSync(empty);
        const result = sh(example.command, empty);
        expect(result.code, `${example.command}\n${result.stderr}`).toBe(0);
        expect(sh("spec-kit check", join(empty, example.command.includes(" specs") ? "specs" : "."))).toMatchObject({ code: 0 });
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "the staged-files example of validate runs nothing when nothing is staged, and checks what is",
    () => {
      const staged = examples.find((example) => example.verb === "validate" && example.command.startsWith("git "));
      expect(staged).toBeDefined();
      if (!hasGit) return;
      expect(sh(staged!.command)).toMatchObject({ code: 0, stderr: "" });
      writeFileSync(join(project, "specs", "phases", "P2.yaml"), "phase_meta: [\n");
      git("add", "specs/phases/P2.yaml");
      const result = sh(staged!.command);
      // xargs exits 123 when the command it ran exited 1.
      expect(result.code).not.toBe(0);
      expect(result.stdout).toContain("specs/phases/P2.yaml");
      git("rm", "-q", "--cached", "specs/phases/P2.yaml");
      git("add", "specs/phases/P3.yaml");
      rmSync(join(project, "specs", "phases", "P3.yaml"));
      // A staged deletion is not handed to validate (it would be "no such file").
      git("add", "-A", "specs/phases/P3.yaml");
      expect(sh(staged!.command)).toMatchObject({ code: 0 });
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it("the examples not run name only what the project has, or what an example before them writes", () => {
    for (const example of examples.filter((candidate) => reasonToSkip(candidate) !== undefined)) {
      for (const path of example.command.split(/\s+/).filter((word) => /^(specs|keys|generated)(\/|$)/.test(word))) {
        expect(existsSync(join(project, path)), `${example.command}: ${path}`).toBe(true);
      }
    }
  });
});
