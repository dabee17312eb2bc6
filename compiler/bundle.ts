import type { DocumentKind } from "./constants.js";
import type { JsonPath, LocationTarget } from "./diagnostics.js";
import type { SourceDocument } from "./load/source-document.js";
import type { BundleManifest } from "./types/manifest.js";
import type { PhaseReport } from "./types/phase-report.js";


/** One schema violation, already in words a person understands. */
export interface SchemaIssue {
  /** `required`: a key is missing; `unknown-key`: a key is not allowed; `invalid`: wrong type, enum or shape. */
  kind: "required" | "unknown-key" | "invalid";
  /** Where to point: the offending value, the unknown key, or the object lacking a key. */
  path: JsonPath;
  on: LocationTarget;
  message: string;
  /** The missing or unknown key, for `required` and `unknown-key`. */
  key?: string;
}

/**
 * A parsed and schema-checked document. `data` is typed as the schema says, but only
 * `valid` documents are guaranteed to match it; rules that run on invalid documents read
 * through the guards in `compiler/guards.ts`.
 */
export interface LoadedDocument<T> {
  document: SourceDocument;
  kind: DocumentKind;
  data: T;
  valid: boolean;
  schemaIssues: readonly SchemaIssue[];
}

/** A bundle after load and validate: the input of bind and check. */
export interface Bundle {
  manifest: LoadedDocument<BundleManifest>;
  phases: readonly LoadedDocument<PhaseReport>[];
  missions: readonly LoadedDocument<unknown>[];
  /** Number of files read (manifest included), for the summary. */
  fileCount: number;
  /**
   * The documents the globs selected that did not load (unreadable, not JSON or YAML, unsafe),
   * sorted: whatever severities are configured, nothing is generated from a bundle with one.
   */
  unloaded?: readonly string[];
  /**
   * `check --against REV`: the other version of the bundle, loaded, whose contracts this one
   * must not break (contract/breaking), and how its files are named in messages.
   */
  baseline?: Baseline;
}

/** The version a bundle's contracts are compared with: loaded, and a prefix naming its files (`main:specs/`, `../old/`). */
export interface Baseline {
  bundle: Bundle;
  prefix: string;
}
