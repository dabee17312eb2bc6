import type { JsonPath, LocationTarget, SourceRange } from "../diagnostics.js";
import type { LineIndex } from "./line-index.js";

/** Where one value sits in the text: UTF-16 offsets, end exclusive. */
export interface PositionNode {
  start: number;
  end: number;
  /** An object's members by key, with the span of each key. */
  members?: Map<string, PositionMember>;
  /** An array's elements by index. */
  elements?: PositionNode[];
  /**
   * A string value read from Markdown: the source offset of each of its UTF-16 units, so a
   * finding inside the string (a notation token) points at its exact column.
   */
  offsets?: readonly number[];
}

/** One object member: its key's span and its value. */
export interface PositionMember {
  keyStart: number;
  keyEnd: number;
  value: PositionNode;
}

/**
 * Resolves a path against a position tree. A path that leaves the tree stops at the deepest
 * node that exists, so a missing key points at the object lacking it. The root is shown as
 * its first line, not the whole file.
 */
export function locateInTree(root: PositionNode, path: JsonPath, on: LocationTarget, lines: LineIndex): SourceRange {
  let node = root;
  let key: PositionMember | undefined;
  let depth = 0;
  for (const part of path) {
    const member = typeof part === "number" ? undefined : node.members?.get(part);
    const element = typeof part === "number" ? node.elements?.[part] : undefined;
    const next = member?.value ?? element;
    if (!next) break;
    node = next;
    key = member;
    depth++;
  }
  const complete = depth === path.length;
  if (complete && on === "key" && key) return lines.range(key.keyStart, key.keyEnd);
  if (depth === 0) return lines.restOfLine(root.start);
  return lines.range(node.start, node.end);
}

/** The node at exactly `path`, if the tree has one. */
export function nodeAt(root: PositionNode, path: JsonPath): PositionNode | undefined {
  let node: PositionNode | undefined = root;
  for (const part of path) {
    node = typeof part === "number" ? node.elements?.[part] : node.members?.get(part)?.value;
    if (!node) return undefined;
  }
  return node;
}
