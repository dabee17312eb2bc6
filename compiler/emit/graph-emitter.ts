import type { Emitter, EmitInput, EmitResult } from "./emitter.js";

/** Where the task graph is written, relative to the output folder. */
export const GRAPH_PATH = "graph/task-graph.json";

/**
 * A copy of `value` whose object keys are sorted at every depth (arrays keep their order).
 * Iterative, with an explicit stack: the depth of the value does not bound the call stack.
 */
export function sortKeysDeep(value: unknown): unknown {
  const copyOf = (item: unknown): unknown => (Array.isArray(item) ? new Array<unknown>(item.length) : item !== null && typeof item === "object" ? {} : item);
  const root = copyOf(value);
  const pending: { from: unknown; to: unknown }[] = [{ from: value, to: root }];
  while (pending.length > 0) {
    const { from, to } = pending.pop()!;
    if (Array.isArray(from)) {
      const target = to as unknown[];
      from.forEach((item, index) => {
        target[index] = copyOf(item);
        if (target[index] !== item) pending.push({ from: item, to: target[index] });
      });
    } else if (from !== null && typeof from === "object") {
      const source = from as Record<string, unknown>;
      const target = to as Record<string, unknown>;
      for (const key of Object.keys(source).sort()) {
        const copy = copyOf(source[key]);
        // Defined, not assigned, for "__proto__", so that it stays a key; assignment, much the faster, for every other key.
        if (key === "__proto__") Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
        else target[key] = copy;
        if (copy !== source[key]) pending.push({ from: source[key], to: copy });
      }
    }
  }
  return root;
}

/** Emits `graph/task-graph.json`: the typed task graph, keys sorted, two-space indent, one trailing newline. */
export const graphEmitter: Emitter = {
  name: "graph",
  emit(input: EmitInput): EmitResult {
    const document = sortKeysDeep(input.graph.toJSON());
    return { files: [{ path: GRAPH_PATH, content: `${JSON.stringify(document, null, 2)}\n` }], notes: [] };
  },
};
