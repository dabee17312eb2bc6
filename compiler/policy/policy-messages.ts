/** The prefix of the rule ids a policy's own results carry: `policy/<package>/<rule>`. */
export const POLICY_RULE_PREFIX = "policy/";

/** The ids a policy's results can carry (the manifest schema's `rules` keys allow the same). */
const POLICY_RULE_ID = /^policy(\/[A-Za-z_][A-Za-z0-9_]*)+\/[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Whether `id` has the shape of a policy result's rule id, `policy/<package path>/<rule>`.
 * Such ids exist only once a policy runs, so configuration accepts them unseen.
 */
export function isPolicyRuleId(id: string): boolean {
  return POLICY_RULE_ID.test(id);
}

/** Messages of the `policy-load` topic (a policy that cannot be read or loaded), keyed by message id; rules/policy/load.ts declares the topic with this catalogue. */
export const POLICY_LOAD_MESSAGES = {
  unreadable: "policy {{policy}} cannot be read: {{detail}}",
  refused: "policy {{policy}} {{detail}}",
  data: "policy {{policy}}: its data {{detail}}",
  missingEntrypoint: "policy {{policy}} has no entrypoint {{entrypoint}}{{detail}}",
  notARule: "policy {{policy}}: entrypoint {{entrypoint}} is not a deny, warn or violation rule (use it at a runtime gate instead)",
  noRules: "policy {{policy}} has no deny, warn or violation rule{{detail}}; list its entrypoints to evaluate",
} as const;

/** Messages of the `policy-eval` topic (an evaluation that failed, stopped or gave a bad result), keyed by message id; rules/policy/eval.ts declares the topic with this catalogue. */
export const POLICY_EVAL_MESSAGES = {
  failed: "policy {{policy}}: {{entrypoint}} failed: {{detail}}",
  stopped: "policy {{policy}} was stopped{{entrypoint}}: {{detail}}",
  badResult: "policy {{policy}}: {{entrypoint}} gave {{value}}, not a set of strings or of objects with a msg",
  tooMany: "policy {{policy}}: {{entrypoint}} gave {{count}} results; only the first {{max}} are reported",
} as const;

/** The message id of every finding a policy's own result becomes: its text is the policy's `msg`. */
export const POLICY_RESULT_MESSAGE_ID = "result";
