import { describe, expect, it } from "vitest";
import type { LoadedDocument } from "../../compiler/bundle.js";
import { TEST_LEVELS } from "../../compiler/constants.js";
import type { JsonPath } from "../../compiler/diagnostics.js";
import { readPhaseEntry, type PhaseEntry, type PhaseItem } from "../../compiler/bind/phase-entry.js";
import { mulberry32 } from "../helpers/seeded-random.js";

// readPhaseEntry keeps its items small (an item makes its path when read, arrays at their length):
// this compares what it reads, paths included, with a plain reading of the same data on seeded
// documents that mix well-formed items with ill-formed ones.

type Plain = { value: string; path: JsonPath };

function own(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function at(data: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => own(value, key), data);
}

function plainItems(value: unknown, path: JsonPath): Plain[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) => (typeof item === "string" ? [{ value: item, path: [...path, index] }] : []));
}

function plainTraced(value: unknown, path: JsonPath): (Plain & { traces: Plain[] })[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) => {
    const text = typeof item === "string" ? item : own(item, "text");
    if (typeof text !== "string") return [];
    return [{ value: text, path: [...path, index], traces: plainItems(own(item, "traces"), [...path, index, "traces"]) }];
  });
}

/** The reading readPhaseEntry gave before items made their paths lazily. */
function plainEntry(data: unknown): unknown {
  const phaseId = at(data, ["phase_meta", "phase_id"]);
  if (typeof phaseId !== "string" || phaseId.trim() === "") return undefined;
  const title = at(data, ["phase_meta", "title"]);
  const field = (path: string[]) => plainItems(at(data, path), path);
  const models = own(data, "data_models");
  return {
    phaseId,
    ...(typeof title === "string" ? { title } : {}),
    idPath: ["phase_meta", "phase_id"],
    dependsOn: field(["dependency_graph", "depends_on"]),
    unblocks: field(["dependency_graph", "unblocks"]),
    reads: field(["module_scope", "read_modules"]),
    writes: field(["module_scope", "write_modules"]),
    models: Array.isArray(models)
      ? models.flatMap((model: unknown, index) => {
          const name = own(model, "name");
          if (typeof model !== "object" || model === null || Array.isArray(model) || typeof name !== "string" || name === "") return [];
          const kind = own(model, "kind");
          const appendOnly = own(model, "append_only");
          return [
            {
              name,
              path: ["data_models", index],
              keys: plainItems(own(model, "keys"), ["data_models", index, "keys"]),
              keysPath: ["data_models", index, "keys"],
              ...(typeof kind === "string" ? { kind } : {}),
              ...(typeof appendOnly === "boolean" ? { appendOnly } : {}),
            },
          ];
        })
      : [],
    steps: field(["flow", "steps"]),
    tests: TEST_LEVELS.flatMap((level) => plainTraced(at(data, ["tests", level]), ["tests", level]).map((item) => ({ ...item, level }))),
    acceptance: field(["acceptance"]),
    invariants: plainTraced(own(data, "invariants"), ["invariants"]),
    guardrails: { runtime_gate: field(["guardrails", "runtime_gate"]), policy_gate: field(["guardrails", "policy_gate"]), audit_trace: field(["guardrails", "audit_trace"]) },
  };
}

/** An entry as plain data, each item's path read through its getter. */
function asPlain(entry: PhaseEntry | undefined): unknown {
  if (!entry) return undefined;
  const item = (one: PhaseItem): Plain => ({ value: one.value, path: one.path });
  const traced = (one: PhaseItem & { traces: readonly PhaseItem[] }) => ({ ...item(one), traces: one.traces.map(item) });
  return {
    phaseId: entry.phaseId,
    ...(entry.title !== undefined ? { title: entry.title } : {}),
    idPath: entry.idPath,
    dependsOn: entry.dependsOn.map(item),
    unblocks: entry.unblocks.map(item),
    reads: entry.reads.map(item),
    writes: entry.writes.map(item),
    models: entry.models.map((model) => ({
      name: model.name,
      path: model.path,
      keys: model.keys.map(item),
      keysPath: model.keysPath,
      ...(model.kind !== undefined ? { kind: model.kind } : {}),
      ...(model.appendOnly !== undefined ? { appendOnly: model.appendOnly } : {}),
    })),
    steps: entry.steps.map(item),
    tests: entry.tests.map((test) => ({ ...traced(test), level: test.level })),
    acceptance: entry.acceptance.map(item),
    invariants: entry.invariants.map(traced),
    guardrails: {
      runtime_gate: entry.guardrails.runtime_gate.map(item),
      policy_gate: entry.guardrails.policy_gate.map(item),
      audit_trace: entry.guardrails.audit_trace.map(item),
    },
  };
}

function randomDocument(random: () => number): unknown {
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)]!;
  const word = (): string => pick(["budget", "tenant", "trace", "P2", "src/a", "", "inv-1", "x"]);
  const odd = (): unknown => pick([1, null, true, { text: 3 }, ["nested"], {}]);
  const list = (make: () => unknown = word): unknown => {
    if (random() < 0.1) return pick([undefined, "not a list", 7, {}]);
    return Array.from({ length: Math.floor(random() * 5) }, () => (random() < 0.8 ? make() : odd()));
  };
  const traced = (): unknown => (random() < 0.5 ? word() : { text: random() < 0.9 ? word() : 5, traces: list() });
  const maybe = (value: unknown): unknown => (random() < 0.9 ? value : undefined);
  return {
    phase_meta: random() < 0.95 ? { phase_id: pick(["P1", "P7", " ", "", 3]), title: maybe(word()) } : "meta",
    dependency_graph: maybe({ depends_on: list(), unblocks: list() }),
    module_scope: maybe({ read_modules: list(), write_modules: list() }),
    data_models: list(() => (random() < 0.8 ? { name: word(), kind: maybe(word()), keys: list(), append_only: maybe(random() < 0.5) } : odd())),
    flow: maybe({ steps: list() }),
    tests: maybe({ unit: list(traced), integration: list(traced), e2e: list(traced) }),
    acceptance: list(),
    invariants: list(traced),
    guardrails: maybe({ runtime_gate: list(), policy_gate: list(), audit_trace: list() }),
  };
}

function loaded(data: unknown): LoadedDocument<unknown> {
  const document = { file: "phases/P.yaml", format: "yaml" as const, text: "", value: data, locate: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) };
  return { document, kind: "phase", data, valid: false, schemaIssues: [] };
}

describe("readPhaseEntry", () => {
  it("reads what a plain reading does, paths included, on 2,000 seeded documents", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const data = JSON.parse(JSON.stringify(randomDocument(mulberry32(seed)))) as unknown;
      expect(asPlain(readPhaseEntry(loaded(data))), `seed ${seed}`).toEqual(plainEntry(data));
    }
  });

  it("gives each read of a path its own array", () => {
    const entry = readPhaseEntry(loaded({ phase_meta: { phase_id: "P1" }, acceptance: ["a", 3, "b"] }))!;
    expect(entry.acceptance.map((item) => item.path)).toEqual([["acceptance", 0], ["acceptance", 2]]);
    const first = entry.acceptance[0]!.path as (string | number)[];
    first.push("changed");
    expect(entry.acceptance[0]!.path).toEqual(["acceptance", 0]);
  });
});
