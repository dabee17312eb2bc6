/**
 * `spec-kit/runtime`: the hand-written library generated gates, state machines and test suites
 * build on. It does no I/O: clock, timers, event sink, ledger and hash are injected.
 */
export { CAPABILITY_CHECK, GateDependencyError, LEASE_CHECK, createGate, uninjectedDeps, type Gate, type GateDeps, type GateDepsFor, type Receipt } from "./gate.js";
export { DEFAULT_TIMEOUT_MS, isSelfChecked, type GateDefaults, type GatePolicy, type NormalizedPolicy } from "./gate-policy.js";
export type { CapabilitySource, DecisionContext, DecisionSource, RevocationSource } from "./decision.js";
export {
  DECIDED_CHECKS,
  POLICY_GATE_NAMES,
  RUNTIME_GATE_NAMES,
  TENANT_BOUNDARY,
  type DecidedCheck,
  type PolicyGateName,
  type RuntimeGateName,
} from "../common/guardrail-vocabulary.js";
export type { EnvelopeInput, TaskApproval, TaskBudget, TaskEnvelope, TaskLease, UntrustedEnvelope } from "./task-envelope.js";
export { DENIAL_REASONS, type Denial, type DenialReason } from "./denial-reasons.js";
export { BudgetExceededError, CapabilityRevokedError, LeaseRevokedError, type Task, type TaskContext, type Usage } from "./budget-run.js";
export type { AuditEvent, AuditEventType, EventSink } from "./audit-events.js";
export { TRACE_ID_KEYS, type TraceIdKey, type TraceIds } from "./trace-ids.js";
export { parseIsoInstant, type ClearTimer, type Now, type SetTimer, type TimerHandle } from "./clock.js";
export { sha256Hex, type HashFn } from "../common/hash.js";
export { canonicalJson } from "../common/canonical-json.js";
export {
  createMemoryLedger,
  type CostLedger,
  type LedgerContext,
  type LedgerEntry,
  type MemoryLedger,
  type PrechargeResult,
  type Reconciliation,
  type SettleResult,
  type Settlement,
  type TaskCost,
} from "./ledger.js";
export {
  CircuitOpenError,
  createCircuitBreaker,
  type BreakerCause,
  type BreakerEvent,
  type BreakerSnapshot,
  type BreakerState,
  type CircuitBreaker,
  type CircuitBreakerOptions,
} from "./circuit-breaker.js";
export {
  StateMachineDefinitionError,
  defineStateMachine,
  type StateMachine,
  type StateMachineDescription,
  type StateMachineInstance,
  type StateMachineSpec,
  type RecordedStep,
  type TransitionRecord,
  type TransitionRejection,
  type TransitionResult,
  type TransitionSpec,
} from "./state-machine.js";
export { createEventLog, type EventLog } from "./event-log.js";
export { GENESIS_PREV, recordHash, verifyChain, type ChainBreak, type ChainRecord, type ChainVerification } from "../common/hash-chain.js";
export {
  checkCriterion,
  evaluateCriterion,
  phaseMetrics,
  type Comparator,
  type Criterion,
  type CriterionRate,
  type CriterionVerdict,
  type PhaseMetrics,
} from "./acceptance.js";
export { ContractViolationError, appendContract, assertContract, type ContractError, type ContractValidator } from "./contracts.js";
export { compareReplay, payloadDigest, replay, type ReplayReport, type ReplayStep } from "./replay.js";
export { createFlowRecorder, requireTraceIds, type FlowEvent, type FlowLog, type FlowRecorder } from "./flow-events.js";
export {
  askCondition,
  createSustainTracker,
  evaluateTrigger,
  type RollbackTrigger,
  type TriggerCondition,
  type TriggerSustain,
  type TriggerVerdict,
} from "./rollback-trigger.js";
export {
  DEFAULT_CANARY_STEPS,
  RolloutDependencyError,
  createRollout,
  defineRollbackPlan,
  type Observation,
  type RollbackPlan,
  type Rollout,
  type RolloutDeps,
  type RolloutDepsFor,
  type RolloutMove,
  type RolloutRefusal,
  type RolloutStage,
  type Route,
} from "./rollout.js";
export {
  UNATTRIBUTED,
  createCostAccount,
  type AttributedCost,
  type CostAccount,
  type CostAccountOptions,
  type CostReconciliation,
  type ProviderUsage,
  type ReconciliationLine,
} from "./cost-account.js";
export {
  capabilityStatement,
  createCapabilityRegistry,
  signCapability,
  type CapabilityArtifact,
  type CapabilityEntry,
  type CapabilityRegistry,
  type CapabilityRegistryOptions,
  type CapabilityResult,
  type CapabilityStatus,
  type CapabilityVerdict,
  type SignatureCheck,
} from "./capability-trust.js";
export {
  ReplayDivergenceError,
  SnapshotIntegrityError,
  createCallRecorder,
  createReplayBoundary,
  explainDivergence,
  type CallRecorder,
  type FieldDifference,
  type RecordedCall,
  type ReplayBoundary,
  type ReplayDivergence,
  type ReplayOutcome,
  type ReplaySnapshot,
} from "./replay-boundary.js";
export {
  createDegradeLadder,
  type DegradeBreakerSettings,
  type DegradeLadder,
  type DegradeOptions,
  type DegradeProfile,
  type DegradeResult,
  type DegradeSnapshot,
} from "./degrade.js";
export {
  createLearningGate,
  type CandidateStatus,
  type GateEvidence,
  type LearningCandidate,
  type LearningDecision,
  type LearningGate,
} from "./learning-gate.js";
export { createRecordLog, defineModels, missingKeys, type AppendResult, type ModelRecord, type RecordLog, type RecordModel } from "./record-log.js";
export {
  METRIC_TRACE_KEYS,
  createMetricBook,
  type MetricAggregate,
  type MetricBook,
  type MetricContribution,
  type MetricEntry,
  type MetricQuery,
} from "./metric-trace.js";
export { createOpaDecisionSource, OpaPolicyError, type OpaDecisionOptions } from "./opa-decision.js";
export { DEFAULT_POLICY_MEMORY_PAGES, loadOpaPolicy, type OpaLoadResult, type OpaPolicy } from "./opa-policy.js";
export { inspectOpaModule, WASM_PAGE_BYTES, type OpaModuleInspection, type OpaModuleShape } from "./opa-module.js";
