import { join, relative, sep } from "node:path";
import type { DocumentKind } from "../../compiler/constants.js";
import type { EditorBundle } from "../../compiler/editor/editor-bundle.js";
import type { Schema } from "../../compiler/editor/schema-fields.js";
import { IncrementalChecker, type IncrementalResult } from "../../compiler/incremental.js";
import { ALL_RULES } from "../../rules/index.js";
import { createNodeHost } from "../node-host.js";
import { overlayHost } from "./overlay-host.js";
import { publishedSchema } from "./published-schemas.js";

/**
 * One bundle an editor has files of open: the incremental engine of `check --watch` over the
 * files on disk and the editor's unsaved buffers, which win over disk.
 */
export class BundleSession implements EditorBundle {
  readonly rules = ALL_RULES;
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

  schema(kind: DocumentKind): Schema {
    return publishedSchema(kind);
  }
}
