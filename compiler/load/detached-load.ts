import type { LoadedDocument, SchemaIssue } from "../bundle.js";
import type { DocumentKind } from "../constants.js";
import { START_OF_FILE, type Finding } from "../diagnostics.js";
import { validateDocument } from "../validate/validate-document.js";
import { decodeUtf8 } from "./decode.js";
import { parseDocument, restoreDocument } from "./parse-document.js";
import type { LoadLimits, ReadResult } from "./source-document.js";

/** One document a bundle needs loaded: its file and kind. */
export interface DocumentRequest {
  file: string;
  kind: DocumentKind;
}

/**
 * A loaded document in a form that crosses a thread boundary (plain data, no closures): the
 * bytes read (their buffer can be transferred), the parsed value and the schema issues; or
 * the finding that refused the file.
 */
export type DetachedLoad = { bytes: Uint8Array; value: unknown; schemaIssues: SchemaIssue[] } | { finding: Finding };

/** Looks up the detached load of the request at an index; undefined: load that one in process. */
export type DetachedLoads = (index: number) => DetachedLoad | undefined;

/** Reads nothing: parses and schema-checks what `read` gave, as `loadDocument` does, but detached. */
export function detachLoad(request: DocumentRequest, read: ReadResult, limits: LoadLimits, parseRuleId = "protocol/parse"): DetachedLoad {
  if (!read.ok) return { finding: { ruleId: parseRuleId, message: read.message, file: request.file, range: START_OF_FILE } };
  const parsed = parseDocument(request.file, read.bytes, limits);
  if (!parsed.ok) return { finding: { ...parsed.finding, ruleId: parseRuleId } };
  return { bytes: read.bytes, value: parsed.document.value, schemaIssues: validateDocument(request.kind, parsed.document.value) };
}

/** Turns a detached load back into what `loadDocument` returns. */
export function attachLoad<T>(request: DocumentRequest, load: DetachedLoad, limits: LoadLimits): { loaded?: LoadedDocument<T>; finding?: Finding } {
  if ("finding" in load) return { finding: load.finding };
  const decoded = decodeUtf8(load.bytes);
  // The bytes decoded once already; failing now would be a bug of the sender.
  if (!decoded.ok) throw new Error(`${request.file}: detached bytes are not UTF-8`);
  const document = restoreDocument(request.file, decoded.text, load.value, limits);
  return {
    loaded: { document, kind: request.kind, data: load.value as T, valid: load.schemaIssues.length === 0, schemaIssues: load.schemaIssues },
  };
}
