import { defineStageRule } from "../../compiler/check/rule.js";
import { EXAMPLE_MANIFEST_YAML, EXAMPLE_PHASE_YAML } from "../../compiler/check/rule-examples.js";
import { EMPTY_GLOB_MESSAGES } from "../../compiler/load/glob-coverage.js";

/** manifest/empty-glob: a `phases` or `missions` glob of the manifest selects no document. */
export const emptyGlob = defineStageRule({
  id: "manifest/empty-glob",
  scope: "stage",
  stage: "load",
  defaultSeverity: "error",
  doc: "A phases or missions glob of the manifest matches no file.",
  details: [
    "The manifest's phases and missions globs say which files are checked and generated from. A glob with a typo",
    "selects nothing, and the bundle then checks clean with its documents never read. When none of a key's globs",
    "matches a file, the key is reported (an error); when some do, each glob that matches nothing is reported as a",
    "warning. The default globs, used when the manifest does not name any, are never reported.",
  ].join("\n"),
  messages: EMPTY_GLOB_MESSAGES,
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
});

export default emptyGlob;
