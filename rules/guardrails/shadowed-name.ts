import { asRecord, own } from "../../compiler/guards.js";
import { defineManifestRule } from "../../compiler/check/rule.js";
import { EXAMPLE_MANIFEST_YAML, phaseBundle } from "../../compiler/check/rule-examples.js";
import { BUILT_IN_GUARDRAILS, foldGuardrailName, type GuardrailGroup } from "../../compiler/guardrail-names.js";

const GROUPS: readonly GuardrailGroup[] = ["runtime_gate", "policy_gate", "audit_trace"];

/** guardrails/shadowed-name: the manifest declares no guardrail name that is, or folds to, a protocol name. */
export const shadowedName = defineManifestRule({
  id: "guardrails/shadowed-name",
  scope: "manifest",
  defaultSeverity: "error",
  doc: "The manifest's guardrails section declares a name that is a protocol name, or one spelled differently.",
  details: [
    "Declared guardrail names are further names, each a check of its own with its own decision source. Declaring",
    "\"tenant-boundary\" or \"Approval\" would silence guardrails/unknown-name for a misspelling while the protocol's",
    "check stays unlisted, so a declared name may not equal a protocol name of any group up to case, spaces, \"-\" and \"_\".",
  ].join("\n"),
  messages: {
    shadowed: 'guardrails.{{group}} declares "{{name}}", which is the protocol\'s guardrails.{{builtInGroup}} name "{{builtIn}}"; list "{{builtIn}}" in the phases instead',
  },
  examples: {
    failing: {
      description: "The manifest declares tenant-boundary, a respelling of the protocol's tenant boundary.",
      files: phaseBundle(undefined, `${EXAMPLE_MANIFEST_YAML}guardrails:\n  policy_gate:\n    tenant-boundary: the tenant matches the lease\n`),
    },
    passing: {
      description: "The manifest declares a new name.",
      files: phaseBundle(undefined, `${EXAMPLE_MANIFEST_YAML}guardrails:\n  policy_gate:\n    export-control: the capability is cleared for the tenant's region\n`),
    },
  },
  check({ manifest }, report) {
    const guardrails = asRecord(own(manifest.data, "guardrails"));
    if (!guardrails) return;
    for (const group of GROUPS) {
      const declarations = asRecord(own(guardrails, group));
      if (!declarations) continue;
      for (const name of Object.keys(declarations)) {
        const folded = foldGuardrailName(name);
        for (const builtInGroup of GROUPS) {
          const builtIn = BUILT_IN_GUARDRAILS[builtInGroup].find((candidate) => foldGuardrailName(candidate) === folded);
          if (builtIn === undefined) continue;
          report("shadowed", { file: manifest.document.file, path: ["guardrails", group, name], on: "key" }, { group, name, builtInGroup, builtIn });
          break;
        }
      }
    }
  },
});

export default shadowedName;
