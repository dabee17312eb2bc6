import type { PhaseMetrics } from "./acceptance.js";
import { deepFreeze } from "./audit-events.js";
import { parseIsoInstant, toMillis, type Now } from "./clock.js";
import { sha256Hex, type HashFn } from "../common/hash.js";
import { createFlowRecorder, requireTraceIds, type FlowEvent, type FlowLog } from "./flow-events.js";
import {
  askCondition,
  createSustainTracker,
  evaluateTrigger,
  validSustain,
  type RollbackTrigger,
  type TriggerCondition,
  type TriggerVerdict,
} from "./rollback-trigger.js";
import type { TaskApproval } from "./task-envelope.js";
import { isNonEmptyString, type TraceIds } from "./trace-ids.js";

/** The stages of a gray rollout (seed 002 P6): shadow, canary, full, and rolled back. */
export type RolloutStage = "shadow" | "canary" | "full" | "rolled_back";

/**
 * A phase's `rollback` section compiled: when (the trigger), what (the action, recorded with the
 * rollback), where to (the target version), and whether each promotion needs an operator approval
 * (the phase lists `approval` in its policy gate).
 */
export interface RollbackPlan {
  readonly phaseId: string;
  readonly trigger: RollbackTrigger;
  readonly action: string;
  readonly targetVersion: string;
  readonly approvalRequired: boolean;
}

/** The canary steps the protocol's registry gives P6 ("canary enforce (10%-30%)"): percent of traffic on the new version. */
export const DEFAULT_CANARY_STEPS: readonly number[] = Object.freeze([10, 20, 30]);

/** What a rollout is given instead of doing I/O itself. */
export interface RolloutDeps {
  now: Now;
  /** The version being released (it replaces the plan's target version, which it rolls back to). */
  version: string;
  /** The trace ids of the release; every event of the rollout carries them. */
  trace: TraceIds;
  /** The hash-chained log the rollout's events go to; a new one when not given. */
  log?: FlowLog;
  /** Canary traffic shares in percent, strictly increasing within (0, 100); default {@link DEFAULT_CANARY_STEPS}. */
  canarySteps?: readonly number[];
  /**
   * The trigger as a condition over observed metrics. Required when the plan's trigger could
   * not be compiled (it has no clauses); when given, it replaces the compiled clauses.
   */
  condition?: TriggerCondition;
  /** Buckets requests for the canary split; default SHA-256. */
  hash?: HashFn;
}

/**
 * The dependencies the rollout of plan `P` cannot be built without, as a type: a plan whose
 * trigger spec-kit could not read (`unreadable` set) requires `condition`.
 */
export type RolloutDepsFor<P extends RollbackPlan> = RolloutDeps & (P["trigger"] extends { readonly unreadable: string } ? { condition: TriggerCondition } : unknown);

/** Thrown by `createRollout` when the plan's trigger has no condition: spec-kit could not read it and none was injected. */
export class RolloutDependencyError extends Error {
  override readonly name = "RolloutDependencyError";
  constructor(
    readonly phaseId: string,
    detail: string,
  ) {
    super(`the rollout of ${phaseId} cannot be built: ${detail}`);
  }
}

/** Which version serves a request, and which runs beside it in shadow. */
export interface Route {
  readonly serve: string;
  /** Set in the shadow stage: the new version runs on the request too, but its answer is only observed. */
  readonly shadow?: string;
}

/** The outcome of a promotion or a rollback: the move made, or why none was. */
export type RolloutMove =
  | { readonly ok: true; readonly from: string; readonly to: string; readonly event: FlowEvent }
  | { readonly ok: false; readonly reason: RolloutRefusal; readonly detail: string };

/** Why a move was refused. */
export type RolloutRefusal = "not observed" | "breached" | "approval missing" | "approval invalid" | "actor missing" | "finished";

/** What one observation did: the trigger's verdict, and whether it rolled the release back. */
export interface Observation {
  readonly verdict: TriggerVerdict;
  readonly rolledBack: boolean;
  readonly stage: RolloutStage;
}

/** A release moving shadow -> canary (steps) -> full, rolled back by itself when its trigger holds. */
export interface Rollout {
  readonly phaseId: string;
  readonly version: string;
  readonly targetVersion: string;
  readonly log: FlowLog;
  stage(): RolloutStage;
  /** The percent of traffic the new version serves: 0 in shadow and after a rollback, the step in canary, 100 in full. */
  share(): number;
  /** The version serving the request with this key (a stable split by the key's hash). */
  route(key: string): Route;
  /** Feeds observed metrics to the trigger; rolls back at once when it holds (for as long as the plan says). */
  observe(metrics: PhaseMetrics): Observation;
  /**
   * Moves one step on: shadow to the first canary step, each canary step to the next, the last to
   * full. Refused unless the last observation in the current step was clear, and, where the plan
   * requires it, without an operator approval (`approved_by`, `at` not in the future).
   */
  promote(approval?: TaskApproval): RolloutMove;
  /** The rollback switch, operable at every stage but after a rollback: back to the target version. */
  rollback(reason: string, actor: string): RolloutMove;
}

