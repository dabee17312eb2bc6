// contract/breaking through the real CLI: `spec-kit check specs --against REV` in a git
// repository built in a temp folder (base version committed, the change in the work tree), and
// `--against FOLDER`. Every breaking kind is asserted with its message and line:column (the new
// text), and the old location the message names; additive changes and version-namespace moves pass.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import rule from "../../../rules/contract/breaking.js";
import { checkFileMap } from "../../../cli/public-api.js";
import { CLI_TEST_TIMEOUT_MS, hasStackTrace, runCli } from "../../cli/spawn-cli.js";

const RULE = rule.id;
const scratch = mkdtempSync(join(tmpdir(), "spec-kit-breaking-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MANIFEST = ["specKit: 1", "name: breaking", "tenancy: {key: tenant_id, global_models: [Catalog]}", ""].join("\n");
const PROMPT = "{ id: UUID, objective: string, priority: 'P0' | 'P1' | 'P2', note?: string, score: number, link: string }";

const mission = (prompt: string, extra: readonly string[] = []): string =>
  [
    "mission: { id: m, title: M, system: S }",
    "actors: [{ name: Orchestrator }, { name: Runtime }]",
    "contracts:",
    "  - name: MissionPrompt",
    `    schema: "${prompt}"`,
    "    producers: [Orchestrator]",
    "    consumers: [Runtime]",
    ...extra,
    "",
  ].join("\n");

const phase = (models: readonly string[]): string =>
  [
    "phase_meta: {phase_id: P3, title: Events, priority: high, version: v1, owner: core}",
    "objective: {problem: p, outcome: o}",
    "invariants: [events are append-only]",
    "module_scope: {write_modules: [src/session], read_modules: [], external_surfaces: []}",
    "data_models:",
    ...models,
    "flow: {trigger: t, steps: [a], exit_conditions: []}",
    "guardrails: {runtime_gate: [], policy_gate: [tenant boundary], audit_trace: [trace_id, session_id, task_id, capability_id, version]}",
    "tests: {unit: [events are append-only], integration: [], e2e: []}",
    "acceptance: [lost events = 0]",
    "rollback: {trigger: t, action: a, target_version: v1}",
    "dependency_graph: {depends_on: [], unblocks: []}",
    "status: {stage: planned, completion: 0, risks: [], next_actions: []}",
    "",
  ].join("\n");

const LEASE = "  - {name: SessionLease, kind: table, keys: [lease_id, tenant_id], append_only: false}";
const EVENT = "  - {name: TraceEvent, kind: event, keys: [event_id, tenant_id, trace_id, task_id], append_only: true}";

const BASE: Record<string, string> = {
  "spec-kit.yaml": MANIFEST,
  "missions/m.yaml": mission(PROMPT),
  "phases/P3.yaml": phase([LEASE, EVENT]),
};

const repo = join(scratch, "repo");
const bundle = join(repo, "specs");

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } });
}

