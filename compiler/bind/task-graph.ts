// PLACEHOLDER: the task-graph owner replaces this file with the real typed graph.
/** The typed task graph built from a bundle. */
export interface TaskGraph {
  readonly placeholder: true;
}