/**
 * Checks a rollback plan (a generated module's) and freezes it, nested values too, so that no
 * importer can change the trigger or the target it rolls back to. Throws a TypeError on a
 * malformed plan: a generator bug.
 */
export function defineRollbackPlan<const P extends RollbackPlan>(plan: P): P {
  if (typeof plan !== "object" || plan === null) throw new TypeError("a rollback plan must be an object");
  if (!nonEmpty(plan.phaseId) || !nonEmpty(plan.targetVersion) || typeof plan.action !== "string") {
    throw new TypeError("a rollback plan needs a phaseId, an action and a targetVersion");
  }
  if (typeof plan.approvalRequired !== "boolean") throw new TypeError("a rollback plan says whether promotions need approval");
  const { trigger } = plan;
  if (typeof trigger?.text !== "string" || !Array.isArray(trigger.clauses)) throw new TypeError("a rollback plan needs a trigger with its text and clauses");
  if (trigger.clauses.length === 0 && !isNonEmptyString(trigger.unreadable)) throw new TypeError("a trigger without clauses says why it is unreadable");
  if (trigger.sustain !== undefined && !validSustain(trigger.sustain)) throw new TypeError("the trigger's sustain is malformed");
  return deepFreeze(plan);
}

/** Versions and ids are taken as the spec writes them: any non-empty string. */
function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function stepsOf(given: readonly number[] | undefined): readonly number[] {
  const steps = given ?? DEFAULT_CANARY_STEPS;
  if (!Array.isArray(steps) || steps.length === 0) throw new RangeError("canarySteps must list at least one traffic share");
  steps.forEach((share: unknown, i) => {
    if (!(typeof share === "number" && Number.isFinite(share) && share > 0 && share < 100)) throw new RangeError("each canary step must be a percent strictly between 0 and 100");
    if (i > 0 && share <= steps[i - 1]!) throw new RangeError("canary steps must increase");
  });
  return Object.freeze([...steps]);
}

/** A bucket in [0, 100) from the first 32 bits of the key's hash. */
function bucketOf(key: string, hash: HashFn): number {
  return (Number.parseInt(hash(key).slice(0, 8), 16) / 0x1_0000_0000) * 100;
}

/**
 * Creates the rollout of one release under a phase's rollback plan (seed 002 P6), starting in
 * shadow. Every move, every observation and every refusal is an event in the hash-chained log,
 * carrying the release's trace ids. Throws a {@link RolloutDependencyError} for a plan whose
 * trigger has no condition, and a TypeError or RangeError for malformed dependencies.
 */
