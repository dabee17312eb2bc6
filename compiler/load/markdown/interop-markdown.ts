/**
 * Reads the Markdown of the two spec-driven tools teams already use into the mission model, so
 * that spec-kit's graph checks and evidence run on them:
 *
 * - GitHub spec-kit's `tasks.md`: `- [ ] T001 [P] [US1] Title` items under `## Phase …`
 *   headings become tasks (id, title, phase, parallel marker, story, done), and the lines of
 *   a `## Dependencies` section (`T002 depends on T001`, `T001 blocks T002, T003`,
 *   `Tests (T004-T007) before implementation (T008-T014)`) and `(depends on T001)` inside a
 *   task become `depends_on` edges, which graph/no-cycle checks for cycles.
 * - OpenSpec's `specs/<capability>/spec.md`: each `### Requirement: <name>` with its text and
 *   its `#### Scenario: <name>` blocks becomes a requirement; a requirement without SHALL or
 *   MUST is a note, as OpenSpec's own validation has it.
 */
import type { Heading, ListItem, Root, RootContent } from "mdast";
import type { MessageData } from "../../diagnostics.js";
import { sliceFlat, spanOf, trimFlat, type FlatText } from "./flat-text.js";
import type { MarkdownMessageId } from "./markdown-messages.js";
import { ArrayBuilder, flatOf, kebabId, ObjectBuilder, plainString, span, stringOf, systemOf, type Built, type MarkdownMission, type MarkdownNote } from "./mission-markdown.js";

const TASK = /^\s*(?:\[([ xX])\]\s*)?(T\d{1,6})\b\s*/;
const TASK_ID = /\bT\d{1,6}\b/g;
const RANGE = /\b(T)(\d{1,6})\s*[-–]\s*T?(\d{1,6})\b/g;

/** Most task ids one range (`T001-T999`) expands to. */
const MAX_RANGE = 1000;

function folderOf(file: string): string {
  const parts = file.split("/");
  return parts.length >= 2 ? parts[parts.length - 2]! : "";
}

function headingText(node: Heading, source: string): FlatText {
  return trimFlat(flatOf(node, source));
}

class Notes {
  readonly list: MarkdownNote[] = [];
  add(messageId: MarkdownMessageId, at: readonly [number, number], data: MessageData): void {
    this.list.push({ messageId, start: at[0], end: at[1], data });
  }
}

function missionHeader(root: ObjectBuilder, id: string, title: FlatText | undefined, fallbackTitle: string): void {
  const mission = new ObjectBuilder(0, 0);
  const at: [number, number] = title ? spanOf(title, 0) : [0, 0];
  mission.node.start = at[0];
  mission.node.end = at[1];
  const text = title?.text || fallbackTitle;
  mission.set("id", at, plainString(id, ...at));
  mission.set("title", at, title && title.text !== "" ? stringOf(title, at[0]) : plainString(text, ...at));
  mission.set("system", at, plainString(systemOf(text.replace(/^(tasks|specification)\s*:\s*/i, "")), ...at));
  root.set("mission", at, mission.built);
}

/** The task ids a flat text names, ranges expanded, each with its span. */
function taskRefs(flat: FlatText): { id: string; flat: FlatText }[] {
  const out: { id: string; flat: FlatText }[] = [];
  const inRange = new Set<number>();
  for (const match of flat.text.matchAll(RANGE)) {
    const from = Number(match[2]);
    const to = Number(match[3]);
    const width = match[2]!.length;
    const part = sliceFlat(flat, match.index, match.index + match[0].length);
    for (let i = match.index; i < match.index + match[0].length; i++) inRange.add(i);
    if (to < from || to - from > MAX_RANGE) continue;
    for (let n = from; n <= to; n++) out.push({ id: `T${String(n).padStart(width, "0")}`, flat: part });
  }
  for (const match of flat.text.matchAll(TASK_ID)) {
    if (inRange.has(match.index)) continue;
    out.push({ id: match[0], flat: sliceFlat(flat, match.index, match.index + match[0].length) });
  }
  return out;
}

interface TaskBuild {
  id: string;
  object: ObjectBuilder;
  deps: ArrayBuilder;
  seen: Set<string>;
}

