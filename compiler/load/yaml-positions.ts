import { createRequire } from "node:module";
import { COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event } from "js-yaml";
import type { Node as YamlNode } from "yaml";
import type { JsonPath, LocationTarget, SourceRange } from "../diagnostics.js";
import type { LineIndex } from "./line-index.js";
import type { PositionMember, PositionNode } from "./position-tree.js";

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;

/**
 * The `yaml` package, loaded on the first position lookup: most files never get a
 * diagnostic, and `check`/`validate` should not pay its start-up when none does.
 */
function yaml(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);
}

/**
 * Positions recorded from js-yaml's event stream while the document is parsed, so that a
 * diagnostic needs no second parser: a flat preorder list of nodes, five slots each (kind,
 * start, end, the index after the node's subtree, the number of children), a mapping's
 * members as the key's start and end followed by the value's node. Offsets are UTF-16, end
 * exclusive, as in a `PositionNode`. Kinds: 0 scalar, 1 mapping, 2 sequence.
 */
export type PositionMarks = Int32Array;

const SCALAR = 0;
const MAPPING = 1;
const SEQUENCE = 2;
const SLOTS = 5;

/**
 * The marks of plain block- or flow-style data (no comments, anchors, tags, aliases, block
 * or empty scalars, explicit keys, keys the core schema reads as non-strings, quoted keys
 * with escapes), or undefined: then the `yaml` package maps the text when a position is
 * asked for. Where marks exist they locate exactly as the `yaml` package's tree does (a test
 * compares every path of every YAML file of the repository).
 */
export function positionMarks(events: readonly Event[], text: string): PositionMarks | undefined {
  if (text.includes("#") || /^[ \t]*\?(?:[ \t]|$)/m.test(text)) return undefined;
  const out: number[] = [];
  /** Open collections: the index of their record and whether they are flow style. */
  const stack: { at: number; flow: boolean; mapping: boolean; expectKey: boolean; lastEnd: number }[] = [];
  const finishChild = (end: number): void => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    out[parent.at + 4]!++;
    parent.lastEnd = end;
    if (parent.mapping) parent.expectKey = true;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (event.anchorStart >= 0 || event.tagStart >= 0) return undefined;
        const parent = stack[stack.length - 1];
        if (parent?.mapping && parent.expectKey) return undefined;
        const at = out.length;
        out.push(event.type === EVENT_ID.MAPPING ? MAPPING : SEQUENCE, event.start, event.start, 0, 0);
        stack.push({ at, flow: event.style === COLLECTION_STYLE.FLOW, mapping: event.type === EVENT_ID.MAPPING, expectKey: true, lastEnd: -1 });
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.anchorStart >= 0 || event.tagStart >= 0 || event.valueStart < 0) return undefined;
        if (event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK) return undefined;
        const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const start = quoted ? event.valueStart - 1 : event.valueStart;
        const end = trimEnd(text, start, quoted ? Math.min(text.length, event.valueEnd + 1) : event.valueEnd);
        const parent = stack[stack.length - 1];
        if (parent?.mapping && parent.expectKey) {
          // The key is named by its text: plain, or quoted without escapes, line breaks or doubled quotes.
          const name = text.slice(event.valueStart, event.valueEnd);
          if (quoted ? /[\\'"\r\n]/.test(name) : name === "" || /^[-+.0-9~]/.test(name) || /^(?:true|false|null)$/i.test(name) || /[\r\n]/.test(name)) {
            return undefined;
          }
          if (getScalarValue(text, event) !== name) return undefined;
          out.push(start, end);
          parent.expectKey = false;
          break;
        }
        out.push(SCALAR, start, end, out.length + SLOTS, 0);
        finishChild(end);
        break;
      }
      case EVENT_ID.ALIAS:
        return undefined;
      case EVENT_ID.POP: {
        const open = stack.pop();
        if (!open) break;
        if (open.mapping && !open.expectKey) return undefined;
        let end: number;
        if (open.flow) {
          // The closing bracket: after the last child (or the opening one), past spaces and commas.
          let at = open.lastEnd >= 0 ? open.lastEnd : out[open.at + 1]! + 1;
          while (at < text.length && " \t\r\n,".includes(text[at]!)) at++;
          if (text[at] !== (open.mapping ? "}" : "]")) return undefined;
          end = at + 1;
        } else {
          if (open.lastEnd < 0) return undefined;
          end = open.lastEnd;
        }
        out[open.at + 2] = end;
        out[open.at + 3] = out.length;
        finishChild(end);
        break;
      }
    }
  }
  if (stack.length > 0 || out.length === 0) return undefined;
  return Int32Array.from(out);
}

