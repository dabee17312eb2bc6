import type { Diagnostic } from "../diagnostics.js";
import type { VerifierTally } from "./verification-summary.js";

/**
 * The tally of a static run over a rule set: of the rules that ran, how many raised no
 * error. A diagnostic from outside the set (such as a load failure) fails one more check.
 */
export function ruleTally(ruleIds: readonly string[], diagnostics: readonly Diagnostic[]): VerifierTally {
  const known = new Set(ruleIds);
  const failed = new Set<string>();
  let foreign = 0;
  for (const d of diagnostics) {
    if (d.severity !== "error") continue;
    if (known.has(d.ruleId)) failed.add(d.ruleId);
    else foreign = 1;
  }
  const total = known.size + foreign;
  return { run: true, passed: total - failed.size - foreign, total };
}
