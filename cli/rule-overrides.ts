import type { RuleSeverity } from "./public-api.js";
import { CliError } from "./cli-error.js";
import { nearestRuleIds, quoteAlternatives } from "../compiler/suggest.js";
import { isPolicyRuleId } from "../compiler/policy/policy-messages.js";
import { ALL_RULES } from "../rules/index.js";
import { ruleFlagValues, type DiagnosticFlags } from "./diagnostic-options.js";

const SEVERITIES: readonly RuleSeverity[] = ["error", "warning", "off"];

/**
 * Parses `--rule id=severity` values into a severity map. An unknown rule id or severity is a
 * usage error (exit 2), so a typo never silently disables nothing; a policy's rule id
 * (`policy/<package>/<rule>`) is accepted by its shape, as it is known only once the policy
 * runs. A later value for the same id wins.
 */
export function parseRuleOverrides(values: readonly string[], knownIds: ReadonlySet<string>): Record<string, RuleSeverity> {
  const overrides: Record<string, RuleSeverity> = {};
  for (const value of values) {
    const at = value.lastIndexOf("=");
    const id = (at < 0 ? value : value.slice(0, at)).trim();
    const severity = at < 0 ? "" : value.slice(at + 1).trim();
    if (at < 0 || id === "" || severity === "") {
      throw new CliError(`--rule ${JSON.stringify(value)}: expected id=severity, e.g. --rule protocol/key-order=off`);
    }
    if (!knownIds.has(id) && !isPolicyRuleId(id)) {
      const near = nearestRuleIds(id, knownIds);
      throw new CliError(`--rule ${value}: unknown rule id "${id}"${near.length > 0 ? `; did you mean ${quoteAlternatives(near)}?` : ' (spec-kit rules lists them)'}`);
    }
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      throw new CliError(`--rule ${value}: unknown severity "${severity}" (use ${SEVERITIES.join(", ")})`);
    }
    overrides[id] = severity as RuleSeverity;
  }
  return overrides;
}

/** Reads `--rule` values against the shipped rules (a module of its own, so that reading the other flags never loads the rules). */
export function readRuleOverrides(flags: Pick<DiagnosticFlags, "rule">): Record<string, RuleSeverity> {
  return parseRuleOverrides(ruleFlagValues(flags), new Set(ALL_RULES.map((rule) => rule.id)));
}
