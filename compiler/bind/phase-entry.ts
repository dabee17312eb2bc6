import type { LoadedDocument } from "../bundle.js";
import { TEST_LEVELS, type GuardrailGroup } from "../constants.js";
import type { JsonPath } from "../diagnostics.js";
import { asRecord, own, stringItems } from "../guards.js";

/** A string item of an array in a phase document, with the JSON path it sits at. */
export interface PhaseItem {
  readonly value: string;
  /** Made when read (a new array each time). */
  readonly path: JsonPath;
}

/**
 * An invariant or test of a phase document: its text (the string, or the `text` of the
 * `{text, traces}` form; `path` points at the item either way) and the requirement
 * references of its `traces`, each with its own path.
 */
export interface TracedPhaseItem extends PhaseItem {
  readonly traces: readonly PhaseItem[];
}

/** A data model of a phase document, read defensively. */
export interface PhaseModel {
  name: string;
  /** Path of the model object, `data_models[i]`. */
  path: JsonPath;
  /** Its string keys; `keysPath` points at the `keys` array (or where it would be). */
  keys: readonly PhaseItem[];
  keysPath: JsonPath;
  kind?: string;
  appendOnly?: boolean;
}

/**
 * One phase document as binding and the bundle rules read it: only the parts that are well
 * formed, each with its JSON path, so that a malformed document never stops the check.
 */
export interface PhaseEntry {
  file: string;
  phaseId: string;
  idPath: JsonPath;
  title?: string;
  dependsOn: readonly PhaseItem[];
  unblocks: readonly PhaseItem[];
  reads: readonly PhaseItem[];
  writes: readonly PhaseItem[];
  models: readonly PhaseModel[];
  steps: readonly PhaseItem[];
  tests: readonly (TracedPhaseItem & { level: string })[];
  acceptance: readonly PhaseItem[];
  invariants: readonly TracedPhaseItem[];
  guardrails: Readonly<Record<GuardrailGroup, readonly PhaseItem[]>>;
  /** Set on every document after the first with the same phase id: the file that defined it first. */
  duplicateOf?: string;
}

// A bundle of 10,000 phases keeps some 350,000 of these items alive while its rules run, and
// the young generation's collector copies each of them (twice) before they settle: so an item
// holds its list's path and its index, and makes its own path only when it is read (for a
// finding, or for a graph bound with its contents), and every array is made at its final size
// (one grown by `push` or a spread reserves room for 17 or more elements).

/** `path` with `key` appended, in an array of exactly that length. */
function childPath(path: JsonPath, key: string | number): JsonPath {
  // Array literals are allocated at their length (`concat` is too, but is several times slower).
  switch (path.length) {
    case 1:
      return [path[0]!, key];
    case 2:
      return [path[0]!, path[1]!, key];
    case 3:
      return [path[0]!, path[1]!, path[2]!, key];
    default:
      return path.concat(key);
  }
}

/** A string item at `index` of the array at `list`. */
class ListItem implements PhaseItem {
  constructor(
    readonly value: string,
    private readonly list: JsonPath,
    private readonly index: number,
  ) {}

  get path(): JsonPath {
    return childPath(this.list, this.index);
  }
}

/** An invariant at `index` of the array at `list`. */
class TracedItem extends ListItem implements TracedPhaseItem {
  constructor(
    value: string,
    list: JsonPath,
    index: number,
    readonly traces: readonly PhaseItem[],
  ) {
    super(value, list, index);
  }
}

/** A test of one level. */
class TestItem extends TracedItem {
  constructor(
    value: string,
    list: JsonPath,
    index: number,
    traces: readonly PhaseItem[],
    readonly level: string,
  ) {
    super(value, list, index, traces);
  }
}

const NO_ITEMS: readonly never[] = Object.freeze([]);

function items(value: unknown, path: JsonPath): readonly PhaseItem[] {
  if (!Array.isArray(value) || value.length === 0) return NO_ITEMS;
  if (value.every((item) => typeof item === "string")) return value.map((item: string, index) => new ListItem(item, path, index));
  return stringItems(value).map((item) => new ListItem(item.value, path, item.index));
}

