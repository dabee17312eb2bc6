import type { Diagnostic, DiagnosticSummary, RuleMeta } from "../public-api.js";

/** What every formatter reads: the diagnostics to print, their counts, and the source texts for code frames. */
export interface FormatterInput {
  diagnostics: readonly Diagnostic[];
  summary: DiagnosticSummary;
  /** Source text by diagnostic `file`; a file without an entry is printed without code frames. */
  documents: ReadonlyMap<string, { readonly text: string }>;
}

/** Settings that are not part of the result: where paths start, colour, and what the tool knows about itself. */
export interface FormatterOptions {
  /**
   * Prefix joined to each diagnostic's `file` to make the path a person (or an editor, or
   * GitHub) opens: the bundle folder relative to the current directory; "" when `file` is
   * already such a path.
   */
  basePath?: string;
  /** Whether ANSI colour codes may be written (stylish only). */
  color?: boolean;
  /** spec-kit's version, for SARIF's `tool.driver.version`. */
  toolVersion?: string;
  /** Every rule spec-kit knows, for SARIF's `tool.driver.rules`. */
  rules?: readonly Pick<RuleMeta, "id" | "defaultSeverity" | "doc">[];
}

/** A pure function from a result to the text to print; the text ends with a newline or is empty. */
export type Formatter = (input: FormatterInput, options?: FormatterOptions) => string;