export function createRollout<const P extends RollbackPlan>(plan: P, deps: RolloutDepsFor<P>): Rollout {
  const given: RolloutDeps = deps;
  if (!nonEmpty(plan.phaseId) || !nonEmpty(plan.targetVersion)) throw new TypeError("a rollback plan needs a phaseId and a targetVersion");
  if (!nonEmpty(given.version)) throw new TypeError(`the rollout of ${plan.phaseId} needs the version it releases`);
  if (given.version === plan.targetVersion) throw new TypeError(`the rollout of ${plan.phaseId} releases ${given.version}, which is its own rollback target`);
  const condition = typeof given.condition === "function" ? given.condition : undefined;
  if (condition === undefined && plan.trigger.clauses.length === 0) {
    throw new RolloutDependencyError(plan.phaseId, `its trigger ${JSON.stringify(plan.trigger.text)} has no condition spec-kit could read; inject deps.condition (a TriggerCondition)`);
  }
  if (plan.trigger.sustain !== undefined && !validSustain(plan.trigger.sustain)) throw new RangeError(`the trigger of ${plan.phaseId} has a malformed sustain`);
  const steps = stepsOf(given.canarySteps);
  const hash = given.hash ?? sha256Hex;
  const what = `the rollout of ${plan.phaseId}`;
  const recorder = createFlowRecorder({ now: given.now, trace: requireTraceIds(given.trace, what), log: given.log, what });
  const tracker = createSustainTracker(plan.trigger.sustain);
  let stage: RolloutStage = "shadow";
  let step = 0;
  /** The last verdict observed in the current stage and step. */
  let lastVerdict: TriggerVerdict | undefined;

  const describeStage = (): string => (stage === "canary" ? `canary ${steps[step]}%` : stage);
  const share = (): number => (stage === "full" ? 100 : stage === "canary" ? steps[step]! : 0);
  const refuse = (reason: RolloutRefusal, detail: string): RolloutMove => {
    recorder.emit("rollout.refused", { phase_id: plan.phaseId, stage: describeStage(), reason, detail });
    return { ok: false, reason, detail };
  };
  const enter = (next: RolloutStage, nextStep: number, type: string, data: Record<string, unknown>): RolloutMove => {
    const from = describeStage();
    stage = next;
    step = nextStep;
    lastVerdict = undefined;
    tracker.reset();
    const to = describeStage();
    const event = recorder.emit(type, { phase_id: plan.phaseId, from, to, share: share(), version: given.version, target_version: plan.targetVersion, ...data });
    return { ok: true, from, to, event };
  };
  const rollBack = (cause: "trigger" | "manual", data: Record<string, unknown>): RolloutMove =>
    enter("rolled_back", 0, "rollout.rolled_back", { cause, action: plan.action, ...data });

  recorder.emit("rollout.started", {
    phase_id: plan.phaseId,
    stage: "shadow",
    version: given.version,
    target_version: plan.targetVersion,
    canary_steps: [...steps],
    trigger: plan.trigger.text,
  });

  return Object.freeze({
    phaseId: plan.phaseId,
    version: given.version,
    targetVersion: plan.targetVersion,
    log: recorder.log,
    stage: () => stage,
    share,
    route(key: string): Route {
      if (stage === "shadow") return { serve: plan.targetVersion, shadow: given.version };
      if (stage === "full") return { serve: given.version };
      if (stage === "rolled_back") return { serve: plan.targetVersion };
      return { serve: bucketOf(String(key), hash) < share() ? given.version : plan.targetVersion };
    },
    observe(metrics: PhaseMetrics): Observation {
      const observed = typeof metrics === "object" && metrics !== null ? metrics : {};
      const verdict = condition !== undefined ? askCondition(condition, observed) : evaluateTrigger(plan.trigger, observed);
      if (stage === "rolled_back") return { verdict, rolledBack: false, stage };
      const fires = tracker.observe(verdict, toMillis(given.now()));
      recorder.emit("rollout.observed", { phase_id: plan.phaseId, stage: describeStage(), verdict: verdict.state, message: verdict.message, fires });
      lastVerdict = verdict;
      if (!fires) return { verdict, rolledBack: false, stage };
      rollBack("trigger", { trigger: plan.trigger.text, message: verdict.message });
      return { verdict, rolledBack: true, stage };
    },
    promote(approval?: TaskApproval): RolloutMove {
      if (stage === "rolled_back" || stage === "full") return refuse("finished", `the rollout is ${stage === "full" ? "at full enforcement" : "rolled back"}`);
      if (lastVerdict === undefined || lastVerdict.state === "unobserved") {
        return refuse("not observed", `no clear observation of the trigger in ${describeStage()}${lastVerdict ? ` (${lastVerdict.message})` : ""}`);
      }
      if (lastVerdict.state === "breached") return refuse("breached", `the trigger holds in ${describeStage()}: ${lastVerdict.message}`);
      let approvedBy: string | undefined;
      if (plan.approvalRequired) {
        if (approval === undefined || approval === null) return refuse("approval missing", "a promotion needs a recorded operator approval");
        const at = parseIsoInstant(approval.at);
        if (!isNonEmptyString(approval.approved_by) || at === undefined || at > toMillis(given.now())) {
          return refuse("approval invalid", "the approval needs approved_by and an ISO 8601 `at` that is not in the future");
        }
        approvedBy = approval.approved_by;
      }
      const approved = approvedBy === undefined ? {} : { approved_by: approvedBy, approved_at: approval!.at };
      if (stage === "shadow") return enter("canary", 0, "rollout.promoted", approved);
      if (step + 1 < steps.length) return enter("canary", step + 1, "rollout.promoted", approved);
      return enter("full", 0, "rollout.promoted", approved);
    },
    rollback(reason: string, actor: string): RolloutMove {
      if (stage === "rolled_back") return refuse("finished", "the rollout is already rolled back");
      if (!isNonEmptyString(actor) || !isNonEmptyString(reason)) return refuse("actor missing", "a manual rollback names its actor and reason");
      return rollBack("manual", { actor, reason });
    },
  });
}
