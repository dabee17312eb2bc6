import type { Emitter, EmitInput, EmitResult } from "./emitter.js";

/** Where the task graph is written, relative to the output folder. */
export const GRAPH_PATH = "graph/task-graph.json";

/** A copy of `value` whose object keys are sorted at every depth (arrays keep their order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
  return sorted;
}

/** Emits `graph/task-graph.json`: the typed task graph, keys sorted, two-space indent, one trailing newline. */
export const graphEmitter: Emitter = {
  name: "graph",
  emit(input: EmitInput): EmitResult {
    const document = sortKeysDeep(input.graph.toJSON());
    return { files: [{ path: GRAPH_PATH, content: `${JSON.stringify(document, null, 2)}\n` }], notes: [] };
  },
};
