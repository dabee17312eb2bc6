import { describe, expect, it } from "vitest";
import { examplePolicyWasm } from "../../../compiler/policy/example-policy.js";
import { POLICY_LOAD_MESSAGES } from "../../../compiler/policy/policy-messages.js";
import load from "../../../rules/policy/load.js";
import { expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { opaPolicyWasm } from "../../policy/opa-wat.js";
import { checkWithPolicies, policyManifest } from "./policy-bundle.js";

const RULE = "policy/load";

describe(RULE, () => {
  it("is a check-stage rule that owns the policy-load topic with the policy stage's catalogue", () => {
    expect(load.scope === "stage" && [load.stage, load.topic]).toEqual(["check", "policy-load"]);
    expect(load.messages).toBe(POLICY_LOAD_MESSAGES);
  });

  it("reports a missing policy file at the entry's path", () => {
    expectDiagnostics(checkWithPolicies({ "spec-kit.yaml": policyManifest() }), RULE, [
      { ruleId: RULE, messageId: "unreadable", file: "spec-kit.yaml", line: 4, column: 11, message: "policy policies/p.wasm cannot be read: no such file" },
    ]);
  });

  it("reports a file that is no policy at the entry's path", () => {
    expectDiagnostics(checkWithPolicies({ "spec-kit.yaml": policyManifest(), "policies/p.wasm": "package roles\n" }), RULE, [
      { ruleId: RULE, messageId: "refused", line: 4, column: 11, message: "policy policies/p.wasm is neither a WebAssembly module nor an OPA bundle (tar or tar.gz)" },
    ]);
  });

  it("reports a missing entrypoint at its item in entrypoints, naming those the policy has", () => {
    const files = { "spec-kit.yaml": policyManifest("entrypoints: [example/warn, example/violation]"), "policies/p.wasm": examplePolicyWasm() };
    expectDiagnostics(checkWithPolicies(files), RULE, [
      { ruleId: RULE, messageId: "missingEntrypoint", line: 5, column: 33, message: "policy policies/p.wasm has no entrypoint example/violation (it has example/deny, example/warn)" },
    ]);
  });

  it("reports an entrypoint that is no deny, warn or violation rule", async () => {
    const files = { "spec-kit.yaml": policyManifest("entrypoints: [gates/allow]"), "policies/p.wasm": await opaPolicyWasm({ entrypoints: { "gates/allow": { result: true } } }) };
    expectDiagnostics(checkWithPolicies(files), RULE, [{ ruleId: RULE, messageId: "notARule", line: 5, column: 19 }]);
  });

  it("reports data that is not a JSON object at the entry's data", () => {
    const files = { "spec-kit.yaml": policyManifest("data: policies/data.json"), "policies/p.wasm": examplePolicyWasm(), "policies/data.json": "[]" };
    expectDiagnostics(checkWithPolicies(files), RULE, [
      { ruleId: RULE, messageId: "data", line: 5, column: 11, message: "policy policies/p.wasm: its data file policies/data.json is not a JSON object" },
    ]);
  });

  it("reports nothing for a policy that loads", () => {
    const files = { "spec-kit.yaml": policyManifest("entrypoints: [example/warn]"), "policies/p.wasm": examplePolicyWasm() };
    const result = checkWithPolicies(files);
    expect(only(result, RULE)).toEqual([]);
    expect(result.policies).toMatchObject({ policies: 1, failed: 0, evaluated: [{ entrypoint: "example/warn", ruleIds: [] }] });
  });
});
