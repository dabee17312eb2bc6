/**
 * The outcome of one verifier family: how many of its checks passed, or that it did not run.
 * `total` counts the checks that ran; a test suite's tally also counts apart the cases that are
 * only named (`todo`: a spec's prose tests, criteria that are not measurable) and those skipped.
 */
export type VerifierTally = { run: false } | { run: true; passed: number; total: number; todo?: number; skipped?: number };

/** The Gen-4 verification report: one verdict per verifier family (seed 000 §4.2). */
export interface VerificationReport {
  execution_tests: string;
  static_checks: string;
  policy_eval: string;
}

/** A tally in the report's words: `pass (n/n)`, `fail (k/n)` (k passed of n) or `not run`. */
export function formatTally(tally: VerifierTally): string {
  if (!tally.run) return "not run";
  const verdict = tally.passed === tally.total ? "pass" : "fail";
  return `${verdict} (${tally.passed}/${tally.total})`;
}

/** A tally that did not run. */
export const NOT_RUN: VerifierTally = { run: false };

/** True when a tally ran and every check passed. */
export function tallyPassed(tally: VerifierTally): boolean {
  return tally.run && tally.passed === tally.total;
}
