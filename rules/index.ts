import type { Rule } from "../compiler/check/rule.js";

/**
 * Every rule spec-kit ships, in id order. Rule owners add their module here; a test checks
 * that each id matches its file path under rules/.
 */
export const ALL_RULES: readonly Rule[] = [];

/** Looks a rule up by id. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