function readTasks(tree: Root, source: string, file: string): MarkdownMission {
  const notes = new Notes();
  const root = new ObjectBuilder(0, source.length);
  const tasks: TaskBuild[] = [];
  const byId = new Map<string, TaskBuild>();
  const dependencyLines: { flat: FlatText; at: [number, number] }[] = [];
  let title: FlatText | undefined;
  let phase: string | undefined;
  let inDependencies = false;

  const addDependency = (task: TaskBuild, ref: { id: string; flat: FlatText }): void => {
    if (ref.id === task.id || task.seen.has(ref.id)) return;
    task.seen.add(ref.id);
    const [start, end] = spanOf(ref.flat, 0);
    task.deps.push({ value: ref.id, node: { start, end } });
  };

  const readItem = (item: ListItem): void => {
    const first = item.children[0];
    if (first?.type !== "paragraph") return;
    const flat = trimFlat(flatOf(first, source));
    if (inDependencies) {
      dependencyLines.push({ flat, at: span(first) });
      return;
    }
    const match = TASK.exec(flat.text);
    if (!match) return;
    const id = match[2]!;
    let rest = trimFlat(sliceFlat(flat, match[0].length));
    const task = new ObjectBuilder(...span(first));
    const idFlat = sliceFlat(flat, match.index + match[0].indexOf(id), match.index + match[0].indexOf(id) + id.length);
    const idSpan = spanOf(idFlat, span(first)[0]);
    task.set("id", idSpan, stringOf(idFlat, idSpan[0]));
    let parallel = false;
    let story: FlatText | undefined;
    for (;;) {
      const marker = /^\[([^\]\s]{1,12})\]\s*/.exec(rest.text);
      if (!marker) break;
      if (marker[1] === "P") parallel = true;
      else story ??= sliceFlat(rest, 1, 1 + marker[1]!.length);
      rest = trimFlat(sliceFlat(rest, marker[0].length));
    }
    task.set("title", idSpan, stringOf(rest, idSpan[1]));
    if (phase !== undefined) task.set("phase", idSpan, plainString(phase, ...idSpan));
    const flag = (value: boolean): Built => ({ value, node: { start: idSpan[0], end: idSpan[1] } });
    if (parallel) task.set("parallel", idSpan, flag(true));
    if (story) task.set("story", spanOf(story, idSpan[0]), stringOf(story, idSpan[0]));
    if (match[1] !== undefined) task.set("done", idSpan, flag(match[1] !== " "));
    const build: TaskBuild = { id, object: task, deps: new ArrayBuilder(idSpan[1], idSpan[1]), seen: new Set() };
    tasks.push(build);
    if (!byId.has(id)) byId.set(id, build);
    // `(depends on T001, T002)` inside the task's own text.
    const inline = /\b(?:depends on|after|requires|blocked by)\b([^)]*)/i.exec(rest.text);
    if (inline) pendingInline.push({ task: build, flat: sliceFlat(rest, inline.index + inline[0].length - inline[1]!.length, inline.index + inline[0].length) });
  };
  const pendingInline: { task: TaskBuild; flat: FlatText }[] = [];

  const visit = (node: RootContent, depth: number): void => {
    if (node.type === "heading") {
      const text = headingText(node, source);
      if (node.depth === 1 && title === undefined) {
        title = text;
        return;
      }
      inDependencies = /dependenc/i.test(text.text) || /execution order/i.test(text.text);
      if (!inDependencies) phase = text.text;
      return;
    }
    if (node.type === "list" && depth < 4) {
      for (const item of node.children) {
        readItem(item);
        for (const child of item.children.slice(1)) visit(child, depth + 1);
      }
    }
  };
  for (const node of tree.children) visit(node, 0);

  for (const { task, flat } of pendingInline) for (const ref of taskRefs(flat)) addDependency(task, ref);
  for (const { flat, at } of dependencyLines) {
    const refs = taskRefs(flat);
    if (refs.length === 0) continue;
    const blocks = /\bblocks\b/i.exec(flat.text);
    const before = /\bbefore\b/i.exec(flat.text);
    const dependsOn = /\b(?:depends on|after|requires|blocked by)\b/i.exec(flat.text);
    const pivot = blocks ?? before ?? dependsOn;
    if (!pivot) {
      notes.add("unreadDependency", spanOf(flat, at[0]), { text: flat.text.slice(0, 80) });
      continue;
    }
    const left = taskRefs(sliceFlat(flat, 0, pivot.index));
    const right = taskRefs(sliceFlat(flat, pivot.index + pivot[0].length));
    const [first, then] = pivot === dependsOn ? [right, left] : [left, right];
    if (first.length === 0 || then.length === 0) {
      notes.add("unreadDependency", spanOf(flat, at[0]), { text: flat.text.slice(0, 80) });
      continue;
    }
    for (const later of then) {
      const task = byId.get(later.id);
      if (!task) {
        notes.add("unknownTask", spanOf(later.flat, at[0]), { task: later.id });
        continue;
      }
      for (const earlier of first) {
        if (!byId.has(earlier.id)) notes.add("unknownTask", spanOf(earlier.flat, at[0]), { task: earlier.id });
        else addDependency(task, earlier);
      }
    }
  }

  missionHeader(root, kebabId(`tasks ${folderOf(file) || file.replace(/\.md$/i, "")}`), title, "Tasks");
  const list = new ArrayBuilder(source.length, 0);
  for (const task of tasks) {
    if (task.deps.value.length > 0) task.object.set("depends_on", [task.deps.node.start, task.deps.node.start], task.deps.built);
    list.push(task.object.built);
  }
  if (list.value.length > 0) root.set("tasks", [list.node.start, list.node.start], list.built);
  return { value: root.value, positions: root.node, notes: notes.list };
}

