import type * as ts from "typescript";
import type { Bundle } from "../bundle.js";
import type { LayerMap } from "../layers.js";
import type { CodeHost } from "./code-host.js";
import type { FileFacts, ImportFact } from "./file-facts.js";
import type { CodeRefusal } from "./parse-code.js";

/** A module reference after resolution. */
export interface CodeImport extends ImportFact {
  /** The file it resolves to when that file is part of the model, relative to the bundle root. */
  target?: string;
  /** Whether it resolves to a file outside the model (a package, a file outside the code root). */
  external: boolean;
}

/** One TypeScript file of the code model. */
export interface CodeFile {
  /** Relative to the bundle root, `/` separators. */
  path: string;
  /** Absolute, as the host names it. */
  absolutePath: string;
  /** The layer whose module prefix is the longest prefix of `path`. */
  layer?: string;
  imports: CodeImport[];
  exports: Pick<FileFacts, "localExports" | "reExports" | "starExports">;
  /** Set when the file nests too deep to analyse: it then has no imports or exports (`code/too-deep` reports it). */
  refusal?: CodeRefusal;
}

/** The TypeScript files under the code root, their imports resolved, each mapped to its layer. */
export interface CodeModel {
  /** The code root, relative to the bundle root. */
  root: string;
  /** Sorted by path. */
  files: readonly CodeFile[];
  file(path: string): CodeFile | undefined;
  /** The compiler options modules were resolved with. */
  options: ts.CompilerOptions;
  layers: LayerMap;
  /** Whether `import type` edges count in `code/no-cycle` (the manifest's `code.typeOnlyCycles`). */
  typeOnlyCycles: boolean;
  host: CodeHost;
  /** The syntax tree the model was read from (parent pointers unset), for files it parsed; absent when the model was built otherwise. */
  sourceOf?(path: string): ts.SourceFile | undefined;
}

/** What a `code` rule reads: the code model, the bundle it is checked against, and the change set of `--diff`. */
export interface CodeRuleInput {
  code: CodeModel;
  bundle: Bundle;
  /** `--diff REV`: the files changed since REV, relative to the bundle root. */
  changedFiles?: readonly string[];
  /** `--phase ID`: the phases bounding the change. */
  phases?: readonly string[];
}
