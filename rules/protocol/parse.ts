import { defineStageRule } from "../../compiler/check/rule.js";
import { PARSE_MESSAGES } from "../../compiler/load/parse-messages.js";
import { EXAMPLE_PHASE_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

/** protocol/parse: the loader's findings for files that are not safe, well-formed JSON or YAML. */
export const parse = defineStageRule({
  id: "protocol/parse",
  scope: "stage",
  stage: "load",
  topic: "document",
  defaultSeverity: "error",
  doc: "A file is not valid JSON or YAML, or is unsafe to load (size, depth, aliases, tags).",
  details: [
    "Every phase and mission document is parsed before anything else looks at it. A file fails to load when its",
    "text is not well-formed JSON or YAML, is not UTF-8, repeats a key, or when it is unsafe: larger or deeper than",
    "the limits, or using YAML aliases, tags or several documents in one stream. The finding points at the offending",
    "character; nothing else is checked in a file that does not load.",
  ].join("\n"),
  messages: PARSE_MESSAGES,
  examples: {
    failing: {
      description: "The flow-style list of acceptance criteria is never closed.",
      files: { "phases/P7.yaml": phaseYaml({ replace: { "rate = 0%]": "rate = 0%" } }) },
    },
    passing: {
      description: "The same report, well-formed.",
      files: { "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
});

export default parse;
