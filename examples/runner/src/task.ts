/**
 * A P7 task through its generated gate: the gate admits a task of the lease's own tenant, denies
 * one that crosses tenants before it runs, and stops one whose lease is revoked while it runs.
 */
import type { Receipt, TraceIds } from "spec-kit/runtime";
import { createPhaseGate } from "../generated/gates/P7.js";
import { LeaseStore, envelopeFor, permissionTable, sandboxedCapabilities, type ManualClock } from "./host.js";

const trace = (task: string): TraceIds => ({ trace_id: `trace-${task}`, session_id: "session-1", task_id: task, capability_id: "summarise", version: "v1" });

/** What the three runs gave. */
export interface TaskRuns {
  admitted: Receipt<string>;
  crossTenant: Receipt<string>;
  revokedMidRun: Receipt<string>;
  stepsBeforeRevocation: number;
}

export async function runP7Tasks(clock: ManualClock): Promise<TaskRuns> {
  const leases = new LeaseStore();
  const gate = createPhaseGate({
    now: clock.now,
    checks: {
      permission: permissionTable({ "agent-7": ["summarise"] }),
      sandbox: sandboxedCapabilities(["summarise"]),
    },
    leases: leases.source,
  });

  const admitted = await gate.execute(envelopeFor(trace("task-1"), "acme", "agent-7", clock.now()), async ({ checkpoint, chargeTokens }) => {
    await checkpoint();
    chargeTokens(120);
    return "summary of acme's report";
  });

  // The envelope claims tenant globex while holding acme's lease.
  const foreign = envelopeFor(trace("task-2"), "acme", "agent-7", clock.now());
  const crossTenant = await gate.execute({ ...foreign, tenant_id: "globex" }, () => "globex data");

  let steps = 0;
  const revokedMidRun = await gate.execute(envelopeFor(trace("task-3"), "acme", "agent-7", clock.now()), async ({ checkpoint }) => {
    for (let step = 0; step < 5; step += 1) {
      await checkpoint();
      steps += 1;
      if (step === 1) leases.revoke("lease-task-3");
    }
    return "all five steps";
  });
  return { admitted, crossTenant, revokedMidRun, stepsBeforeRevocation: steps };
}
