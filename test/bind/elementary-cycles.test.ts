import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { elementaryCycles, stronglyConnectedComponents } from "../../compiler/bind/elementary-cycles.js";

type Adjacency = Record<string, string[]>;

function input(adjacency: Adjacency) {
  return { vertices: Object.keys(adjacency), successors: (v: string) => adjacency[v] ?? [] };
}

/** Every elementary cycle by brute force: simple paths from each start through larger vertices only. */
function bruteForce(adjacency: Adjacency): string[] {
  const order = Object.keys(adjacency);
  const rank = new Map(order.map((v, i) => [v, i]));
  const found: string[] = [];
  const walk = (start: string, path: string[]): void => {
    for (const w of adjacency[path[path.length - 1]!] ?? []) {
      if (w === start) found.push(path.join(">"));
      else if (rank.get(w)! > rank.get(start)! && !path.includes(w)) walk(start, [...path, w]);
    }
  };
  for (const v of order) walk(v, [v]);
  return found.sort();
}

const smallGraph = fc
  .integer({ min: 1, max: 7 })
  .chain((n) =>
    fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 20 }).map((pairs) => {
      const adjacency: Adjacency = {};
      for (let i = 0; i < n; i++) adjacency[`v${i}`] = [];
      for (const [a, b] of pairs) if (!adjacency[`v${a}`]!.includes(`v${b}`)) adjacency[`v${a}`]!.push(`v${b}`);
      return adjacency;
    }),
  );

describe("elementaryCycles", () => {
  it("finds exactly the elementary cycles, each once, starting at its first vertex", () => {
    fc.assert(
      fc.property(smallGraph, (adjacency) => {
        const { cycles, truncated } = elementaryCycles(input(adjacency), 10_000);
        expect(truncated).toEqual([]);
        expect(cycles.map((c) => c.join(">")).sort()).toEqual(bruteForce(adjacency));
      }),
      { numRuns: 300 },
    );
  });

  it("lists cycles in a deterministic order that follows the vertex order", () => {
    const adjacency = { a: ["b", "c"], b: ["a", "c"], c: ["a"] };
    expect(elementaryCycles(input(adjacency)).cycles).toEqual([["a", "b"], ["a", "b", "c"], ["a", "c"]]);
  });

  it("caps the cycles listed per component and reports the component", () => {
    const vertices = ["a", "b", "c", "d", "e"];
    const complete = Object.fromEntries(vertices.map((v) => [v, vertices.filter((w) => w !== v)]));
    const { cycles, truncated } = elementaryCycles(input({ ...complete, x: ["y"], y: ["x"] }), 5);
    expect(cycles.filter((c) => c[0] !== "x")).toHaveLength(5);
    expect(cycles).toContainEqual(["x", "y"]);
    expect(truncated).toEqual([{ vertices, listed: 5 }]);
  });

  it("ignores successors that are not vertices", () => {
    expect(elementaryCycles(input({ a: ["ghost", "a"] })).cycles).toEqual([["a"]]);
  });

  it("handles a 20 000-vertex ring without deep recursion", () => {
    const n = 20_000;
    const adjacency: Adjacency = {};
    for (let i = 0; i < n; i++) adjacency[`v${i}`] = [`v${(i + 1) % n}`];
    const { cycles } = elementaryCycles(input(adjacency));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
    expect(stronglyConnectedComponents(Object.keys(adjacency), (v) => adjacency[v]!)).toHaveLength(1);
  });
});
