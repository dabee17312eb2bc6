/**
 * `spec-kit/runtime`: the hand-written library generated gates, state machines and test suites
 * build on. It does no I/O: clock, timers, event sink, ledger and hash are injected.
 */
export { GateDependencyError, LEASE_CHECK, createGate, uninjectedDeps, type Gate, type GateDeps, type GateDepsFor, type Receipt } from "./gate.js";
export { DEFAULT_TIMEOUT_MS, isSelfChecked, type GateDefaults, type GatePolicy, type NormalizedPolicy } from "./gate-policy.js";
export type { DecisionContext, DecisionSource, RevocationSource } from "./decision.js";
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
export { BudgetExceededError, LeaseRevokedError, type Task, type TaskContext, type Usage } from "./budget-run.js";
export type { AuditEvent, AuditEventType, EventSink } from "./audit-events.js";
export { TRACE_ID_KEYS, type TraceIdKey, type TraceIds } from "./trace-ids.js";
export { parseIsoInstant, type ClearTimer, type Now, type SetTimer, type TimerHandle } from "./clock.js";
export { sha256Hex, type HashFn } from "../common/hash.js";
export { canonicalJson } from "../common/canonical-json.js";
export {
  createMemoryLedger,
  type CostLedger,
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
export { createOpaDecisionSource, OpaPolicyError, type OpaDecisionOptions } from "./opa-decision.js";
export { DEFAULT_POLICY_MEMORY_PAGES, loadOpaPolicy, type OpaLoadResult, type OpaPolicy } from "./opa-policy.js";
export { inspectOpaModule, WASM_PAGE_BYTES, type OpaModuleInspection, type OpaModuleShape } from "./opa-module.js";
