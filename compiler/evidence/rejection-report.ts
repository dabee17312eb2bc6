import { GOVERNANCE_GATE } from "./statement.js";

/** The verdict of one verifier in a `verify` run. */
export interface VerifierVerdict {
  verifier: string;
  /** `pass (n/n)`, `fail (k/n)` or `not run`. */
  result: string;
}

/** What a rejected Compile run writes instead of evidence (seed 000 §2.1: "or a Rejection Report"). */
export interface RejectionReport {
  governance_gate: string;
  result: "rejected";
  input_digest: string;
  /** The first verifier that failed. */
  rejected_by: string;
  /** Its findings, one line each, capped. */
  diagnostics: string[];
  verifiers: VerifierVerdict[];
  timestamp?: string;
}

/** How many diagnostic lines a report keeps, and how long each may be. */
export const MAX_DIAGNOSTICS = 50;
const MAX_LINE = 400;

/** Builds the report; keeps the first {@link MAX_DIAGNOSTICS} lines, each cut to a bounded length. */
export function rejectionReport(inputDigest: string, rejectedBy: string, diagnostics: readonly string[], verifiers: readonly VerifierVerdict[], time?: string): RejectionReport {
  const lines = diagnostics.slice(0, MAX_DIAGNOSTICS).map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line));
  if (diagnostics.length > MAX_DIAGNOSTICS) lines.push(`… and ${diagnostics.length - MAX_DIAGNOSTICS} more`);
  const report: RejectionReport = { governance_gate: GOVERNANCE_GATE, result: "rejected", input_digest: inputDigest, rejected_by: rejectedBy, diagnostics: lines, verifiers: verifiers.map((v) => ({ ...v })) };
  if (time !== undefined) report.timestamp = time;
  return report;
}
