import { isManifestName, type DocumentKind } from "../constants.js";
import type { Diagnostic, SourceRange } from "../diagnostics.js";
import type { Bundle } from "../bundle.js";
import type { SourceDocument } from "../load/source-document.js";
import type { Schema } from "./schema-fields.js";

/**
 * What an editor feature reads of a bundle as last checked: the language server's session
 * provides it (the incremental engine's result over the unsaved buffers), tests build it from
 * texts. Files are bundle-relative with `/` separators, as in diagnostics.
 */
export interface EditorBundle {
  /** The last check: the bundle as loaded, every parsed document by file, the diagnostics. */
  readonly result: {
    readonly bundle?: Bundle | undefined;
    readonly documents: ReadonlyMap<string, SourceDocument>;
    readonly diagnostics: readonly Diagnostic[];
  };
  /** The published schema of a document kind (schemas/*.schema.json). */
  schema(kind: DocumentKind): Schema;
  /** The rules' ids and one-line docs, for hover. */
  readonly rules: readonly { readonly id: string; readonly doc: string }[];
}

/** A place in a bundle file (1-based, end exclusive, as diagnostics are). */
export interface EditorLocation {
  file: string;
  range: SourceRange;
}

/** What kind of document `rel` is: as the bundle loaded it, else by its name and folder. */
export function kindOf(view: EditorBundle, rel: string): DocumentKind {
  if (isManifestName(rel)) return "manifest";
  const bundle = view.result.bundle;
  if (bundle?.missions.some((mission) => mission.document.file === rel)) return "mission";
  if (bundle?.phases.some((phase) => phase.document.file === rel)) return "phase";
  return /(^|\/)missions\//.test(rel) ? "mission" : "phase";
}

/** The parsed document of `rel` as last checked, when it parsed. */
export function documentOf(view: EditorBundle, rel: string): SourceDocument | undefined {
  return view.result.documents.get(rel);
}
