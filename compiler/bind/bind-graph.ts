// PLACEHOLDER: the task-graph owner replaces this.
import type { Bundle } from "../bundle.js";
import type { TaskGraph } from "./task-graph.js";

/** Builds the typed task graph of a loaded bundle. */
export function bindGraph(bundle: Bundle): TaskGraph {
  void bundle;
  return { placeholder: true };
}
