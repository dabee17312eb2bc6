import { defineStageRule } from "../../compiler/check/rule.js";
import { manifestYaml } from "../../compiler/check/rule-examples.js";
import { examplePolicyWasm } from "../../compiler/policy/example-policy.js";
import { POLICY_LOAD_MESSAGES } from "../../compiler/policy/policy-messages.js";

/** A bundle whose manifest runs the example policy's `entrypoint`. */
function policyBundle(entrypoint: string): Record<string, string | Uint8Array> {
  return {
    "spec-kit.yaml": manifestYaml("policies:", "  - path: policies/example.wasm", `    entrypoints: [${entrypoint}]`),
    "policies/example.wasm": examplePolicyWasm(),
  };
}

/** policy/load: a configured policy that cannot be read or loaded, reported where it is configured. */
export const load = defineStageRule({
  id: "policy/load",
  scope: "stage",
  topic: "policy-load",
  stage: "check",
  defaultSeverity: "error",
  doc: "A policy (manifest `policies` or `check --policy`) cannot be read, unpacked or loaded, or lacks an entrypoint.",
  details: [
    "`check` evaluates the OPA policies the manifest lists under `policies` and those given with `--policy`: Rego",
    "compiled by `opa build -t wasm`, as the bundle.tar.gz it writes (/policy.wasm, /data.json, /.manifest) or as a bare",
    ".wasm module. A policy file is untrusted input. It is refused, and this rule reports it at the manifest entry (or",
    "at the file, for `--policy`), when it cannot be read or lies outside the bundle; when the archive holds a link, a",
    "path outside its root, a repeated path, or more or larger members than the limits allow; when the module is not",
    "WebAssembly, defines its own memory, imports what the OPA ABI does not provide or lacks its exports; when its data",
    "is not a JSON object; or when an entrypoint asked for is missing or is not a deny, warn or violation rule. A policy",
    "that does not load checks nothing, so this is an error: the check fails closed.",
  ].join("\n"),
  messages: POLICY_LOAD_MESSAGES,
  examples: {
    failing: {
      description: "The manifest asks for example/violation, which the compiled policy does not have.",
      files: policyBundle("example/violation"),
    },
    passing: {
      description: "It asks for example/warn, which the policy has (and which finds nothing).",
      files: policyBundle("example/warn"),
    },
  },
});

export default load;
