/** The folder of the output that holds evidence; its files are never subjects. */
export const EVIDENCE_DIR = "evidence";
/** The in-toto statement `apply` and `verify` write. */
export const MANIFEST_PATH = "evidence/manifest.json";
/** The DSSE envelope around the statement, written when a signing key is given. */
export const DSSE_PATH = "evidence/manifest.dsse.json";
/** The append-only, hash-chained record of every `verify` run. */
export const LEDGER_PATH = "evidence/ledger.ndjson";
/** The ledger's anchor: how many records it had and its head when `verify` last appended (a truncated or rewritten ledger no longer matches). */
export const LEDGER_HEAD_PATH = "evidence/ledger-head.json";
/** The anchor signed (DSSE) when `verify` had a signing key. */
export const LEDGER_HEAD_DSSE_PATH = "evidence/ledger-head.dsse.json";
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

/** Every file spec-kit writes under evidence/: anything else found there is unknown. */
export const EVIDENCE_FILES: readonly string[] = [
  MANIFEST_PATH,
  DSSE_PATH,
  LEDGER_PATH,
  LEDGER_HEAD_PATH,
  LEDGER_HEAD_DSSE_PATH,
  VALIDATION_REPORTS_PATH,
  ARTIFACT_EVIDENCE_PATH,
  EVIDENCE_BUNDLE_PATH,
  REJECTION_REPORT_PATH,
];
