import { defineManifestRule } from "../../compiler/check/rule.js";
import { EXAMPLE_MANIFEST_YAML, phaseBundle } from "../../compiler/check/rule-examples.js";
import { asRecord, own } from "../../compiler/guards.js";
import { isPolicyRuleId } from "../../compiler/policy/policy-messages.js";
import { nearestRuleIds, quoteAlternatives } from "../../compiler/suggest.js";

/** manifest/unknown-rule: the manifest's `rules` map sets the severity of a rule that does not exist. */
export const unknownRule = defineManifestRule({
  id: "manifest/unknown-rule",
  scope: "manifest",
  defaultSeverity: "error",
  doc: "The manifest's rules map names a rule spec-kit does not have.",
  details:
    "A severity set for a rule id that no rule has changes nothing: a misspelt id (protocol/key-ordr) or a name without its " +
    "area (no-bypass) leaves the rule it was meant for at its default. The key is reported where it is written, with the rule " +
    "ids it most likely means; spec-kit rules lists them all.",
  messages: {
    unknown: 'rules names "{{rule}}", which is not a rule id (spec-kit rules lists them)',
    unknownNear: 'rules names "{{rule}}", which is not a rule id; did you mean {{suggestions}}?',
  },
  examples: {
    failing: {
      description: "The manifest turns off no-bypass without its area.",
      files: { ...phaseBundle(), "spec-kit.yaml": `${EXAMPLE_MANIFEST_YAML}rules:\n  no-bypass: off\n` },
    },
    passing: {
      description: "The manifest names the rule by its id.",
      files: { ...phaseBundle(), "spec-kit.yaml": `${EXAMPLE_MANIFEST_YAML}rules:\n  layers/no-bypass: warning\n` },
    },
  },
  check({ manifest, ruleIds }, report) {
    const rules = asRecord(own(manifest.data, "rules"));
    if (!rules) return;
    for (const rule of Object.keys(rules)) {
      // A policy's findings have ids of their own (policy/<package>/<rule>), which no list of rules holds.
      if (ruleIds.includes(rule) || isPolicyRuleId(rule)) continue;
      const at = { file: manifest.document.file, path: ["rules", rule], on: "key" as const };
      const near = nearestRuleIds(rule, ruleIds);
      if (near.length > 0) report("unknownNear", at, { rule, suggestions: quoteAlternatives(near), suggestion: near[0]! });
      else report("unknown", at, { rule });
    }
  },
});

export default unknownRule;
