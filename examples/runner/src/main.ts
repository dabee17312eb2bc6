/**
 * The runner: a P7 task through its gate and a P6 release through a canary and an automatic
 * rollback, both on what `spec-kit apply ../../specs --out generated` wrote. Prints what
 * happened and exits 1 when anything did not go as the specs say.
 */
import { releaseP6 } from "./release.js";
import { runP7Tasks } from "./task.js";
import { ManualClock } from "./host.js";

const clock = new ManualClock(Date.parse("2030-01-01T09:00:00Z"));
const failures: string[] = [];
const expectThat = (what: string, holds: boolean): void => {
  console.log(`${holds ? "ok  " : "FAIL"} ${what}`);
  if (!holds) failures.push(what);
};

const tasks = await runP7Tasks(clock);
expectThat(`P7: a task of the lease's tenant runs (${tasks.admitted.decision}, ${JSON.stringify(tasks.admitted.result)})`, tasks.admitted.decision === "allowed");
expectThat(`P7: a cross-tenant task is denied before it runs (${tasks.crossTenant.reason})`, tasks.crossTenant.decision === "denied" && tasks.crossTenant.reason === "cross-tenant");
expectThat(
  `P7: revoking the lease stops the running task at its next checkpoint (${tasks.revokedMidRun.reason} after ${tasks.stepsBeforeRevocation} steps)`,
  tasks.revokedMidRun.reason === "lease-revoked" && tasks.stepsBeforeRevocation === 2,
);

const release = releaseP6(clock);
const rolledBack = release.events.find((event) => event.type === "rollout.rolled_back");
expectThat(`P6: the release went ${release.stages.join(" -> ")}`, release.stages.join(",") === "shadow,canary 10%,rolled_back");
expectThat(`P6: the rollback was automatic, on its trigger (${String(rolledBack?.data.message)})`, rolledBack?.data.cause === "trigger");
expectThat(`P6: traffic is back on ${release.rollout.targetVersion}`, release.rollout.route("request-1").serve === release.rollout.targetVersion);
expectThat(`P6: ${release.events.length} rollout events, hash chain intact`, release.rollout.log.verify().ok);

if (failures.length > 0) {
  console.error(`runner: ${failures.length} expectation(s) failed`);
  process.exit(1);
}
console.log("runner: ok");
