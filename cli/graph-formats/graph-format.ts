import type { TaskGraphDocument, TaskNodeKind } from "../public-api.js";

/** A pure renderer of the task graph's JSON form; the text ends with a newline. */
export type GraphRenderer = (graph: TaskGraphDocument) => string;

/** Labels longer than this are cut with an ellipsis in the drawn formats (the JSON keeps them whole). */
export const MAX_LABEL = 80;

/** One line of at most MAX_LABEL characters: runs of white space and control characters become one space. */
export function displayLabel(text: string): string {
  // Control characters are what is being removed.
  const flat = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join("")}…` : flat;
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