/** The marks of a YAML text, parsed again (tests and callers without the first parse's events). */
export function eventPositions(text: string, maxDepth: number): PositionMarks | undefined {
  try {
    return positionMarks(parseEvents(text, { maxDepth: maxDepth + 1 }), text);
  } catch {
    return undefined;
  }
}

/**
 * Resolves a path against marks exactly as `locateInTree` does against a position tree:
 * walks only along the path, skipping the subtrees beside it.
 */
export function locateInMarks(marks: PositionMarks, text: string, path: JsonPath, on: LocationTarget, lines: LineIndex): SourceRange {
  let node = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let depth = 0;
  for (const part of path) {
    const kind = marks[node]!;
    const count = marks[node + 4]!;
    let next = -1;
    if (typeof part === "number") {
      if (kind === SEQUENCE && Number.isInteger(part) && part >= 0 && part < count) {
        next = node + SLOTS;
        for (let i = 0; i < part; i++) next = marks[next + 3]!;
      }
      keyStart = -1;
    } else if (kind === MAPPING) {
      let at = node + SLOTS;
      for (let i = 0; i < count; i++) {
        const ks = marks[at]!;
        const ke = marks[at + 1]!;
        const quoted = text.charCodeAt(ks) === 34 || text.charCodeAt(ks) === 39;
        const name = quoted ? text.slice(ks + 1, ke - 1) : text.slice(ks, ke);
        if (name === part) {
          next = at + 2;
          keyStart = ks;
          keyEnd = ke;
          break;
        }
        at = marks[at + 2 + 3]!;
      }
    }
    if (next < 0) break;
    node = next;
    depth++;
  }
  const complete = depth === path.length;
  if (complete && on === "key" && keyStart >= 0) return lines.range(keyStart, keyEnd);
  if (depth === 0) return lines.restOfLine(marks[1]!);
  return lines.range(marks[node + 1]!, marks[node + 2]!);
}

/**
 * Builds the position tree of a YAML text with the `yaml` package, which keeps exact node
 * ranges (js-yaml, used for values, does not). Called only when a finding needs a position.
 * Offsets become lines and columns through the document's own `LineIndex` rather than
 * `yaml`'s `LineCounter`, so YAML and JSON count columns the same way. A block value's span
 * ends at its last character, not at the line break after it.
 */
export function yamlPositions(text: string): PositionNode {
  const document = yaml().parseDocument(text, {
    keepSourceTokens: false,
    uniqueKeys: false,
    schema: "core",
    merge: false,
    prettyErrors: false,
  });
  const root = document.contents as YamlNode | null;
  return root ? toPositionNode(root, text) : { start: 0, end: 0 };
}

function toPositionNode(node: YamlNode, text: string): PositionNode {
  const { isMap, isScalar, isSeq } = yaml();
  const [start, valueEnd] = node.range ?? [0, 0];
  const span: PositionNode = { start, end: trimEnd(text, start, valueEnd) };
  if (isMap(node)) {
    const members = new Map<string, PositionMember>();
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null;
      if (!isScalar(key) || !key.range) continue;
      const name = String(key.value);
      if (members.has(name)) continue;
      const value = pair.value as YamlNode | null;
      const keyEnd = trimEnd(text, key.range[0], key.range[1]);
      const valueNode = value?.range ? toPositionNode(value, text) : { start: keyEnd, end: keyEnd };
      members.set(name, { keyStart: key.range[0], keyEnd, value: valueNode });
    }
    span.members = members;
  } else if (isSeq(node)) {
    span.elements = node.items.map((item) => {
      const element = item as YamlNode | null;
      return element?.range ? toPositionNode(element, text) : { start, end: start };
    });
  }
  return span;
}

/** Moves an end offset back over trailing spaces and line breaks. */
function trimEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start) {
    const code = text.charCodeAt(at - 1);
    if (code === 10 || code === 13 || code === 32 || code === 9) at--;
    else break;
  }
  return at;
}
