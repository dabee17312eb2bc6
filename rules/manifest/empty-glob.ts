import { createRequire } from "node:module";
import type picomatchType from "picomatch";
import { defineBundleRule } from "../../compiler/check/rule.js";
import { EXAMPLE_MANIFEST_YAML, EXAMPLE_PHASE_YAML } from "../../compiler/check/rule-examples.js";
import { own, stringItems } from "../../compiler/guards.js";

/** picomatch, loaded when the rule first runs (`validate` never runs bundle rules). */
function matcher(glob: string): (file: string) => boolean {
  const picomatch = createRequire(import.meta.url)("picomatch") as typeof picomatchType;
  const matches = picomatch(glob, { dot: false });
  // A picomatch matcher takes a second argument: call it with the file alone.
  return (file) => matches(file);
}

/** manifest/empty-glob: a `phases` or `missions` glob of the manifest selects no document. */
export const emptyGlob = defineBundleRule({
  id: "manifest/empty-glob",
  scope: "bundle",
  // Which files the globs select changes with any file added or removed.
  reach: "bundle",
  defaultSeverity: "error",
  doc: "A phases or missions glob of the manifest matches no file.",
  details: [
    "The manifest's phases and missions globs say which files are checked and generated from. A glob with a typo",
    "selects nothing, and the bundle then checks clean with its documents never read. When none of a key's globs",
    "matches a file, the key is reported (an error); when some do, each glob that matches nothing is reported as a",
    "warning. The default globs, used when the manifest does not name any, are never reported.",
  ].join("\n"),
  messages: {
    nothingSelected: "{{key}} selects no document: no file of the bundle matches {{patterns}}",
    unmatched: '{{key}} glob "{{pattern}}" matches no file of the bundle',
  },
  examples: {
    failing: {
      description: 'The phases live under phases/, but the glob says "phase/".',
      files: { "spec-kit.yaml": `${EXAMPLE_MANIFEST_YAML}phases: ["phase/**/*.yaml"]\n`, "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
    passing: {
      description: "The glob selects phases/P7.yaml.",
      files: { "spec-kit.yaml": `${EXAMPLE_MANIFEST_YAML}phases: ["phases/**/*.yaml"]\n`, "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
  check({ bundle }, report) {
    const file = bundle.manifest.document.file;
    // Every file some glob selects: the documents, whether they loaded or not.
    const selected = [...bundle.phases, ...bundle.missions].map((doc) => doc.document.file).concat(bundle.unloaded ?? []);
    for (const key of ["phases", "missions"] as const) {
      const globs = stringItems(own(bundle.manifest.data, key));
      if (globs.length === 0) continue;
      const unmatched = globs.filter(({ value }) => {
        const matches = matcher(value);
        return !selected.some((path) => matches(path));
      });
      if (unmatched.length === globs.length) {
        report("nothingSelected", { file, path: [key], on: "key" }, { key, patterns: globs.map(({ value }) => JSON.stringify(value)).join(", ") });
        continue;
      }
      for (const { value, index } of unmatched) report("unmatched", { file, path: [key, index], severity: "warning" }, { key, pattern: value });
    }
  },
});

export default emptyGlob;
