import { describe, expect, it } from "vitest";
import { examplePolicyWasm } from "../../../compiler/policy/example-policy.js";
import { POLICY_EVAL_MESSAGES } from "../../../compiler/policy/policy-messages.js";
import evaluation from "../../../rules/policy/eval.js";
import { expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { opaPolicyWasm } from "../../policy/opa-wat.js";
import { checkWithPolicies, policyManifest } from "./policy-bundle.js";

const RULE = "policy/eval";

describe(RULE, () => {
  it("is a check-stage rule that owns the policy-eval topic with the policy stage's catalogue", () => {
    expect(evaluation.scope === "stage" && [evaluation.stage, evaluation.topic]).toEqual(["check", "policy-eval"]);
    expect(evaluation.messages).toBe(POLICY_EVAL_MESSAGES);
  });

  it("reports an entrypoint that traps at its item in entrypoints", () => {
    const files = { "spec-kit.yaml": policyManifest("entrypoints: [example/deny]"), "policies/p.wasm": examplePolicyWasm() };
    expectDiagnostics(checkWithPolicies(files), RULE, [
      { ruleId: RULE, messageId: "failed", line: 5, column: 19, message: "policy policies/p.wasm: example/deny failed: trapped (unreachable)", severity: "error" },
    ]);
  });

  it("stops a policy that runs past its time budget, at the entry", async () => {
    const files = { "spec-kit.yaml": policyManifest("timeoutMs: 2000"), "policies/p.wasm": await opaPolicyWasm({ entrypoints: { "p/deny": "loop" } }) };
    expectDiagnostics(checkWithPolicies(files), RULE, [
      { ruleId: RULE, messageId: "stopped", line: 4, column: 5, message: "policy policies/p.wasm was stopped in p/deny: it did not finish within its budget of 2000 ms and 64 MiB" },
    ]);
  });

  it("fails a policy that grows its memory past its budget", async () => {
    const files = { "spec-kit.yaml": policyManifest("memoryMiB: 1"), "policies/p.wasm": await opaPolicyWasm({ entrypoints: { "p/deny": "grow" } }) };
    expectDiagnostics(checkWithPolicies(files), RULE, [{ ruleId: RULE, messageId: "failed", line: 4, column: 5, message: "policy policies/p.wasm: p/deny failed: out of memory" }]);
  });

  it("reports a result of the wrong shape, keeping the well-formed ones", async () => {
    const files = { "spec-kit.yaml": policyManifest(), "policies/p.wasm": await opaPolicyWasm({ entrypoints: { "p/deny": { result: ["kept", 42] } } }) };
    const result = checkWithPolicies(files);
    expectDiagnostics(result, RULE, [{ ruleId: RULE, messageId: "badResult", line: 4, column: 5, message: "policy policies/p.wasm: p/deny gave 42, not a set of strings or of objects with a msg" }]);
    expect(only(result, "policy/p/deny").map((d) => [d.messageId, d.message])).toEqual([["result", "kept"]]);
  });

  it("reports nothing for a policy that evaluates", () => {
    const files = { "spec-kit.yaml": policyManifest("entrypoints: [example/warn]"), "policies/p.wasm": examplePolicyWasm() };
    expect(only(checkWithPolicies(files), RULE)).toEqual([]);
  });
});
