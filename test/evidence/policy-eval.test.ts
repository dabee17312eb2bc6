// The evidence's policy_eval verdict: the OPA policies a check evaluated (entrypoints and
// denials), or `not configured`; spec-kit's own rules are the static_checks verdict.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyVerifier } from "../../cli/evidence/policy-verifier.js";
import { runCli } from "../../cli/run-cli.js";
import { policyTally } from "../../compiler/evidence/policy-tally.js";
import { MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import { formatTally } from "../../compiler/evidence/verification-summary.js";
import type { Diagnostic } from "../../compiler/diagnostics.js";
import type { PolicySummary } from "../../compiler/policy/run-policies.js";
import { opaPolicyWasm } from "../policy/opa-wat.js";
import { addPolicies } from "../policy/policy-fixtures.js";
import { cleanup, copySpecs, recordingIo, scratch } from "./helpers.js";

const EPOCH = { SOURCE_DATE_EPOCH: "1700000000" };

function diagnostic(ruleId: string, severity: "error" | "warning" = "error"): Diagnostic {
  return { ruleId, severity, message: "m", file: "phases/P1.yaml", line: 1, column: 1, endLine: 1, endColumn: 2 };
}

const SUMMARY: PolicySummary = {
  policies: 2,
  failed: 0,
  files: [],
  evaluated: [
    { policy: "a.wasm", entrypoint: "a/deny", ruleIds: ["policy/a/deny", "policy/a/owner"] },
    { policy: "a.wasm", entrypoint: "a/warn", ruleIds: ["policy/a/warn"] },
    { policy: "b.wasm", entrypoint: "b/deny", ruleIds: [] },
  ],
};

describe("policyTally", () => {
  it("is not configured without policies, whatever the diagnostics", () => {
    const counts = policyTally(undefined, [diagnostic("protocol/schema")]);
    expect(formatTally(counts.tally)).toBe("not configured");
    expect(counts).toMatchObject({ policies: 0, entrypoints: 0, denials: 0 });
  });

  it("counts one check per entrypoint, failed by any error its results became", () => {
    expect(policyTally(SUMMARY, [diagnostic("policy/a/warn", "warning"), diagnostic("protocol/schema")])).toEqual({ tally: { run: true, passed: 3, total: 3 }, policies: 2, entrypoints: 3, denials: 0 });
    const denied = policyTally(SUMMARY, [diagnostic("policy/a/owner"), diagnostic("policy/a/owner"), diagnostic("policy/a/warn", "warning")]);
    expect(formatTally(denied.tally)).toBe("fail (2/3)");
    expect(denied.denials).toBe(2);
  });

  it("fails one check for each policy that did not load or was stopped", () => {
    expect(formatTally(policyTally({ ...SUMMARY, failed: 1 }, [diagnostic("policy/load")]).tally)).toBe("fail (3/4)");
  });
});

describe("verify's policy verifier and apply's evidence on a copy of specs/", () => {
  let root: string;
  let quiet: string;
  let denying: string;

  beforeAll(async () => {
    root = scratch("policy-eval");
    quiet = copySpecs(join(root, "quiet"));
    addPolicies(quiet, [{ path: "policies/quiet.wasm", bytes: await opaPolicyWasm({ entrypoints: { "q/deny": "undefined", "q/warn": { result: ["a note"] } } }) }]);
    denying = copySpecs(join(root, "denying"));
    addPolicies(denying, [{ path: "policies/strict.wasm", bytes: await opaPolicyWasm({ entrypoints: { "s/deny": { result: [{ msg: "P7 needs a second reviewer", phase: "P7" }] }, "s/warn": "undefined" } }) }]);
  });
  afterAll(() => cleanup(root));

  const context = (bundleDir: string) => ({ bundleDir, inputFiles: [], outDir: join(root, "out"), scratchDir: root, env: EPOCH, cli: async () => ({ code: 2, stdout: "", stderr: "" }) });

  it("passes a bundle whose policies deny nothing, counting its entrypoints", async () => {
    const outcome = await policyVerifier.run(context(quiet));
    expect(outcome).toMatchObject({ ok: true, tally: { run: true, passed: 2, total: 2 }, summary: "1 policy, 2 entrypoints, 0 denials", diagnostics: [] });
  });

  it("rejects a bundle a policy denies, naming the denial", async () => {
    const outcome = await policyVerifier.run(context(denying));
    expect(outcome.ok).toBe(false);
    expect(formatTally(outcome.tally)).toBe("fail (1/2)");
    expect(outcome.summary).toBe("1 policy, 2 entrypoints, 1 denial; 1 error");
    expect(outcome.diagnostics).toEqual([expect.stringMatching(/^phases\/P7\.yaml:\d+:\d+ policy\/s\/deny P7 needs a second reviewer$/)]);
  });

  it("does not run, and does not fail, without policies", async () => {
    const outcome = await policyVerifier.run(context(copySpecs(join(root, "plain"))));
    expect(outcome).toMatchObject({ ok: true, tally: { run: false, reason: "not configured" }, summary: "not configured" });
  });

  it("has apply write the policy tally, and write it again when a policy file changes", async () => {
    const out = join(root, "out-quiet");
    const apply = async () => {
      const io = recordingIo(EPOCH);
      const code = await runCli(["apply", quiet, "--out", out], io);
      return { code, out: io.out };
    };
    expect((await apply()).code).toBe(0);
    const first = JSON.parse(readFileSync(join(out, MANIFEST_PATH), "utf8"));
    expect(first.predicate.verification_report).toMatchObject({ policy_eval: "pass (2/2)", static_checks: expect.stringMatching(/^pass \((\d+)\/\1\)$/) });
    expect((await apply()).out).toMatch(/^0 files written/m);
    writeFileSync(join(quiet, "policies", "quiet.wasm"), await opaPolicyWasm({ entrypoints: { "q/deny": "undefined", "q/warn": { result: ["another note"] } } }));
    expect((await apply()).out).toMatch(/^1 file written \(0 added, 1 changed\)/m);
    const second = JSON.parse(readFileSync(join(out, MANIFEST_PATH), "utf8"));
    expect(second.predicate.input_digest).not.toBe(first.predicate.input_digest);
  }, 120_000);
});
