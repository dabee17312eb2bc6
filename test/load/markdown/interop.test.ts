// GitHub spec-kit's tasks.md and OpenSpec's spec.md, written as their documentation shows them,
// load into the task graph as tasks and requirements; a dependency cycle written in tasks.md is
// reported by graph/no-cycle with its whole path, at the Markdown that closes it.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { bindGraph } from "../../../compiler/bind/bind-graph.js";
import { loadBundle } from "../../../compiler/validate/validate-bundle.js";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";
import { memoryHost } from "../../helpers/memory-host.js";
import { REPO_ROOT } from "../../emit/emit-input.js";

const ROOT = join(REPO_ROOT, "test", "fixtures", "markdown", "interop");

function files(dir = ROOT): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, files(path));
    else out[relative(ROOT, path).split("\\").join("/")] = readFileSync(path, "utf8");
  }
  return out;
}

const TASKS = "specs/001-photo-albums/tasks.md";

describe("tasks.md and OpenSpec interop", () => {
  const fixture = files();

  it("checks clean", () => {
    expect(checkFiles(fixture).diagnostics).toEqual([]);
  });

  it("reads tasks with their phases, [P] markers, stories, checkboxes and dependencies into the graph", () => {
    const { bundle } = loadBundle(memoryHost(fixture));
    const graph = bindGraph(bundle!);
    const tasks = graph.nodes("task");
    expect(tasks.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `task:tasks-001-photo-albums/T00${n}`));
    expect(tasks[3]).toMatchObject({ label: "T004 Contract test POST /albums in tests/contract/test_albums_post.ts", group: "Phase 2: User Story 1 - Organize photos into albums (Priority: P1)" });
    const doc = bundle!.missions.find((m) => m.document.file === TASKS)!;
    const data = doc.data as { tasks: Record<string, unknown>[] };
    expect(data.tasks[0]).toMatchObject({ id: "T001", done: true, phase: "Phase 1: Setup" });
    expect(data.tasks[3]).toMatchObject({ id: "T004", parallel: true, story: "US1", done: false });
    const deps = (id: string) => graph.successors(`task:tasks-001-photo-albums/${id}`, "depends_on").map((to) => to.split("/")[1]);
    expect(deps("T004")).toEqual(["T001", "T002", "T003"]);
    expect(deps("T006")).toEqual(["T001", "T002", "T003", "T004", "T005"]);
    expect(deps("T007")).toEqual(["T001", "T002", "T003", "T006"]);
    expect(deps("T009")).toEqual(["T007", "T008"]);
    // An edge's source lands on the task id in the Markdown.
    const edge = graph.outEdges("task:tasks-001-photo-albums/T009", "depends_on")[0]!;
    expect(doc.document.locate(edge.source.path)).toMatchObject({ line: 32, column: 19 });
  });

  it("reads OpenSpec requirements with their scenarios", () => {
    const { bundle } = loadBundle(memoryHost(fixture));
    const graph = bindGraph(bundle!);
    expect(graph.nodes("requirement").map((r) => [r.id, r.label])).toEqual([
      ["requirement:auth/session-expiry", "The system MUST expire a session after 30 minutes without activity."],
      ["requirement:auth/user-authentication", "The system SHALL issue a JWT on successful login."],
    ]);
    const doc = bundle!.missions.find((m) => m.document.file === "openspec/specs/auth/spec.md")!;
    expect((doc.data as { requirements: unknown[] }).requirements[0]).toEqual({
      id: "user-authentication",
      title: "User Authentication",
      section: "Requirements",
      text: "The system SHALL issue a JWT on successful login.",
      scenarios: [
        { name: "Valid credentials", text: "WHEN a user submits valid credentials\nTHEN a JWT is returned" },
        { name: "Invalid credentials", text: "WHEN a user submits an unknown password\nTHEN the login is refused with 401" },
      ],
    });
  });

  it("reports a dependency cycle written in tasks.md with its path, at the line that closes it", () => {
    const result = checkFiles({ ...fixture, [TASKS]: `${fixture[TASKS]!}- T005 depends on T009\n` });
    // The path starts at the smallest id; the edge that closes it is T006's own "(depends on T005)".
    expectDiagnostics(result, "graph/no-cycle", [
      { ruleId: "graph/no-cycle", messageId: "cycle", file: TASKS, line: 19, column: 86, message: "T005 -> T009 -> T007 -> T006 -> T005" },
    ]);
  });

  it("reports what it cannot read: an unknown task, a dependency line without a verb, a requirement without SHALL or MUST", () => {
    const result = checkFiles({
      ...fixture,
      [TASKS]: `${fixture[TASKS]!}- T010 depends on T002\n- T003 and T004 go together\n`,
      "openspec/specs/auth/spec.md": `${fixture["openspec/specs/auth/spec.md"]!}\n### Requirement: Audit\nLogins are logged.\n`,
    });
    expectDiagnostics(result, "mission/markdown", [
      { ruleId: "mission/markdown", messageId: "noNormative", file: "openspec/specs/auth/spec.md", line: 26, column: 1, message: 'requirement "Audit" states neither SHALL nor MUST' },
      { ruleId: "mission/markdown", messageId: "unknownTask", file: TASKS, line: 33, column: 3, message: "task T010 is named in a dependency but is no task of this list" },
      { ruleId: "mission/markdown", messageId: "unreadDependency", file: TASKS, line: 34, column: 3 },
    ]);
  });
});
