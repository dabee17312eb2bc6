/**
 * The outcome of one verifier family: how many of its checks passed, or that it did not run
 * (with why, when it is more than that: `not configured`). `total` counts the checks that ran; a
 * test suite's tally also counts apart the cases only named (`todo`: a spec's prose tests,
 * criteria or triggers that are not machine-readable) and those skipped.
 */
export type VerifierTally = { run: false; reason?: "not configured" } | { run: true; passed: number; total: number; todo?: number; skipped?: number };

/** The Gen-4 verification report: one verdict per verifier family (seed 000 §4.2). */
export interface VerificationReport {
  execution_tests: string;
  static_checks: string;
  policy_eval: string;
}

/** A tally in the report's words: `pass (n/n)`, `fail (k/n)` (k passed of n), `not run` or `not configured`. */
export function formatTally(tally: VerifierTally): string {
  if (!tally.run) return tally.reason ?? "not run";
  const verdict = tally.passed === tally.total ? "pass" : "fail";
  return `${verdict} (${tally.passed}/${tally.total})`;
}

/** A tally that did not run. */
export const NOT_RUN: VerifierTally = { run: false };

/** True when a tally ran and every check passed. */
export function tallyPassed(tally: VerifierTally): boolean {
  return tally.run && tally.passed === tally.total;
}

/** The todo and skipped counts of two tallies added, where either has them. */
function apart(a: { todo?: number; skipped?: number }, b: { todo?: number; skipped?: number }): { todo?: number; skipped?: number } {
  const out: { todo?: number; skipped?: number } = {};
  if (a.todo !== undefined || b.todo !== undefined) out.todo = (a.todo ?? 0) + (b.todo ?? 0);
  if (a.skipped !== undefined || b.skipped !== undefined) out.skipped = (a.skipped ?? 0) + (b.skipped ?? 0);
  return out;
}

/** The sum of the tallies of one family's verifiers that ran (`check` and `lint` both fill `static_checks`). */
export function combineTallies(tallies: readonly VerifierTally[]): VerifierTally {
  let combined: VerifierTally | undefined;
  for (const tally of tallies) {
    if (!tally.run) continue;
    combined = combined && combined.run ? { run: true, passed: combined.passed + tally.passed, total: combined.total + tally.total, ...apart(combined, tally) } : tally;
  }
  return combined ?? tallies[0] ?? NOT_RUN;
}
