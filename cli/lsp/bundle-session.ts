import { join, relative, sep } from "node:path";
import type { DocumentKind } from "../../compiler/constants.js";
import type { Diagnostic } from "../../compiler/diagnostics.js";
import { IncrementalChecker, type IncrementalResult } from "../../compiler/incremental.js";
import type { SourceDocument } from "../../compiler/load/source-document.js";
import { isManifestName } from "../../compiler/constants.js";
import { ALL_RULES } from "../../rules/index.js";
import { createNodeHost } from "../node-host.js";
import { overlayHost } from "./overlay-host.js";

/**
 * One bundle an editor has files of open: the incremental engine of `check --watch` over the
 * files on disk and the editor's unsaved buffers, which win over disk.
 */
export class BundleSession {
  readonly #buffers = new Map<string, string>();
  readonly #engine: IncrementalChecker;
  #result: IncrementalResult | undefined;
  /** Files (bundle-relative) whose diagnostics were last published non-empty. */
  published = new Set<string>();

  /** @param root the bundle folder (absolute), the one holding the manifest. */
  constructor(readonly root: string) {
    this.#engine = new IncrementalChecker(overlayHost(createNodeHost(root, { parallel: false }), this.#buffers), { rules: ALL_RULES });
  }

  /** The file's path relative to the bundle root, `/` separators. */
  relative(file: string): string {
    return relative(this.root, file).split(sep).join("/");
  }

  /** The absolute path of a bundle-relative file. */
  absolute(rel: string): string {
    return join(this.root, ...rel.split("/"));
  }

  /** Records an editor's buffer for `rel` (undefined: closed, disk applies again). */
  setBuffer(rel: string, text: string | undefined): void {
    if (text === undefined) this.#buffers.delete(rel);
    else this.#buffers.set(rel, text);
  }

  /** Checks again after `changed` (bundle-relative; undefined: everything). */
  update(changed?: readonly string[]): IncrementalResult {
    this.#result = this.#result === undefined || changed === undefined ? this.#engine.update() : this.#engine.update(changed);
    return this.#result;
  }

  /** The last result (checking once first if there is none). */
  get result(): IncrementalResult {
    return this.#result ?? this.update();
  }

  /** The diagnostics of one file, from the last result. */
  diagnosticsOf(rel: string): Diagnostic[] {
    return this.result.diagnostics.filter((diagnostic) => diagnostic.file === rel);
  }

  /** The parsed document of `rel` as last checked, when it parsed. */
  document(rel: string): SourceDocument | undefined {
    return this.result.documents.get(rel);
  }

  /** What kind of document `rel` is: as the bundle loaded it, else by its name and folder. */
  kindOf(rel: string): DocumentKind {
    if (isManifestName(rel)) return "manifest";
    const bundle = this.result.bundle;
    if (bundle?.missions.some((mission) => mission.document.file === rel)) return "mission";
    if (bundle?.phases.some((phase) => phase.document.file === rel)) return "phase";
    return /(^|\/)missions\//.test(rel) ? "mission" : "phase";
  }
}
