import { parseIsoInstant, toMillis, type Now } from "./clock.js";
import { createFlowRecorder, requireTraceIds, type FlowLog } from "./flow-events.js";
import type { TaskApproval } from "./task-envelope.js";
import { isNonEmptyString, type TraceIds } from "./trace-ids.js";

/** A proposed learning delta (seed 002 P12): what would change long-term memory, by its digest. */
export interface LearningCandidate {
  readonly delta_id: string;
  readonly tenant_id: string;
  /** The digest of the delta's content; evidence must name this digest. */
  readonly digest: string;
  readonly trace: TraceIds;
}

/** What the verifier gate found for a candidate: the checks it ran and passed, over which digest. */
export interface GateEvidence {
  readonly evidence_id: string;
  readonly verifier: string;
  /** The digest of the delta the verifier checked. */
  readonly candidate_digest: string;
  readonly passed: number;
  readonly total: number;
}

/** Where a candidate stands. */
export type CandidateStatus = "proposed" | "promoted" | "quarantined" | "rolled_back";

/** The decision on a candidate: promoted, or quarantined with the reason. */
export type LearningDecision =
  | { readonly status: "promoted"; readonly delta_id: string; readonly evidence_id: string }
  | { readonly status: "quarantined"; readonly delta_id: string; readonly reason: string };

/** The gate between a learning delta and long-term memory. */
export interface LearningGate {
  /** Records a proposed delta. False when its id is taken or a field is missing. */
  propose(candidate: LearningCandidate): boolean;
  /**
   * Decides a proposed candidate once: promoted only with passing gate evidence (every check
   * passed, at least one, over the candidate's own digest) and, where required, an operator
   * approval; otherwise quarantined, for good.
   */
  decide(deltaId: string, evidence: GateEvidence | undefined, approval?: TaskApproval): LearningDecision;
  /** Rolls a promoted delta back (its trial or a later check found it harmful). */
  rollback(deltaId: string, reason: string): boolean;
  status(deltaId: string): CandidateStatus | undefined;
  readonly log: FlowLog;
}

/** Why `evidence` does not let `candidate` through, or undefined when it does. */
function evidenceProblem(candidate: LearningCandidate, evidence: GateEvidence | undefined): string | undefined {
  if (typeof evidence !== "object" || evidence === null) return "no gate evidence";
  if (!isNonEmptyString(evidence.evidence_id) || !isNonEmptyString(evidence.verifier)) return "the gate evidence names no evidence id or verifier";
  if (evidence.candidate_digest !== candidate.digest) return `the gate evidence is for ${String(evidence.candidate_digest)}, not the candidate's ${candidate.digest}`;
  const { passed, total } = evidence;
  if (!(Number.isInteger(total) && total > 0 && Number.isInteger(passed) && passed >= 0 && passed <= total)) return "the gate evidence has no valid count of checks";
  if (passed !== total) return `the verifier gate passed ${passed} of ${total} checks`;
  return undefined;
}

/**
 * Creates a learning gate (seed 002 P12: propose, verifier gate, trial, promote or roll back).
 * `approvalRequired` comes from the phase's policy gate listing `approval`. Every proposal,
 * decision and rollback is an event in the hash-chained log, with the candidate's trace ids.
 */
export function createLearningGate(options: { now: Now; approvalRequired: boolean; log?: FlowLog }): LearningGate {
  const recorder = createFlowRecorder({ now: options.now, log: options.log, what: "the learning gate" });
  const candidates = new Map<string, { candidate: LearningCandidate; status: CandidateStatus }>();

  return {
    log: recorder.log,
    propose(candidate) {
      if (typeof candidate !== "object" || candidate === null) return false;
      if (![candidate.delta_id, candidate.tenant_id, candidate.digest].every(isNonEmptyString) || candidates.has(candidate.delta_id)) return false;
      const trace = requireTraceIds(candidate.trace, `learning delta ${candidate.delta_id}`);
      const frozen = Object.freeze({ delta_id: candidate.delta_id, tenant_id: candidate.tenant_id, digest: candidate.digest, trace: Object.freeze(trace) });
      candidates.set(candidate.delta_id, { candidate: frozen, status: "proposed" });
      recorder.emit("learning.proposed", { delta_id: frozen.delta_id, tenant_id: frozen.tenant_id, digest: frozen.digest }, trace);
      return true;
    },
    decide(deltaId, evidence, approval) {
      const held = candidates.get(deltaId);
      if (held === undefined) return { status: "quarantined", delta_id: deltaId, reason: `no proposed delta ${deltaId}` };
      if (held.status !== "proposed") return { status: "quarantined", delta_id: deltaId, reason: `delta ${deltaId} was already decided (${held.status})` };
      const { candidate } = held;
      let reason = evidenceProblem(candidate, evidence);
      if (reason === undefined && options.approvalRequired) {
        const at = typeof approval === "object" && approval !== null ? parseIsoInstant(approval.at) : undefined;
        if (!isNonEmptyString(approval?.approved_by) || at === undefined || at > toMillis(options.now())) reason = "no recorded approval (approved_by, and `at` not in the future)";
      }
      const base = { delta_id: deltaId, tenant_id: candidate.tenant_id, digest: candidate.digest, evidence_id: evidence?.evidence_id ?? null };
      if (reason !== undefined) {
        held.status = "quarantined";
        recorder.emit("learning.quarantined", { ...base, reason }, candidate.trace);
        return { status: "quarantined", delta_id: deltaId, reason };
      }
      held.status = "promoted";
      recorder.emit("learning.promoted", { ...base, verifier: evidence!.verifier, checks: evidence!.total, ...(approval ? { approved_by: approval.approved_by } : {}) }, candidate.trace);
      return { status: "promoted", delta_id: deltaId, evidence_id: evidence!.evidence_id };
    },
    rollback(deltaId, reason) {
      const held = candidates.get(deltaId);
      if (held?.status !== "promoted" || !isNonEmptyString(reason)) return false;
      held.status = "rolled_back";
      recorder.emit("learning.rolled_back", { delta_id: deltaId, tenant_id: held.candidate.tenant_id, reason }, held.candidate.trace);
      return true;
    },
    status: (deltaId) => candidates.get(deltaId)?.status,
  };
}
