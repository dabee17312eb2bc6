import type { LoadedDocument, SchemaIssue } from "../bundle.js";
import type { DocumentKind } from "../constants.js";
import type { StageFinding } from "../diagnostics.js";
import { parseRead } from "../load/load-bundle.js";
import { marksOf, restoreDocument } from "../load/parse-document.js";
import type { BundleHost, LoadLimits, ReadResult } from "../load/source-document.js";
import { validateDocument } from "./validate-document.js";

/** One document a bundle needs loaded: its file and kind. */
export interface DocumentRequest {
  file: string;
  kind: DocumentKind;
}

/**
 * A loaded document in a form that crosses a thread boundary (plain data, no closures): the
 * decoded text (copied as it is, so the receiving thread need not decode the bytes again), the
 * parsed value and the schema issues; or the finding that refused the file. A YAML document's
 * position marks come along (their buffer can be transferred).
 */
export type DetachedLoad = { text: string; value: unknown; schemaIssues: SchemaIssue[]; marks?: Int32Array | undefined } | { finding: StageFinding };

/** Looks up the detached load of the request at an index; undefined: load that one in process. */
export type DetachedLoads = (index: number) => DetachedLoad | undefined;

/** A bundle host that may also load many documents at once. */
export interface LoadingHost extends BundleHost {
  /**
   * Optional: starts loading (parsing and schema-checking) many documents at once, e.g. on
   * other threads (the CLI's host does so for large bundles). The loader asks for each request
   * in order and loads those it gets no answer for itself; results must equal what `readFile`
   * and loading in process give.
   */
  loadDocuments?(requests: readonly DocumentRequest[], limits: LoadLimits): DetachedLoads | undefined;
}

/** Reads nothing: parses and schema-checks what `read` gave, as `loadDocument` does, but detached. */
export function detachLoad(request: DocumentRequest, read: ReadResult, limits: LoadLimits): DetachedLoad {
  const parsed = parseRead(request.file, read, limits);
  if (!parsed.document) return { finding: parsed.finding! };
  const value = parsed.document.value;
  const marks = marksOf(parsed.document);
  return { text: parsed.document.text, value, schemaIssues: validateDocument(request.kind, value), ...(marks ? { marks } : {}) };
}

/** Turns a detached load back into what `loadDocument` returns. */
export function attachLoad<T>(request: DocumentRequest, load: DetachedLoad, limits: LoadLimits): { loaded?: LoadedDocument<T>; finding?: StageFinding } {
  if ("finding" in load) return { finding: load.finding };
  const document = restoreDocument(request.file, load.text, load.value, limits, load.marks);
  return {
    loaded: { document, kind: request.kind, data: load.value as T, valid: load.schemaIssues.length === 0, schemaIssues: load.schemaIssues },
  };
}
