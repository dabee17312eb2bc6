import type { BundleRule, Rule, RuleReach } from "./rule.js";

const REACHES: readonly RuleReach[] = ["document", "dependencies", "contracts", "traces", "bundle"];

/**
 * The reach a bundle rule declares; `bundle` for a rule that declares none it may (one
 * written in plain JavaScript): correct, only slower in watch mode.
 */
export function ruleReach(rule: BundleRule): RuleReach {
  return REACHES.includes(rule.reach) ? rule.reach : "bundle";
}

/** Whether a bundle rule declares a reach (test/incremental.test.ts keeps every shipped one declaring it). */
export function hasKnownReach(rule: Rule): boolean {
  return rule.scope === "bundle" && REACHES.includes(rule.reach);
}
