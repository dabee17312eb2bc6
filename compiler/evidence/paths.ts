/** The folder of the output that holds evidence; its files are never subjects. */
export const EVIDENCE_DIR = "evidence";
/** The in-toto statement `apply` and `verify` write. */
export const MANIFEST_PATH = "evidence/manifest.json";
/** The DSSE envelope around the statement, written when a signing key is given. */
export const DSSE_PATH = "evidence/manifest.dsse.json";
/** The append-only, hash-chained record of every `verify` run. */
export const LEDGER_PATH = "evidence/ledger.ndjson";
/** The AgentNexus ValidationReports of the last accepted `verify`. */
export const VALIDATION_REPORTS_PATH = "evidence/validation-reports.json";
/** The AgentNexus ArtifactEvidence records of the last accepted `verify`. */
export const ARTIFACT_EVIDENCE_PATH = "evidence/artifact-evidence.json";
/** The Gen-4 Evidence Bundle of the last accepted `verify` (when every verifier family ran). */
export const EVIDENCE_BUNDLE_PATH = "evidence/evidence-bundle.json";
/** What a rejected `verify` writes instead of the evidence. */
export const REJECTION_REPORT_PATH = "evidence/rejection-report.json";

/** True for a path (relative, `/` separators) inside the evidence folder. */
export function isEvidencePath(path: string): boolean {
  return path === EVIDENCE_DIR || path.startsWith(`${EVIDENCE_DIR}/`);
}