function readOpenSpec(tree: Root, source: string, file: string): MarkdownMission {
  const notes = new Notes();
  const root = new ObjectBuilder(0, source.length);
  const list = new ArrayBuilder(source.length, 0);
  let title: FlatText | undefined;
  let current: { object: ObjectBuilder; name: string; text: FlatText[]; scenarios: ArrayBuilder; scenario?: { object: ObjectBuilder; steps: FlatText[] }; at: [number, number] } | undefined;
  const ids = new Set<string>();

  const closeScenario = (): void => {
    const scenario = current?.scenario;
    if (!current || !scenario) return;
    const steps = scenario.steps;
    if (steps.length > 0) {
      const [start] = spanOf(steps[0]!, scenario.object.node.start);
      scenario.object.set("text", [start, start], plainString(steps.map((step) => step.text.replace(/\r?\n/g, " ")).join("\n"), start, spanOf(steps[steps.length - 1]!, start)[1]));
    }
    current.scenarios.push(scenario.object.built);
    current.scenario = undefined;
  };
  const close = (): void => {
    closeScenario();
    if (!current) return;
    const { object, name, text, scenarios, at } = current;
    const body = text.map((part) => part.text.replace(/\r?\n/g, " ")).join("\n\n");
    if (!/\b(SHALL|MUST)\b/.test(body)) notes.add("noNormative", at, { name });
    if (text.length > 0) {
      const [start] = spanOf(text[0]!, at[0]);
      object.set("text", [start, start], text.length === 1 ? stringOf(text[0]!, start) : plainString(body, start, spanOf(text[text.length - 1]!, start)[1]));
    } else object.set("text", at, plainString(name, ...at));
    if (scenarios.value.length > 0) object.set("scenarios", [scenarios.node.start, scenarios.node.start], scenarios.built);
    list.push(object.built);
    current = undefined;
  };

  for (const node of tree.children) {
    if (node.type === "heading") {
      const text = headingText(node, source);
      if (node.depth === 1 && title === undefined) {
        title = text;
        continue;
      }
      const requirement = /^requirement\s*:\s*/i.exec(text.text);
      const scenario = /^scenario\s*:\s*/i.exec(text.text);
      if (requirement) {
        close();
        const name = trimFlat(sliceFlat(text, requirement[0].length));
        const at = span(node);
        const object = new ObjectBuilder(...at);
        let id = kebabId(name.text).slice(0, 56);
        for (let n = 2; ids.has(id); n++) id = `${kebabId(name.text).slice(0, 56)}-${n}`;
        ids.add(id);
        const nameSpan = spanOf(name, at[0]);
        object.set("id", nameSpan, plainString(id, ...nameSpan));
        object.set("title", nameSpan, stringOf(name, nameSpan[0]));
        object.set("section", nameSpan, plainString("Requirements", ...nameSpan));
        current = { object, name: name.text, text: [], scenarios: new ArrayBuilder(at[1], at[1]), at };
      } else if (scenario && current) {
        closeScenario();
        const name = trimFlat(sliceFlat(text, scenario[0].length));
        const object = new ObjectBuilder(...span(node));
        object.set("name", spanOf(name, span(node)[0]), stringOf(name, span(node)[0]));
        current.scenario = { object, steps: [] };
      } else close();
      continue;
    }
    if (!current) continue;
    if (node.type === "paragraph") {
      if (current.scenario) current.scenario.steps.push(trimFlat(flatOf(node, source)));
      else current.text.push(trimFlat(flatOf(node, source)));
    } else if (node.type === "list") {
      for (const item of node.children) {
        const first = item.children[0];
        if (first?.type !== "paragraph") continue;
        if (current.scenario) current.scenario.steps.push(trimFlat(flatOf(first, source)));
        else current.text.push(trimFlat(flatOf(first, source)));
      }
    }
  }
  close();
  missionHeader(root, kebabId(folderOf(file) || "capability"), title, folderOf(file) || "Capability");
  if (list.value.length > 0) root.set("requirements", [list.node.start, list.node.start], list.built);
  return { value: root.value, positions: root.node, notes: notes.list };
}

/** Reads a `tasks.md` or an OpenSpec spec (one with `### Requirement:` headings); undefined for any other Markdown. */
export function readInterop(tree: Root, source: string, file: string): MarkdownMission | undefined {
  const base = (file.split("/").pop() ?? file).toLowerCase();
  if (base === "tasks.md") return readTasks(tree, source, file);
  const isOpenSpec = tree.children.some((node) => node.type === "heading" && /^requirement\s*:/i.test(headingText(node, source).text));
  return isOpenSpec ? readOpenSpec(tree, source, file) : undefined;
}
