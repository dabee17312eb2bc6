import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, YAMLException, constructFromEvents, getScalarValue, parseEvents, type Event } from "js-yaml";
import type { LineIndex } from "./line-index.js";
import type { ParseError } from "./parse-messages.js";
import { parsePlainYaml } from "./plain-yaml.js";
import type { LoadLimits } from "./source-document.js";
import { positionMarks, type PositionMarks } from "./yaml-positions.js";

/** A YAML parse: the single document's plain value, or the first error. */
export type YamlParseResult = { ok: true; value: unknown; empty: boolean; marks?: PositionMarks | undefined } | { ok: false; error: ParseError };

/** Tags that only restate what the core schema infers; every other tag is refused. */
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"]);

function isPlainTag(tag: string): boolean {
  if (tag === "!") return true;
  if (tag.startsWith("!!")) return PLAIN_TAGS.has(tag.slice(2));
  const verbatim = /^!<tag:yaml\.org,2002:(\w+)>$/.exec(tag);
  return verbatim !== null && PLAIN_TAGS.has(verbatim[1]!);
}

interface Frame {
  kind: "document" | "mapping" | "sequence";
  anchor: string | undefined;
  /** Nodes that aliases inside this collection expand to. */
  aliasWeight: number;
  /** In a mapping: whether the next node is a key. */
  expectKey: boolean;
  /** In a mapping: offsets of the keys seen so far. */
  keys: Map<string, number> | undefined;
}

/**
 * Parses one YAML document with js-yaml's core schema into plain data. Before any value is
 * built, the event stream is checked: one document per file, no tags beyond the core ones,
 * no duplicate keys, no complex keys, and aliases limited by `maxAliases`, counted by the
 * nodes they expand to (so nested "billion laughs" aliases fail on their first levels).
 * Whatever js-yaml throws becomes an error with a position, never an exception. The
 * positions of plain data are recorded from the same events (`marks`).
 */
export function parseYaml(text: string, limits: LoadLimits, lines: LineIndex): YamlParseResult {
  const plain = parsePlainYaml(text, limits.maxDepth);
  if (plain) return { ok: true, value: plain.value, empty: false, marks: plain.marks };
  return parseYamlCarefully(text, limits, lines);
}

/** `parseYaml` by js-yaml's events, for any text (the fast path of plain-yaml.ts answers for plain block YAML first). */
export function parseYamlCarefully(text: string, limits: LoadLimits, lines: LineIndex): YamlParseResult {
  let events: Event[];
  try {
    // js-yaml refuses nesting equal to its limit; ours admits `maxDepth` levels.
    events = parseEvents(text, { maxDepth: limits.maxDepth + 1 });
  } catch (error) {
    return { ok: false, error: fromException(error, text, limits) };
  }
  const refused = checkEvents(events, text, limits, lines);
  if (refused) return { ok: false, error: refused };
  if (events.length === 0 || isEmptyDocument(events[1])) return { ok: true, value: null, empty: true };
  try {
    const documents = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: -1 });
    return { ok: true, value: documents[0] ?? null, empty: false, marks: positionMarks(events, text) };
  } catch (error) {
    return { ok: false, error: fromException(error, text, limits) };
  }
}

function isEmptyDocument(event: Event | undefined): boolean {
  return event?.type === EVENT_ID.SCALAR && event.valueStart === -1 && event.tagStart === -1 && event.anchorStart === -1;
}