function writeBundle(dir: string, files: Readonly<Record<string, string>>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

beforeAll(() => {
  mkdirSync(repo, { recursive: true });
  git("init", "-q", "-b", "main");
  writeFileSync(join(repo, "README.md"), "fixture\n");
  git("add", "-A");
  git("commit", "-q", "-m", "before the bundle");
  git("tag", "before-specs");
  writeBundle(bundle, BASE);
  git("add", "-A");
  git("commit", "-q", "-m", "base");
});

interface Reported {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

/** `spec-kit check specs --against <against>` with the bundle's files replaced by `files`. */
function checkAgainst(files: Readonly<Record<string, string>>, against = "main"): { code: number | null; diagnostics: Reported[]; stderr: string } {
  writeBundle(bundle, files);
  const run = runCli(["check", "specs", "--against", against, "--format", "json"], { cwd: repo });
  expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
  const diagnostics = run.stdout ? (JSON.parse(run.stdout) as { diagnostics: Reported[] }).diagnostics : [];
  return { code: run.code, diagnostics, stderr: run.stderr };
}

/** The 1-based line and column of the first `needle` (after `after`, if given) in `text`. */
function at(text: string, needle: string, after = ""): { line: number; column: number } {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  if (offset < 0) throw new Error(`${needle} is not in the text`);
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

function breaking(result: { diagnostics: Reported[] }): Reported[] {
  return result.diagnostics.filter((d) => d.ruleId === RULE);
}

function expectOne(result: { code: number | null; diagnostics: Reported[] }, file: string, where: { line: number; column: number }, message: string): void {
  const found = breaking(result);
  expect(found.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([`${file}:${where.line}:${where.column} ${message}`]);
  expect(result.code).toBe(1);
}

const OLD_MISSION = BASE["missions/m.yaml"]!;
const OLD_PHASE = BASE["phases/P3.yaml"]!;
const was = (text: string, needle: string, file: string): string => {
  const { line, column } = at(text, needle);
  return `main:specs/${file}:${line}:${column}`;
};

describe(`${RULE} through check --against`, () => {
  it(
    "reports a removed field at the new schema, naming where it was in main",
    () => {
      const text = mission(PROMPT.replace(" objective: string,", ""));
      expectOne(
        checkAgainst({ ...BASE, "missions/m.yaml": text }),
        "missions/m.yaml",
        at(text, '"{ id'),
        `field "objective" of MissionPrompt was removed (it was at ${was(OLD_MISSION, "objective", "missions/m.yaml")}); readers still expect it: keep the old shape, or make the change in a new version namespace such as MissionPrompt.v2`,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports a renamed field at its new name",
    () => {
      const text = mission(PROMPT.replace("objective: string", "goal: string"));
      expectOne(
        checkAgainst({ ...BASE, "missions/m.yaml": text }),
        "missions/m.yaml",
        at(text, "goal"),
        `field "objective" of MissionPrompt was renamed to "goal" (it was at ${was(OLD_MISSION, "objective", "missions/m.yaml")}); data written before has the old name: keep the old shape, or make the change in a new version namespace such as MissionPrompt.v2`,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports a changed type",
    () => {
      const text = mission(PROMPT.replace("score: number", "score: string"));
      expectOne(
        checkAgainst({ ...BASE, "missions/m.yaml": text }),
        "missions/m.yaml",
        at(text, "score"),
        `field "score" of MissionPrompt changed type from number to string (it was at ${was(OLD_MISSION, "score", "missions/m.yaml")}): keep the old shape, or make the change in a new version namespace such as MissionPrompt.v2`,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports narrowed types: number to integer, string to URI",
    () => {
      const text = mission(PROMPT.replace("score: number", "score: integer").replace("link: string", "link: URI"));
      const found = breaking(checkAgainst({ ...BASE, "missions/m.yaml": text }));
      expect(found.map((d) => [d.line, d.column, d.message])).toEqual([
        [
          at(text, "score").line,
          at(text, "score").column,
          `field "score" of MissionPrompt was narrowed from number to integer (it was at ${was(OLD_MISSION, "score", "missions/m.yaml")}); data valid before is refused now: keep the old shape, or make the change in a new version namespace such as MissionPrompt.v2`,
        ],
        [
          at(text, "link").line,
          at(text, "link").column,
          `field "link" of MissionPrompt was narrowed from string to URI (it was at ${was(OLD_MISSION, "link", "missions/m.yaml")}); data valid before is refused now: keep the old shape, or make the change in a new version namespace such as MissionPrompt.v2`,
        ],
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports an optional field made required, and a new required field",
    () => {
      const text = mission(PROMPT.replace("note?: string", "note: string").replace("link: string", "link: string, owner: string"));
      const found = breaking(checkAgainst({ ...BASE, "missions/m.yaml": text }));
      expect(found.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
        `${at(text, "note").line}:${at(text, "note").column} field "note" of MissionPrompt was optional and is required now (it was at ${was(OLD_MISSION, "note", "missions/m.yaml")}); data written before may lack it: keep the old shape, or make the change in a new version namespace such as MissionPrompt.v2`,
        `${at(text, "owner").line}:${at(text, "owner").column} field "owner" of MissionPrompt is new and required (the contract was at ${was(OLD_MISSION, '"{ id', "missions/m.yaml")}); data written before lacks it: make it optional, or make the change in a new version namespace such as MissionPrompt.v2`,
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports a removed enum value",
    () => {
      const text = mission(PROMPT.replace(" | 'P2'", ""));
      expectOne(
        checkAgainst({ ...BASE, "missions/m.yaml": text }),
        "missions/m.yaml",
        at(text, "priority"),
        `value 'P2' of field "priority" of MissionPrompt was removed (it was at ${was(OLD_MISSION, "priority", "missions/m.yaml")}); data written before may hold it: keep the old shape, or make the change in a new version namespace such as MissionPrompt.v2`,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports a dropped tenant key, whether the key goes or the model turns global",
    () => {
      const lease = "  - {name: SessionLease, kind: table, keys: [lease_id], append_only: false}";
      const text = phase([lease, EVENT]);
      const result = checkAgainst({ ...BASE, "phases/P3.yaml": text });
      expectOne(
        result,
        "phases/P3.yaml",
        at(text, "[lease_id]"),
        `data model SessionLease dropped its tenant key tenant_id (it was at ${was(OLD_PHASE, "tenant_id", "phases/P3.yaml")}); its records can no longer be kept apart by tenant: keep the old shape, or make the change in a new version namespace such as SessionLease.v2`,
      );
      expect(result.diagnostics.map((d) => d.ruleId)).toContain("tenancy/tenant-key");
      const global = checkAgainst({ ...BASE, "spec-kit.yaml": MANIFEST.replace("[Catalog]", "[Catalog, SessionLease]") });
      expectOne(
        global,
        "phases/P3.yaml",
        at(OLD_PHASE, "tenant_id"),
        `data model SessionLease dropped its tenant key tenant_id (it was at ${was(OLD_PHASE, "tenant_id", "phases/P3.yaml")}); its records can no longer be kept apart by tenant: keep the old shape, or make the change in a new version namespace such as SessionLease.v2`,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports an append-only model made mutable at append_only",
    () => {
      const text = phase([LEASE, EVENT.replace("append_only: true", "append_only: false")]);
      expectOne(
        checkAgainst({ ...BASE, "phases/P3.yaml": text }),
        "phases/P3.yaml",
        at(text, "false", "TraceEvent"),
        `data model TraceEvent was append-only and is mutable now (it was at ${`main:specs/phases/P3.yaml:${at(OLD_PHASE, "true", "TraceEvent").line}:${at(OLD_PHASE, "true", "TraceEvent").column}`}); its recorded history could be rewritten: keep the old shape, or make the change in a new version namespace such as TraceEvent.v2`,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports a removed contract without a successor",
    () => {
      const text = phase([LEASE]);
      expectOne(
        checkAgainst({ ...BASE, "phases/P3.yaml": text }),
        "phases/P3.yaml",
        at(text, "- {name: SessionLease"),
        `contract "TraceEvent" was removed (it was at ${was(OLD_PHASE, "TraceEvent", "phases/P3.yaml")}); its readers still expect it: keep it, or declare its successor TraceEvent.v2`,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "passes additive changes: an optional field, an enum value, a widened type, a new contract and model",
    () => {
      const prompt = PROMPT.replace("'P2'", "'P2' | 'P3'").replace("link: string", "link: string, tags?: string[]");
      const extra = [`  - { name: Heartbeat, schema: "{ at: timestamp }", producers: [Orchestrator], consumers: [Runtime] }`];
      const event = "  - {name: ReplayRun, kind: event, keys: [run_id, tenant_id, trace_id, task_id], append_only: true}";
      const result = checkAgainst({ ...BASE, "missions/m.yaml": mission(prompt, extra), "phases/P3.yaml": phase([LEASE, EVENT, event]) });
      expect(result.diagnostics).toEqual([]);
      expect(result.code).toBe(0);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "passes a move to a new version namespace: beside the old contract, or replacing it",
    () => {
      const v2 = [`  - { name: MissionPrompt.v2, schema: "${PROMPT.replace(" | 'P2'", "").replace("score: number", "score: integer")}", producers: [Orchestrator], consumers: [Runtime] }`];
      const beside = checkAgainst({ ...BASE, "missions/m.yaml": mission(PROMPT, v2) });
      expect(beside.diagnostics).toEqual([]);
      expect(beside.code).toBe(0);
      const replaced = mission(PROMPT, v2).replace(/ {2}- name: MissionPrompt\n.*\n.*\n.*\n/, "");
      expect(replaced).not.toContain("- name: MissionPrompt\n");
      const moved = checkAgainst({ ...BASE, "missions/m.yaml": replaced });
      expect(breaking(moved)).toEqual([]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "compares with a folder holding the other version",
    () => {
      const old = join(scratch, "released");
      writeBundle(old, BASE);
      const text = mission(PROMPT.replace(" | 'P2'", ""));
      const result = checkAgainst({ ...BASE, "missions/m.yaml": text }, old);
      const [finding] = breaking(result);
      expect(finding?.message).toContain(`(it was at ${old}/missions/m.yaml:${at(OLD_MISSION, "priority").line}:${at(OLD_MISSION, "priority").column})`);
      expect([finding?.line, finding?.column]).toEqual([at(text, "priority").line, at(text, "priority").column]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "exits 2 with one line when the revision does not exist or holds no bundle",
    () => {
      const unknown = checkAgainst(BASE, "no-such-branch");
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim().split("\n")[0]).toMatch(/^spec-kit: --against no-such-branch: neither a folder nor a revision of the repository at /);
      const blob = checkAgainst(BASE, "main:README.md");
      expect(blob.code).toBe(2);
      const empty = checkAgainst(BASE, "before-specs");
      expect(empty.code).toBe(2);
      expect(empty.stderr.trim()).toBe("spec-kit: --against before-specs (specs/): no spec-kit manifest there (spec-kit.yaml or spec-kit.json)");
      const option = checkAgainst(BASE, "-x");
      expect(option.code).toBe(2);
      expect(hasStackTrace(option.stderr)).toBe(false);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe(`${RULE} examples`, () => {
  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFileMap(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([RULE]);
    expect(failing[0]!.message).toMatch(/^value 'P2' of field "priority" of MissionPrompt was removed \(it was at against\/missions\/m\.yaml:4:\d+\)/);
    expect(checkFileMap(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
