/**
 * A P6 release through its generated rollout: shadow, then a canary on 10% of traffic; the
 * canary's error rate climbs over the stable version's, the trigger compiled from P6's rollback
 * section holds for its ten minutes, and the rollout rolls itself back to the target version.
 */
import type { FlowEvent, Rollout } from "spec-kit/runtime";
import { createPhaseRollout, rollback } from "../generated/flows/P6.js";
import type { ManualClock } from "./host.js";

/** The error rates, in percent, each version shows in this simulation. */
const ERROR_RATE: Readonly<Record<string, number>> = { v0: 0.4, v1: 6 };

/** What the release did. */
export interface ReleaseRun {
  rollout: Rollout;
  stages: string[];
  events: readonly FlowEvent[];
}

/**
 * The trigger's metric, as spec-kit compiled it from P6's `rollback.trigger`: here the canary's
 * error rate over the stable version's, in percentage points, measured on routed traffic.
 */
function observe(rollout: Rollout, requests: number): Record<string, number> {
  const served: Record<string, { requests: number; errors: number }> = {};
  for (let i = 0; i < requests; i += 1) {
    const { serve } = rollout.route(`request-${i}`);
    const bucket = (served[serve] ??= { requests: 0, errors: 0 });
    bucket.requests += 1;
    // Deterministic errors: every request whose index falls in the version's error share fails.
    if ((i * 7919) % 1000 < (ERROR_RATE[serve] ?? 0) * 10) bucket.errors += 1;
  }
  const rate = (version: string): number => {
    const bucket = served[version];
    return bucket === undefined || bucket.requests === 0 ? 0 : (bucket.errors / bucket.requests) * 100;
  };
  const metric = rollback.trigger.clauses[0]!.metric;
  // In shadow the new version serves nothing yet: the shadow comparison shows no excess.
  return { [metric]: served[rollout.version] === undefined ? 0 : rate(rollout.version) - rate(rollout.targetVersion) };
}

export function releaseP6(clock: ManualClock): ReleaseRun {
  const rollout = createPhaseRollout({
    now: clock.now,
    version: "v1",
    trace: { trace_id: "trace-release-v1", session_id: "release", task_id: "release-v1", capability_id: "gate-policy", version: "v1" },
  });
  const approval = () => ({ approved_by: "operator-a", at: new Date(clock.now()).toISOString() });
  const stages = [rollout.stage() as string];
  rollout.observe(observe(rollout, 2_000));
  const promoted = rollout.promote(approval());
  if (promoted.ok) stages.push(promoted.to);
  // The canary runs; the metrics are looked at every five minutes.
  for (let minute = 0; minute <= 15 && rollout.stage() === "canary"; minute += 5) {
    const { rolledBack } = rollout.observe(observe(rollout, 2_000));
    if (rolledBack) stages.push(rollout.stage());
    clock.advance(5);
  }
  return { rollout, stages, events: rollout.log.records().map((record) => record.payload) };
}
