import type { DecisionContext, DecisionSource } from "./decision.js";
import { DEFAULT_POLICY_MEMORY_PAGES, loadOpaPolicy } from "./opa-policy.js";
import type { TaskEnvelope } from "./task-envelope.js";

/** How an OPA decision source is built. */
export interface OpaDecisionOptions {
  /** The boolean rule to ask, as `opa build -e` names it: `gates/permission/allow`. */
  entrypoint: string;
  /** The policy's `data` document (a bundle's `data.json`, parsed). */
  data?: unknown;
  /** Most memory the policy may use, in 64 KiB pages (default 1,024: 64 MiB). */
  maxMemoryPages?: number;
  /**
   * The policy's `input` for an envelope. Default: the envelope itself, so that Rego reads
   * `input.tenant_id`, `input.principal`, `input.approval`.
   */
  input?: (envelope: Readonly<TaskEnvelope>, context: DecisionContext) => unknown;
}

/** Thrown by {@link createOpaDecisionSource} for a policy that cannot decide anything. */
export class OpaPolicyError extends Error {
  override readonly name = "OpaPolicyError";
}

/**
 * A gate's decision source backed by a compiled Rego policy (`opa build -t wasm`): each call
 * evaluates `entrypoint` with the envelope as `input` and allows only when the result set is
 * exactly one result whose value is `true`. Anything else denies: `false`, an undefined rule
 * (empty result set), any other value, an evaluation that throws or traps, a policy that runs
 * out of its memory, an aborted `signal`. Evaluation is synchronous WebAssembly in the caller's
 * thread (it cannot be interrupted): gate on policies that `spec-kit check` has run within its
 * time budget. Building rejects with {@link OpaPolicyError} when the module is not an OPA
 * policy, lacks the entrypoint, or rejects the data.
 */
export async function createOpaDecisionSource(policyWasm: Uint8Array, options: OpaDecisionOptions): Promise<DecisionSource> {
  const loaded = await loadOpaPolicy(policyWasm, options.maxMemoryPages ?? DEFAULT_POLICY_MEMORY_PAGES);
  if (!loaded.ok) throw new OpaPolicyError(`the policy ${loaded.problem}`);
  const { policy } = loaded;
  const { entrypoint } = options;
  if (!policy.entrypoints.includes(entrypoint)) {
    throw new OpaPolicyError(`the policy has no entrypoint ${JSON.stringify(entrypoint)}; it has ${policy.entrypoints.map((e) => JSON.stringify(e)).join(", ") || "none"}`);
  }
  if (options.data !== undefined) {
    try {
      policy.setData(options.data);
    } catch (error) {
      throw new OpaPolicyError(`the policy rejected its data: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const toInput = options.input ?? ((envelope) => envelope);
  return (envelope, context) => {
    if (context.signal?.aborted) return false;
    try {
      const resultSet = policy.evaluate(toInput(envelope, context), entrypoint);
      return isExactlyTrue(resultSet);
    } catch {
      return false;
    }
  };
}

/** True only for the result set `[{ result: true }]`. */
function isExactlyTrue(resultSet: unknown): boolean {
  if (!Array.isArray(resultSet) || resultSet.length !== 1) return false;
  const only: unknown = resultSet[0];
  return typeof only === "object" && only !== null && (only as { result?: unknown }).result === true;
}
