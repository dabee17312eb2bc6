import type { TaskGraph, TaskNode } from "./task-graph.js";

/** The prefix of a requirement's node id; a reference may be written with it or without. */
const PREFIX = "requirement:";

/**
 * The key a requirement reference names: `agentnexus/security-compliance-1` as written, or
 * without its `requirement:` prefix (`requirement:agentnexus/security-compliance-1`, the
 * task-graph node id). Mission and requirement ids are kebab-case, so the key is the node
 * id's key exactly.
 */
export function requirementKey(ref: string): string {
  const trimmed = ref.trim();
  return trimmed.startsWith(PREFIX) ? trimmed.slice(PREFIX.length) : trimmed;
}

/** The requirement node a reference names, if the bundle has it. */
export function resolveRequirement(graph: TaskGraph, ref: string): TaskNode | undefined {
  const node = graph.node(`${PREFIX}${requirementKey(ref)}`);
  return node?.kind === "requirement" ? node : undefined;
}

/** The key of a requirement node (`agentnexus/security-compliance-1`): what a reference to it writes. */
export function keyOfRequirement(node: TaskNode): string {
  return node.id.startsWith(PREFIX) ? node.id.slice(PREFIX.length) : node.id;
}
