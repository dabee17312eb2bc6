import type { GraphView } from "../../compiler/bind/graph-view.js";
import { drawnArrows } from "./dot.js";
import type { PhaseArrow } from "./graph-format.js";

/**
 * The most a picture (svg, html) lays out, counted by {@link layoutWork}. Graphviz's time grows
 * much faster than this count, and a drawing of more is no longer read. A larger view is
 * refused with a hint to narrow it; the count, unlike a time limit, gives the same answer on
 * every machine.
 */
export const MAX_LAYOUT_WORK = 4000;

/**
 * An upper bound on how much Graphviz's `dot` has to place for a drawing: its nodes plus one
 * virtual node per rank that each arrow crosses (twice as many when arrows carry labels, which
 * `dot` draws on ranks of their own). `dot` ranks nodes to make the arrows as short as it can;
 * the longest-path ranking used here is one ranking it may choose, so its total is never less
 * than dot's. A graph of few nodes can still be slow to lay out: one node linked to each link
 * of a long chain needs a number of virtual nodes that grows with the square of the chain, and
 * that is what this counts. Cycles are broken as `dot` does, by turning round the arrows that
 * close them in a depth-first walk. Deterministic: the same nodes and arrows give the same count.
 */
export function layoutWork(nodes: readonly string[], arrows: readonly PhaseArrow[], labelled: boolean): number {
  const index = new Map(nodes.map((id, i) => [id, i]));
  const out: number[][] = nodes.map(() => []);
  const pairs: Array<[number, number]> = [];
  for (const arrow of arrows) {
    const from = index.get(arrow.from);
    const to = index.get(arrow.to);
    if (from === undefined || to === undefined || from === to) continue;
    out[from]!.push(to);
    pairs.push([from, to]);
  }
  // Depth-first order without recursion (a long chain must not exhaust the stack).
  const state = new Uint8Array(nodes.length); // 0 unseen, 1 on the path, 2 done
  const order = new Int32Array(nodes.length); // finishing position
  let finished = 0;
  for (let root = 0; root < nodes.length; root++) {
    if (state[root] !== 0) continue;
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = out[top[0]]![top[1]++];
      if (next === undefined) {
        state[top[0]] = 2;
        order[top[0]] = finished++;
        stack.pop();
      } else if (state[next] === 0) {
        state[next] = 1;
        stack.push([next, 0]);
      }
    }
  }
  // In reverse finishing order every arrow that is not turned round points forward.
  const dag: number[][] = nodes.map(() => []);
  for (const [from, to] of pairs) {
    if (order[from]! > order[to]!) dag[from]!.push(to);
    else dag[to]!.push(from);
  }
  const byOrder = [...nodes.keys()].sort((a, b) => order[b]! - order[a]!);
  const rank = new Float64Array(nodes.length);
  for (const node of byOrder) for (const to of dag[node]!) rank[to] = Math.max(rank[to]!, rank[node]! + 1);
  let crossed = 0;
  for (const [from, to] of pairs) crossed += Math.abs(rank[to]! - rank[from]!) - 1;
  return nodes.length + (labelled ? 2 * crossed + pairs.length : crossed);
}

/** How much laying `view` out would take, as {@link layoutWork} counts it for the arrows `dot` draws. */
export function viewLayoutWork(view: GraphView): number {
  const { arrows, labelled } = drawnArrows(view);
  return layoutWork(view.graph.nodes.map((node) => node.id), arrows, labelled);
}

/** Whether a view is small enough to lay out (see {@link MAX_LAYOUT_WORK}). */
export function isDrawable(view: GraphView): boolean {
  return viewLayoutWork(view) <= MAX_LAYOUT_WORK;
}

/** Why a view is not drawn, and what to do instead. */
export function tooLargeToDraw(view: GraphView): string {
  return (
    `the ${view.level} view has ${view.graph.nodes.length} nodes and ${view.graph.edges.length} edges, ` +
    `${viewLayoutWork(view)} places to lay out, more than a picture takes (${MAX_LAYOUT_WORK}); ` +
    "choose --level phases or layers, or --focus ID --depth N"
  );
}
