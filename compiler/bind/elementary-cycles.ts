/** A directed graph as the cycle search reads it: vertices and their successors, both in a fixed order. */
export interface CycleInput {
  vertices: readonly string[];
  successors(vertex: string): readonly string[];
}

/** A strongly connected component whose cycles were not all listed. */
export interface TruncatedComponent {
  /** Its vertices, in the input's vertex order. */
  vertices: string[];
  /** How many cycles were listed before the search stopped. */
  listed: number;
}

/** Every elementary cycle found, each starting at its first vertex in the input's order. */
export interface CycleSearchResult {
  /** Each cycle as its vertices without repeating the first: [a, b, c] is a -> b -> c -> a. */
  cycles: string[][];
  truncated: TruncatedComponent[];
}

/**
 * Tarjan's strongly connected components, iteratively (no recursion depth limit), over the
 * vertices for which `include` holds, starting from `roots` in order.
 */
export function stronglyConnectedComponents(
  roots: readonly string[],
  successors: (vertex: string) => readonly string[],
  include: (vertex: string) => boolean = () => true,
): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const visit = (vertex: string): void => {
    index.set(vertex, next);
    low.set(vertex, next);
    next++;
    stack.push(vertex);
    onStack.add(vertex);
  };
  for (const root of roots) {
    if (index.has(root) || !include(root)) continue;
    visit(root);
    const work: { vertex: string; edges: readonly string[]; at: number }[] = [{ vertex: root, edges: successors(root), at: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.at < frame.edges.length) {
        const w = frame.edges[frame.at++]!;
        if (!include(w)) continue;
        if (!index.has(w)) {
          visit(w);
          work.push({ vertex: w, edges: successors(w), at: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.vertex, Math.min(low.get(frame.vertex)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.vertex, Math.min(low.get(parent.vertex)!, low.get(frame.vertex)!));
      if (low.get(frame.vertex) === index.get(frame.vertex)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.vertex);
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * Johnson's circuit search from `start` within `members`: every elementary cycle through
 * `start` whose other vertices are members, up to `limit` of them.
 */
function circuitsFrom(
  start: string,
  members: ReadonlySet<string>,
  successors: (vertex: string) => readonly string[],
  limit: number,
  emit: (cycle: string[]) => void,
): void {
  let found = 0;
  const blocked = new Set<string>();
  const blockedBy = new Map<string, Set<string>>();
  const unblock = (vertex: string): void => {
    const work = [vertex];
    while (work.length > 0) {
      const x = work.pop()!;
      if (!blocked.delete(x)) continue;
      const waiting = blockedBy.get(x);
      if (waiting) {
        work.push(...waiting);
        waiting.clear();
      }
    }
  };
  const within = (vertex: string) => successors(vertex).filter((w) => members.has(w));
  const path = [start];
  blocked.add(start);
  const frames: { vertex: string; edges: string[]; at: number; closed: boolean }[] = [
    { vertex: start, edges: within(start), at: 0, closed: false },
  ];
  while (frames.length > 0 && found < limit) {
    const frame = frames[frames.length - 1]!;
    if (frame.at < frame.edges.length) {
      const w = frame.edges[frame.at++]!;
      if (w === start) {
        emit([...path]);
        found++;
        frame.closed = true;
      } else if (!blocked.has(w)) {
        path.push(w);
        blocked.add(w);
        frames.push({ vertex: w, edges: within(w), at: 0, closed: false });
      }
      continue;
    }
    frames.pop();
    path.pop();
    if (frame.closed) {
      unblock(frame.vertex);
      const parent = frames[frames.length - 1];
      if (parent) parent.closed = true;
    } else {
      for (const w of frame.edges) {
        let waiting = blockedBy.get(w);
        if (!waiting) blockedBy.set(w, (waiting = new Set()));
        waiting.add(frame.vertex);
      }
    }
  }
}

/**
 * Lists the elementary cycles of a directed graph: Tarjan's components first, then Johnson's
 * algorithm inside each component, taking start vertices in the input's order so that every
 * cycle is listed once, beginning at its first vertex in that order. At most
 * `maxPerComponent` cycles are listed per component; a component that has more is reported
 * in `truncated`, which keeps dense graphs fast.
 */
export function elementaryCycles(input: CycleInput, maxPerComponent = 100): CycleSearchResult {
  const rank = new Map(input.vertices.map((vertex, i) => [vertex, i]));
  const successors = (vertex: string) => input.successors(vertex).filter((w) => rank.has(w));
  const cycles: string[][] = [];
  const truncated: TruncatedComponent[] = [];
  const components = stronglyConnectedComponents(input.vertices, successors);
  const byOrder = (a: string, b: string) => rank.get(a)! - rank.get(b)!;
  const ordered = components.map((component) => [...component].sort(byOrder));
  ordered.sort((a, b) => rank.get(a[0]!)! - rank.get(b[0]!)!);
  for (const vertices of ordered) {
    const inComponent = new Set(vertices);
    if (vertices.length === 1 && !successors(vertices[0]!).includes(vertices[0]!)) continue;
    let listed = 0;
    let stopped = false;
    let from = 0;
    // Johnson: the least vertex of a non-trivial component of what remains starts the next search.
    while (!stopped) {
      const remaining = (v: string) => inComponent.has(v) && rank.get(v)! >= from;
      let start: string | undefined;
      let members: Set<string> | undefined;
      for (const candidate of stronglyConnectedComponents(vertices, successors, remaining)) {
        const first = candidate.reduce((a, b) => (rank.get(a)! < rank.get(b)! ? a : b));
        if (candidate.length === 1 && !successors(first).includes(first)) continue;
        if (start === undefined || rank.get(first)! < rank.get(start)!) {
          start = first;
          members = new Set(candidate);
        }
      }
      if (start === undefined || members === undefined) break;
      const budget = maxPerComponent - listed;
      const local: string[][] = [];
      circuitsFrom(start, members, successors, budget + 1, (cycle) => local.push(cycle));
      cycles.push(...local.slice(0, budget));
      listed += Math.min(local.length, budget);
      stopped = local.length > budget;
      from = rank.get(start)! + 1;
    }
    if (stopped) truncated.push({ vertices, listed });
  }
  return { cycles, truncated };
}