/** The first reason to refuse the stream, or undefined when it is plain data. */
function checkEvents(events: readonly Event[], text: string, limits: LoadLimits, lines: LineIndex): ParseError | undefined {
  const stack: Frame[] = [];
  const anchorWeights = new Map<string, number>();
  let documents = 0;
  let firstExplicit = false;
  let aliasTotal = 0;

  const nodeDone = (): void => {
    const parent = stack[stack.length - 1];
    if (parent?.kind === "mapping") parent.expectKey = !parent.expectKey;
  };
  const isKeyPosition = (): boolean => {
    const parent = stack[stack.length - 1];
    return parent?.kind === "mapping" && parent.expectKey;
  };
  const tagError = (start: number, end: number): ParseError | undefined => {
    if (start < 0) return undefined;
    const tag = text.slice(start, end);
    return isPlainTag(tag) ? undefined : { id: "yamlTag", data: { tag }, start, end };
  };
  const anchorOf = (start: number, end: number): string | undefined => (start < 0 ? undefined : text.slice(start, end));

  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    switch (event.type) {
      case EVENT_ID.DOCUMENT: {
        documents++;
        if (documents === 1) firstExplicit = event.explicitStart;
        if (documents > 1) return multiDocumentError(events[index + 1], text, firstExplicit);
        if (event.directives.some((directive) => directive.kind === "tag")) {
          const at = Math.max(0, text.indexOf("%TAG"));
          return { id: "yamlTagDirective", start: at, end: at + 4 };
        }
        stack.push({ kind: "document", anchor: undefined, aliasWeight: 0, expectKey: false, keys: undefined });
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const bad = tagError(event.tagStart, event.tagEnd);
        if (bad) return bad;
        if (isKeyPosition()) return { id: "yamlComplexKey", start: event.start, end: event.start + 1 };
        if (stack.length > limits.maxDepth) return { id: "tooDeep", data: { limit: limits.maxDepth }, start: event.start, end: event.start + 1 };
        const mapping = event.type === EVENT_ID.MAPPING;
        stack.push({
          kind: mapping ? "mapping" : "sequence",
          anchor: anchorOf(event.anchorStart, event.anchorEnd),
          aliasWeight: 0,
          expectKey: mapping,
          keys: mapping ? new Map() : undefined,
        });
        break;
      }
      case EVENT_ID.SCALAR: {
        const bad = tagError(event.tagStart, event.tagEnd);
        if (bad) return bad;
        const anchor = anchorOf(event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) anchorWeights.set(anchor, 1);
        const parent = stack[stack.length - 1];
        if (parent?.kind === "mapping" && parent.expectKey && parent.keys) {
          const key = event.valueStart < 0 ? "" : getScalarValue(text, event);
          const [start, end] = scalarSpan(event, text);
          const first = parent.keys.get(key);
          if (first !== undefined) {
            return { id: "duplicateKey", data: { key, line: lines.position(first).line }, start, end };
          }
          parent.keys.set(key, start);
        }
        nodeDone();
        break;
      }
      case EVENT_ID.ALIAS: {
        const start = event.anchorStart - 1;
        if (isKeyPosition()) return { id: "yamlComplexKey", start, end: event.anchorEnd };
        const weight = anchorWeights.get(text.slice(event.anchorStart, event.anchorEnd)) ?? 1;
        aliasTotal += weight;
        if (aliasTotal > limits.maxAliases) {
          const id = limits.maxAliases <= 0 ? "yamlAliases" : "yamlTooManyAliases";
          return { id, data: { limit: limits.maxAliases }, start, end: event.anchorEnd };
        }
        const parent = stack[stack.length - 1];
        if (parent) parent.aliasWeight += weight;
        nodeDone();
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame || frame.kind === "document") break;
        if (frame.anchor !== undefined) anchorWeights.set(frame.anchor, 1 + frame.aliasWeight);
        const parent = stack[stack.length - 1];
        if (parent) parent.aliasWeight += frame.aliasWeight;
        nodeDone();
        break;
      }
    }
  }
  return undefined;
}

/** The span of a scalar as written, quotes included. */
function scalarSpan(event: Extract<Event, { type: typeof EVENT_ID.SCALAR }>, text: string): [number, number] {
  if (event.valueStart < 0) {
    const at = Math.max(event.tagEnd, event.anchorEnd, 0);
    return [at, at];
  }
  const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
  const start = quoted ? event.valueStart - 1 : event.valueStart;
  const end = quoted ? Math.min(text.length, event.valueEnd + 1) : event.valueEnd;
  return [start, end];
}

/** Points at the second document: its first node, else its `---` marker. */
function multiDocumentError(next: Event | undefined, text: string, firstExplicit: boolean): ParseError {
  let at = -1;
  if (next && next.type !== EVENT_ID.POP && next.type !== EVENT_ID.DOCUMENT) {
    if (next.type === EVENT_ID.SCALAR) at = next.valueStart >= 0 ? next.valueStart : Math.max(next.tagStart, next.anchorStart);
    else if (next.type === EVENT_ID.ALIAS) at = next.anchorStart - 1;
    else at = next.anchorStart >= 0 ? Math.min(next.anchorStart - 1, next.start) : next.start;
  }
  if (at < 0) {
    const markers = [...text.matchAll(/^---(?=[ \t\r\n]|$)/gm)];
    at = markers[firstExplicit ? 1 : 0]?.index ?? 0;
  }
  return { id: "yamlMultiDocument", start: at, end: at + 1 };
}

/** Turns anything js-yaml throws into a positioned error. */
function fromException(error: unknown, text: string, limits: LoadLimits): ParseError {
  const at = error instanceof YAMLException && error.mark ? clamp(error.mark.position, text.length) : 0;
  const end = Math.min(text.length, at + 1);
  if (error instanceof YAMLException) {
    if (error.reason.startsWith("nesting exceeded maxDepth")) return { id: "tooDeep", data: { limit: limits.maxDepth }, start: at, end };
    if (error.reason.startsWith("expected a single document")) return { id: "yamlMultiDocument", start: at, end };
    return { id: "yamlSyntax", data: { reason: error.reason }, start: at, end };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { id: "yamlFailure", data: { reason }, start: 0, end: 0 };
}

function clamp(offset: number, length: number): number {
  return Number.isFinite(offset) ? Math.max(0, Math.min(offset, length)) : 0;
}
