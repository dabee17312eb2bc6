// Checking an in-memory bundle with policies, as `spec-kit check` does: every shipped rule, and
// the CLI's policy host (its worker runs from the build, which `npm test` makes first).
import { createPolicyHost } from "../../../cli/policy/policy-host.js";
import { manifestYaml } from "../../../compiler/check/rule-examples.js";
import { checkBundle, type CheckResult } from "../../../compiler/program.js";
import { ALL_RULES } from "../../../rules/index.js";
import { memoryHost, type MemoryFiles } from "../../helpers/memory-host.js";

/** The manifest entry's lines under `policies:`, after `- path: policies/p.wasm` (line 4). */
export function policyManifest(...entryLines: readonly string[]): string {
  return manifestYaml("policies:", "  - path: policies/p.wasm", ...entryLines.map((line) => `    ${line}`));
}

/** Checks `files` with policies evaluated. */
export function checkWithPolicies(files: MemoryFiles): CheckResult {
  const host = memoryHost(files);
  return checkBundle(host, { rules: ALL_RULES, policies: { host: createPolicyHost(host) } });
}
