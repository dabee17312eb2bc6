import { createHash } from "node:crypto";

/** Spec text longer than this (in UTF-16 code units) is not put into a node id whole. */
export const MAX_ID_PART = 200;

/** How much of a longer text its id keeps, before the digest. */
const KEPT = 100;

/**
 * The form of spec text (a phase id, a module path, a gate name) that goes into task-graph
 * node ids: the text itself, or, past {@link MAX_ID_PART}, its first 100 characters, `…~`
 * and 16 hex digits of its SHA-256. Every edge repeats the ids of its ends, so unbounded ids
 * would make the graph grow with the product of a text's length and its edges (a 500 KB phase
 * id on 10,000 steps). The node's label keeps the full text, once.
 */
export function idPart(text: string): string {
  if (text.length <= MAX_ID_PART) return text;
  // Never cut a surrogate pair in two.
  const cut = /[\uD800-\uDBFF]/u.test(text[KEPT - 1]!) ? KEPT - 1 : KEPT;
  return `${text.slice(0, cut)}…~${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
}
