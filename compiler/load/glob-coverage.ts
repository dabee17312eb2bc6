/**
 * Findings of `manifest/empty-glob`: globs the manifest declares that select no document. A
 * glob with a typo would otherwise leave its documents unchecked and the bundle passing.
 */
import { createRequire } from "node:module";
import type picomatchType from "picomatch";
import type { LoadedDocument } from "../bundle.js";
import { formatMessage, type Finding } from "../diagnostics.js";
import type { BundleManifest } from "../types/manifest.js";

/** The rule whose findings these are. */
export const EMPTY_GLOB_RULE = "manifest/empty-glob";

/** The message templates of `manifest/empty-glob`, by message id. */
export const EMPTY_GLOB_MESSAGES = {
  nothingSelected: "{{key}} selects no document: no file of the bundle matches {{patterns}}",
  unmatched: '{{key}} glob "{{pattern}}" matches no file of the bundle',
} as const;

const KEYS = ["phases", "missions"] as const;

/** The manifest's declared globs, each compiled on its own, for {@link globFindings}. */
export interface DeclaredGlobs {
  key: (typeof KEYS)[number];
  patterns: { pattern: string; index: number; matches: (file: string) => boolean }[];
}

/** Compiles the globs the manifest declares (a manifest without `phases`/`missions` uses defaults, which are never reported). */
export function declaredGlobs(manifest: BundleManifest): DeclaredGlobs[] {
  const picomatch = createRequire(import.meta.url)("picomatch") as typeof picomatchType;
  const declared: DeclaredGlobs[] = [];
  for (const key of KEYS) {
    const globs = manifest[key];
    if (!Array.isArray(globs) || globs.length === 0) continue;
    declared.push({ key, patterns: globs.map((pattern, index) => ({ pattern, index, matches: picomatch(pattern, { dot: false }) })) });
  }
  return declared;
}

/**
 * One finding per declared key none of whose globs matches a `selected` file (an error: the
 * bundle has none of those documents), else one warning per glob that matches none.
 * `selected` are the bundle files some glob selects; the manifest file is never among them.
 */
export function globFindings(manifest: LoadedDocument<BundleManifest>, globs: readonly DeclaredGlobs[], selected: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const file = manifest.document.file;
  for (const { key, patterns } of globs) {
    // A picomatch matcher takes a second argument: call it with the file alone.
    const unmatched = patterns.filter(({ matches }) => !selected.some((file) => matches(file)));
    if (unmatched.length === patterns.length) {
      const message = formatMessage(EMPTY_GLOB_MESSAGES.nothingSelected, { key, patterns: patterns.map(({ pattern }) => JSON.stringify(pattern)).join(", ") });
      findings.push({ ruleId: EMPTY_GLOB_RULE, message, file, path: [key], on: "key" });
      continue;
    }
    for (const { pattern, index } of unmatched) {
      const message = formatMessage(EMPTY_GLOB_MESSAGES.unmatched, { key, pattern });
      findings.push({ ruleId: EMPTY_GLOB_RULE, message, file, path: [key, index], severity: "warning" });
    }
  }
  return findings;
}
