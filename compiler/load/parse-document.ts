import { START_OF_FILE, stageFinding, type JsonPath, type LocationTarget, type SourceRange } from "../diagnostics.js";
import { decodeUtf8 } from "./decode.js";
import { locateInJson } from "./json-locate.js";
import { parseJson } from "./json-parser.js";
import { LineIndex } from "./line-index.js";
import { PARSE_MESSAGES, type ParseError, type ParseMessageData, type ParseMessageId } from "./parse-messages.js";
import { readMarkdown } from "./markdown/markdown-parser.js";
import type { MarkdownMission } from "./markdown/mission-markdown.js";
import { locateInTree, nodeAt, type PositionNode } from "./position-tree.js";
import type { DocumentFormat, LoadLimits, ParseResult, SourceDocument } from "./source-document.js";
import { locateInMarks, yamlPositions, type PositionMarks } from "./yaml-positions.js";
import { parseYaml } from "./yaml-parser.js";

/**
 * The deepest nesting the loader admits whatever the configured limit: both parsers and the
 * stages after them recurse per level, and the call stack must not be what refuses a file.
 */
export const MAX_SUPPORTED_DEPTH = 1000;

/** The format a file is read as: `.json` is JSON, `.md` (or `.markdown`) Markdown, anything else YAML. */
export function formatOf(file: string): DocumentFormat {
  const lower = file.toLowerCase();
  return lower.endsWith(".json") ? "json" : lower.endsWith(".md") || lower.endsWith(".markdown") ? "markdown" : "yaml";
}

/**
 * Parses one file's bytes into a document, or a finding of topic `document` with an exact range.
 * Refuses oversized files, invalid UTF-8 (a BOM is dropped), empty files, duplicate keys,
 * nesting beyond `maxDepth` and, in YAML, custom tags, aliases beyond `maxAliases` and
 * multi-document streams. Ranges are 1-based; columns count UTF-16 code units.
 */
