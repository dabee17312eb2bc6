import { defineStageRule } from "../../compiler/check/rule.js";
import { SUPPRESSION_MESSAGES } from "../../compiler/check/suppressions.js";
import { missionBundle, withReplacement } from "../../compiler/check/rule-examples.js";

/** A mission document whose suppression accepts the roles/least-privilege finding on the localizer's log scope. */
const MISSION = [
  "mission: { id: m, title: M, system: S }",
  "roles:",
  "  - id: localizer",
  "    responsibility: Pinpoints issues.",
  "    capabilities: [read-code]",
  "    access_scope: [code:read, logs:read]",
  "suppressions:",
  '  - { rule: roles/least-privilege, path: "roles[0].access_scope", reason: Log access is being phased out in Q3. }',
  "",
].join("\n");

/** suppression/unused: metadata of the warning the suppression pass emits. */
export const unused = defineStageRule({
  id: "suppression/unused",
  scope: "stage",
  stage: "check",
  topic: "suppression",
  defaultSeverity: "warning",
  doc: "A suppression matches no diagnostic, or its path cannot be parsed.",
  details: [
    "A phase document may accept diagnostics in `phase_meta.suppressions`, a mission document in its top-level",
    "`suppressions`: each entry names a `rule`, gives a `reason` of at least 10 characters and may give a `path`.",
    "A diagnostic of that rule in the same file is dropped; with a path, only when it points at or below that",
    "dotted path (module_scope.write_modules[0], roles[2].access_scope). Entries without a valid reason are",
    "ignored (the schema reports them). A suppression that drops nothing is stale and is reported here, at the",
    "suppression, so that accepted risks do not outlive their cause; so is one whose path is malformed.",
    "Severity overrides apply to this rule like any other (`rules: { suppression/unused: off }`).",
  ].join("\n"),
  messages: SUPPRESSION_MESSAGES,
  examples: {
    failing: {
      description: "The log scope is gone, but its suppression stayed behind.",
      files: missionBundle(withReplacement(MISSION, "code:read, logs:read", "code:read")),
    },
    passing: {
      description: "The suppression accepts the excess log scope.",
      files: missionBundle(MISSION),
    },
  },
});

export default unused;
