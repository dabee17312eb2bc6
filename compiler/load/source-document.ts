import type { JsonPath, LocationTarget, MessageData, SourceRange, StageFinding } from "../diagnostics.js";

/** The source formats; all parse to the same plain data (Markdown only as a mission). */
export type DocumentFormat = "json" | "yaml" | "markdown";

/** Something a Markdown mission holds that its reading could not take (rule mission/markdown reports it). */
export interface SourceNote {
  messageId: string;
  data: MessageData;
  range: SourceRange;
}

/**
 * A parsed file. `value` is plain data (objects created without a prototype chain that
 * could be polluted: `__proto__` is an ordinary key). Positions are computed lazily by
 * `locate`, so files that never get a diagnostic are never mapped.
 */
export interface SourceDocument {
  /** Relative to the bundle root, `/` separators. */
  readonly file: string;
  readonly format: DocumentFormat;
  /** The decoded text (BOM removed); code frames are cut from it. */
  readonly text: string;
  readonly value: unknown;
  /**
   * The range of the value (or key) at `path`. A path that does not exist resolves to its
   * nearest existing ancestor, so a missing key points at the object that lacks it.
   */
  locate(path: JsonPath, on?: LocationTarget): SourceRange;
  /**
   * Markdown only: the source offset of each character of the string value at `path`, when
   * the reading kept them (names, fields, a schema's notation); undefined otherwise.
   */
  stringOffsets?(path: JsonPath): ((index: number) => number) | undefined;
  /** Markdown only: what the reading could not take, each with its range. */
  notes?(): readonly SourceNote[];
}

/** Limits that make hostile input fail fast instead of exhausting the process. */
export interface LoadLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of arrays and objects accepted. */
  maxDepth: number;
  /** Most YAML alias dereferences accepted in one file (0 refuses aliases). */
  maxAliases: number;
}

/** Defaults: 5 MiB files, 64 levels of nesting, no YAML aliases. */
export const DEFAULT_LIMITS: LoadLimits = Object.freeze({ maxBytes: 5 * 1024 * 1024, maxDepth: 64, maxAliases: 0 });

/** A parse either yields a document or a finding of topic `document` with a position. */
export type ParseResult = { ok: true; document: SourceDocument } | { ok: false; finding: StageFinding };

/** Why the host could not give a file's bytes. */
export type ReadFailure = "not-found" | "too-large" | "outside-root" | "not-a-file" | "unreadable";

/** The host's answer to a read. */
export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: ReadFailure; message: string };

/**
 * Everything the compiler needs from the outside world, injected so that the compiler's
 * stages stay pure (the CLI supplies a file-system host; tests an in-memory one).
 */
export interface BundleHost {
  /** Every file below the bundle root, relative, `/` separators, sorted. */
  listFiles(): readonly string[];
  /** Reads a file below the root, refusing files over `maxBytes` and paths that leave the root. */
  readFile(path: string, maxBytes: number): ReadResult;
}
