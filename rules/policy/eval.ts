import { defineStageRule } from "../../compiler/check/rule.js";
import { manifestYaml } from "../../compiler/check/rule-examples.js";
import { examplePolicyWasm } from "../../compiler/policy/example-policy.js";
import { POLICY_EVAL_MESSAGES } from "../../compiler/policy/policy-messages.js";

/** A bundle whose manifest runs the example policy's `entrypoint`. */
function policyBundle(entrypoint: string): Record<string, string | Uint8Array> {
  return {
    "spec-kit.yaml": manifestYaml("policies:", "  - path: policies/example.wasm", `    entrypoints: [${entrypoint}]`),
    "policies/example.wasm": examplePolicyWasm(),
  };
}

/** policy/eval: a policy whose evaluation failed, was stopped, or gave results of the wrong shape. */
export const evaluation = defineStageRule({
  id: "policy/eval",
  scope: "stage",
  topic: "policy-eval",
  stage: "check",
  defaultSeverity: "error",
  doc: "A policy's evaluation failed (a trap, an abort, memory exhausted), ran past its time budget, or gave results of the wrong shape.",
  details: [
    "Each policy runs on a worker thread with a time budget (manifest `timeoutMs`, default 10 s, for loading and",
    "every entrypoint) and a memory budget (`memoryMiB`, default 64: the maximum of the WebAssembly memory the policy",
    "imports). A policy that traps or aborts, that grows its memory past the budget, or that is still running when the",
    "time is up (an endless loop) is stopped, and reported here with the entrypoint it was in; the entrypoints after",
    "it are not evaluated. So is a result that is not a set of strings or of objects with a `msg` (conftest's shape),",
    "and a result set of more than 1,000 messages (the first 1,000 are reported). A policy's own findings carry the",
    "ids policy/<package>/<rule>; this rule is about the policy itself. The check fails closed: an error.",
  ].join("\n"),
  messages: POLICY_EVAL_MESSAGES,
  examples: {
    failing: {
      description: "The policy's example/deny traps (WebAssembly `unreachable`) when it is evaluated.",
      files: policyBundle("example/deny"),
    },
    passing: {
      description: "Its example/warn evaluates to an undefined result: nothing to report.",
      files: policyBundle("example/warn"),
    },
  },
});

export default evaluation;
