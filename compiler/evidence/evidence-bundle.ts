import { canonicalJson } from "../../common/canonical-json.js";
import type { EvidenceBundle } from "../types/evidence-bundle.js";
import { sha256Hex } from "./digest.js";
import type { EvidenceStatement } from "./statement.js";

/** The attestation format the Evidence Bundle points to: the in-toto statement beside it. */
export const ATTESTATION = "intoto-provenance-v1";

const VERDICT = /^(pass|fail)( \([0-9]+\/[0-9]+\))?$/;
/** A bundle that configures no policy has nothing to evaluate: the schema records that as such. */
const NOT_CONFIGURED = "not configured";

/**
 * The statement as a Gen-4 Evidence Bundle (seed 000 §4.2, schemas/evidence-bundle.schema.json).
 * `source_diff` is the digest of the attested output (the canonical subject list);
 * `container_hash` the digest of the pinned toolchain, spec-kit's stand-in for a build
 * container. Undefined when a verifier family did not run: the schema has no `not run` (but
 * policy checks may be `not configured`).
 */
export function evidenceBundleOf(statement: EvidenceStatement): EvidenceBundle | undefined {
  const { verification_report: report, reproducibility, bundle_id, governance_gate, input_digest } = statement.predicate;
  if (![report.execution_tests, report.static_checks].every((verdict) => VERDICT.test(verdict))) return undefined;
  if (!VERDICT.test(report.policy_eval) && report.policy_eval !== NOT_CONFIGURED) return undefined;
  return {
    bundle_id,
    governance_gate,
    artifacts: {
      source_diff: `sha256:${sha256Hex(canonicalJson(statement.subject))}`,
      verification_report: { execution_tests: report.execution_tests, static_checks: report.static_checks, policy_eval: report.policy_eval },
      reproducibility: { container_hash: `sha256:${sha256Hex(canonicalJson(reproducibility.toolchain))}`, input_snapshot: input_digest },
    },
    attestation: ATTESTATION,
  };
}
