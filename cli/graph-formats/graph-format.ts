import type { GraphLevel, GraphView } from "../../compiler/bind/graph-view.js";
import { compareNatural } from "../../compiler/bind/natural-order.js";
import type { TaskNodeKind } from "../public-api.js";

/** Graphviz's `dot` layout as a function: DOT in, SVG out. Deterministic for one Graphviz build. */
export type GraphLayout = (dot: string) => string;

/** One `spec-kit graph --format`: a pure renderer of a view, and what it needs. */
export interface GraphFormat {
  /** The `--level` it draws when none is given. */
  defaultLevel: GraphLevel;
  /** Whether it lays the drawing out itself, and so needs `layout`. */
  draws: boolean;
  /** The text of the view; it ends with a newline. `layout` is called only by formats that draw. */
  render(view: GraphView, layout: GraphLayout): string;
}

/** Labels longer than this are cut with an ellipsis in the drawn formats (the JSON keeps them whole). */
export const MAX_LABEL = 80;

/** One line of at most MAX_LABEL characters: runs of white space and control characters become one space. */
export function displayLabel(text: string): string {
  // Control characters are what is being removed.
  const flat = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join("")}…` : flat;
}

/**
 * `text` broken at spaces into lines of about `width` characters, for the boxes of the
 * pictures; a word longer than `width` keeps a line of its own.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && Array.from(line).length + 1 + Array.from(word).length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Fill colours by node kind, shared by the drawn formats. */
export const KIND_COLORS: Readonly<Record<TaskNodeKind, string>> = {
  phase: "#cfe2ff",
  step: "#f8f9fa",
  module: "#e2e3e5",
  layer: "#d1e7dd",
  model: "#fff3cd",
  test: "#e0cffc",
  acceptance: "#d2f4ea",
  invariant: "#f8d7da",
  gate: "#ffe5d0",
  component: "#cff4fc",
  contract: "#fde2e4",
  role: "#e9ecef",
  requirement: "#fff8e1",
  task: "#e7f1ff",
};

/** One arrow of a drawing, by node id; between phases, from the prerequisite to the dependent. */
export interface PhaseArrow {
  from: string;
  to: string;
}

/**
 * The view's dependency edges between phases, one arrow per pair from prerequisite to
 * dependent: `P2 depends_on P1` and `P1 unblocks P2` are the same arrow P1 -> P2. Sorted.
 */
export function phaseArrows(view: GraphView): PhaseArrow[] {
  const arrows = new Map<string, PhaseArrow>();
  for (const edge of view.graph.edges) {
    const arrow = edge.kind === "depends_on" ? { from: edge.to, to: edge.from } : edge.kind === "unblocks" ? { from: edge.from, to: edge.to } : undefined;
    if (arrow) arrows.set(`${arrow.from}\u0000${arrow.to}`, arrow);
  }
  return [...arrows.values()].sort((a, b) => compareNatural(a.from, b.from) || compareNatural(a.to, b.to));
}
