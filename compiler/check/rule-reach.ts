import type { BundleRule, Rule } from "./rule.js";

/**
 * What the findings of a bundle rule depend on, so that the incremental engine knows what
 * to re-run after an edit:
 * - `document`: the document a finding is reported in and the manifest, nothing else
 *   (the rule reads each phase entry or mission on its own);
 * - `dependencies`: the phase ids and `dependency_graph` lists of every phase
 *   (and nothing else of any document, not even titles);
 * - `bundle`: anything; the rule is re-run over the whole bundle after every edit.
 */
export type RuleReach = "document" | "dependencies" | "bundle";

/**
 * The reach of the shipped bundle rules, by id. A rule missing here is treated as `bundle`:
 * correct, only slower in watch mode. test/incremental.test.ts checks that every shipped
 * bundle rule is listed and that incremental results equal a full check.
 */
const REACH: Readonly<Record<string, RuleReach>> = {
  "graph/asymmetric-edge": "dependencies",
  "graph/duplicate-phase": "dependencies",
  "graph/no-cycle": "dependencies",
  "graph/unknown-phase": "dependencies",
  "invariant/untraced": "document",
  "layers/no-bypass": "document",
  "layers/runtime-gate": "document",
  "layers/unmapped-module": "document",
  "tenancy/boundary-gate": "document",
  "tenancy/tenant-key": "document",
  "mission/orphan-contract": "document",
  "mission/unknown-party": "document",
  "roles/human-approval": "document",
  "roles/least-privilege": "document",
  "roles/separation-of-duties": "document",
  // Contracts of one name may be declared in any document.
  "contract/conflict": "bundle",
  "contract/tenant-key": "document",
  "contract/trace-ids": "document",
};

/** The reach of a bundle rule (`bundle` when it is not known). */
export function ruleReach(rule: BundleRule): RuleReach {
  return Object.prototype.hasOwnProperty.call(REACH, rule.id) ? REACH[rule.id]! : "bundle";
}

/** Whether the reach table lists a rule id (for the test that keeps the table complete). */
export function hasKnownReach(rule: Rule): boolean {
  return rule.scope === "bundle" && Object.prototype.hasOwnProperty.call(REACH, rule.id);
}
