import type { LoadedDocument } from "../bundle.js";
import { TEST_LEVELS, type GuardrailGroup } from "../constants.js";
import type { JsonPath } from "../diagnostics.js";
import { asRecord, own, stringItems } from "../guards.js";

/** A string item of an array in a phase document, with the JSON path it sits at. */
export interface PhaseItem {
  value: string;
  path: JsonPath;
}

/**
 * An invariant or test of a phase document: its text (the string, or the `text` of the
 * `{text, traces}` form; `path` points at the item either way) and the requirement
 * references of its `traces`, each with its own path.
 */
export interface TracedPhaseItem extends PhaseItem {
  traces: readonly PhaseItem[];
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

// A bundle of 10,000 phases keeps some 350,000 of these items (and their paths) alive while its
// rules run, so each array is made at its final size: an array grown by `push` or by a spread
// reserves room for 17 or more elements, which tripled the memory, and the time spent copying it
// between the young and old generations.

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

const NO_ITEMS: readonly never[] = Object.freeze([]);

function items(value: unknown, path: JsonPath): readonly PhaseItem[] {
  if (!Array.isArray(value)) return NO_ITEMS;
  const strings = value.every((item) => typeof item === "string");
  if (strings) return value.length === 0 ? NO_ITEMS : value.map((item: string, index) => ({ value: item, path: childPath(path, index) }));
  return stringItems(value).map((item) => ({ value: item.value, path: childPath(path, item.index) }));
}

/** The text of an invariant or test as written: the string, or the `text` of `{text, traces}`; undefined for anything else. */
function tracedItemText(item: unknown): string | undefined {
  if (typeof item === "string") return item;
  const text = own(item, "text");
  return typeof text === "string" ? text : undefined;
}

/** The invariants or tests of an array: strings and `{text, traces}` objects, each with its string requirement references. */
function tracedItems(value: unknown, path: JsonPath): readonly TracedPhaseItem[] {
  if (!Array.isArray(value) || value.length === 0) return NO_ITEMS;
  const all = value.map((item: unknown, index): TracedPhaseItem | undefined => {
    const text = tracedItemText(item);
    if (text === undefined) return undefined;
    const itemPath = childPath(path, index);
    return { value: text, path: itemPath, traces: typeof item === "string" ? NO_ITEMS : items(own(item, "traces"), childPath(itemPath, "traces")) };
  });
  return all.every((item) => item !== undefined) ? all : all.filter((item) => item !== undefined).slice();
}

/** The tests of a phase document, level by level, each with its level. */
function testItems(data: unknown): readonly (TracedPhaseItem & { level: string })[] {
  const levels = TEST_LEVELS.map((level) => tracedItems(at(data, ["tests", level]), ["tests", level]).map((item) => ({ ...item, level })));
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
