// PLACEHOLDER: the configuration owner replaces this with inline suppressions.
import type { Bundle } from "../bundle.js";
import type { Finding } from "../diagnostics.js";

/** Drops findings that a document suppresses with a reason; reports unused suppressions. */
export function applySuppressions(findings: readonly Finding[], bundle: Bundle | undefined): Finding[] {
  void bundle;
  return [...findings];
}