/** The text of an invariant or test as written: the string, or the `text` of `{text, traces}`; undefined for anything else. */
function tracedItemText(item: unknown): string | undefined {
  if (typeof item === "string") return item;
  const text = own(item, "text");
  return typeof text === "string" ? text : undefined;
}

/** The invariants (or, given their level, the tests) of an array: strings and `{text, traces}` objects, each with its string requirement references. */
function tracedItems(value: unknown, path: JsonPath): readonly TracedPhaseItem[];
function tracedItems(value: unknown, path: JsonPath, level: string): readonly TestItem[];
function tracedItems(value: unknown, path: JsonPath, level?: string): readonly TracedItem[] {
  if (!Array.isArray(value) || value.length === 0) return NO_ITEMS;
  const all = value.map((item: unknown, index): TracedItem | undefined => {
    const text = tracedItemText(item);
    if (text === undefined) return undefined;
    const traces = typeof item === "string" ? NO_ITEMS : items(own(item, "traces"), childPath(childPath(path, index), "traces"));
    return level === undefined ? new TracedItem(text, path, index, traces) : new TestItem(text, path, index, traces, level);
  });
  return all.every((item) => item !== undefined) ? all : all.filter((item) => item !== undefined).slice();
}

/** The tests of a phase document, level by level, each with its level. */
function testItems(data: unknown): readonly (TracedPhaseItem & { level: string })[] {
  const levels = TEST_LEVELS.map((level) => {
    const list = ["tests", level];
    return tracedItems(at(data, list), list, level);
  });
  const tests = levels[0]!.concat(...levels.slice(1));
  return tests.length === 0 ? NO_ITEMS : tests;
}

function at(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) value = own(value, key);
  return value;
}

function fieldItems(data: unknown, path: readonly string[]): readonly PhaseItem[] {
  return items(at(data, path), path);
}

function readModels(data: unknown): readonly PhaseModel[] {
  const raw = own(data, "data_models");
  if (!Array.isArray(raw) || raw.length === 0) return NO_ITEMS;
  const models: PhaseModel[] = [];
  raw.forEach((model, index) => {
    const name = own(model, "name");
    if (!asRecord(model) || typeof name !== "string" || name === "") return;
    const path: JsonPath = ["data_models", index];
    const keysPath = childPath(path, "keys");
    const entry: PhaseModel = { name, path, keys: items(own(model, "keys"), keysPath), keysPath };
    const kind = own(model, "kind");
    if (typeof kind === "string") entry.kind = kind;
    const appendOnly = own(model, "append_only");
    if (typeof appendOnly === "boolean") entry.appendOnly = appendOnly;
    models.push(entry);
  });
  return models.slice();
}

/**
 * Reads a phase document; undefined when it has no usable `phase_meta.phase_id` (the schema
 * rules report that).
 */
export function readPhaseEntry(doc: LoadedDocument<unknown>): PhaseEntry | undefined {
  const data = doc.data;
  const phaseId = at(data, ["phase_meta", "phase_id"]);
  if (typeof phaseId !== "string" || phaseId.trim() === "") return undefined;
  const title = at(data, ["phase_meta", "title"]);
  const entry: PhaseEntry = {
    file: doc.document.file,
    phaseId,
    idPath: ["phase_meta", "phase_id"],
    dependsOn: fieldItems(data, ["dependency_graph", "depends_on"]),
    unblocks: fieldItems(data, ["dependency_graph", "unblocks"]),
    reads: fieldItems(data, ["module_scope", "read_modules"]),
    writes: fieldItems(data, ["module_scope", "write_modules"]),
    models: readModels(data),
    steps: fieldItems(data, ["flow", "steps"]),
    tests: testItems(data),
    acceptance: fieldItems(data, ["acceptance"]),
    invariants: tracedItems(own(data, "invariants"), ["invariants"]),
    guardrails: {
      runtime_gate: fieldItems(data, ["guardrails", "runtime_gate"]),
      policy_gate: fieldItems(data, ["guardrails", "policy_gate"]),
      audit_trace: fieldItems(data, ["guardrails", "audit_trace"]),
    },
  };
  if (typeof title === "string") entry.title = title;
  return entry;
}