export function parseDocument(file: string, bytes: Uint8Array, configured: LoadLimits): ParseResult {
  const limits = supportedLimits(configured);
  const refuse = (id: ParseMessageId, range: SourceRange, data?: ParseMessageData): ParseResult => ({
    ok: false,
    finding: stageFinding("document", PARSE_MESSAGES, id, { file, range: { ...range } }, data),
  });
  if (bytes.length > limits.maxBytes) {
    return refuse("tooLarge", START_OF_FILE, { size: bytes.length, limit: limits.maxBytes });
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return refuse("invalidUtf8", decoded.range);
  const text = decoded.text;
  if (text.trim() === "") return refuse("empty", START_OF_FILE);

  const lines = new LineIndex(text);
  const format = formatOf(file);
  const failed = (error: ParseError): ParseResult => refuse(error.id, lines.range(error.start, error.end), error.data);
  if (format === "markdown") {
    const read = readMarkdown(file, text, limits);
    if (!read.ok) return failed(read.error);
    return { ok: true, document: markdownDocument(file, text, lines, limits, read.mission) };
  }
  if (format === "json") {
    const parsed = parseJson(text, { maxDepth: limits.maxDepth, lines });
    if (!parsed.ok) return failed(parsed.error);
    return { ok: true, document: documentOf(file, format, text, parsed.value, lines, limits, undefined) };
  }
  const parsed = parseYaml(text, limits, lines);
  if (!parsed.ok) return failed(parsed.error);
  if (parsed.empty) return refuse("empty", START_OF_FILE);
  return { ok: true, document: documentOf(file, format, text, parsed.value, lines, limits, parsed.marks) };
}

function supportedLimits(configured: LoadLimits): LoadLimits {
  return { ...configured, maxDepth: Math.min(configured.maxDepth, MAX_SUPPORTED_DEPTH) };
}

/** The position marks a YAML document recorded while it was parsed, if any (see `PositionMarks`). */
const documentMarks = new WeakMap<SourceDocument, PositionMarks>();

/** The position marks of a document, to send along with its value to another thread. */
export function marksOf(document: SourceDocument): PositionMarks | undefined {
  return documentMarks.get(document);
}

/**
 * The document of a text that `parseDocument` accepted, given the value it parsed to (on
 * another thread: the value is a structured clone, which keeps `__proto__` an own key) and
 * the position marks recorded there.
 */
export function restoreDocument(file: string, text: string, value: unknown, configured: LoadLimits, marks?: PositionMarks): SourceDocument {
  return documentOf(file, formatOf(file), text, value, new LineIndex(text), supportedLimits(configured), marks);
}

function documentOf(
  file: string,
  format: DocumentFormat,
  text: string,
  value: unknown,
  lines: LineIndex,
  limits: LoadLimits,
  marks: PositionMarks | undefined,
): SourceDocument {
  if (format === "markdown") return markdownDocument(file, text, lines, limits, undefined, value);
  if (marks) {
    const document: SourceDocument = {
      file,
      format,
      text,
      value,
      locate: (path: JsonPath, on: LocationTarget = "value"): SourceRange => locateInMarks(marks, text, path, on, lines),
    };
    documentMarks.set(document, marks);
    return document;
  }
  const positions =
    format === "json"
      ? (): PositionNode => {
          const again = parseJson(text, { maxDepth: limits.maxDepth, lines, positions: true });
          return (again.ok && again.positions) || { start: 0, end: 0 };
        }
      : () => yamlPositions(text);
  return createDocument(file, format, text, value, lines, positions, format === "json" ? JSON_WALKS : 0);
}

/**
 * Lookups in a JSON document answered by walking the text along the path (no second parse);
 * from then on the document's position tree is built once and reused, so that a document with
 * many findings is not walked from its start for each.
 */
const JSON_WALKS = 8;

/**
 * A document whose position tree is built on the first `locate` (after `walks` lookups
 * answered by walking JSON text) and then reused.
 */
function createDocument(
  file: string,
  format: DocumentFormat,
  text: string,
  value: unknown,
  lines: LineIndex,
  buildPositions: () => PositionNode,
  walks: number,
): SourceDocument {
  let positions: PositionNode | undefined;
  let walked = 0;
  return {
    file,
    format,
    text,
    value,
    locate(path: JsonPath, on: LocationTarget = "value"): SourceRange {
      if (positions === undefined && walked < walks) {
        walked++;
        try {
          return locateInJson(text, path, on, lines);
        } catch {
          walked = walks;
        }
      }
      positions ??= safely(buildPositions);
      return locateInTree(positions, path, on, lines);
    },
  };
}

/**
 * A Markdown mission's document. Its positions, string offsets and notes come from the reading;
 * a document restored on another thread (`value` given, no reading) reads the text again on
 * first use, which gives the same value.
 */
function markdownDocument(file: string, text: string, lines: LineIndex, limits: LoadLimits, mission: MarkdownMission | undefined, value?: unknown): SourceDocument {
  let reading = mission;
  const read = (): MarkdownMission => {
    if (!reading) {
      const again = readMarkdown(file, text, limits);
      reading = again.ok ? again.mission : { value: {}, positions: { start: 0, end: 0 }, notes: [] };
    }
    return reading;
  };
  return {
    file,
    format: "markdown",
    text,
    value: value ?? mission?.value,
    locate(path: JsonPath, on: LocationTarget = "value"): SourceRange {
      return locateInTree(read().positions, path, on, lines);
    },
    stringOffsets(path: JsonPath) {
      const offsets = nodeAt(read().positions, path)?.offsets;
      if (!offsets) return undefined;
      const end = offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : 0;
      return (index: number) => (index < offsets.length ? offsets[Math.max(0, index)]! : end);
    },
    notes() {
      return read().notes.map((note) => ({ messageId: note.messageId, data: note.data, range: lines.range(note.start, note.end) }));
    },
  };
}

/** Positions are a convenience: if mapping fails, every path resolves to the first line. */
function safely(buildPositions: () => PositionNode): PositionNode {
  try {
    return buildPositions();
  } catch {
    return { start: 0, end: 0 };
  }
}
