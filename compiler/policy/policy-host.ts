// The contract between the compiler's pure policy stage (run-policies.ts) and whoever can
// read policy files and run WebAssembly under a time and memory limit (cli/policy/).

/** Limits on one policy's evaluation (every entrypoint it runs, together). */
export interface PolicyBudget {
  /** Wall-clock time from the module's loading to its last result. */
  timeoutMs: number;
  /** The policy's WebAssembly memory, in MiB (64 KiB pages × 16). */
  memoryMiB: number;
}

/** Budget of a policy whose manifest entry sets none. */
export const DEFAULT_POLICY_BUDGET: Readonly<PolicyBudget> = Object.freeze({ timeoutMs: 10_000, memoryMiB: 64 });

/** One policy to evaluate. */
export interface PolicyRequest {
  /** The policy file: relative to the bundle root for a manifest entry, as given for `--policy`. */
  path: string;
  /** True for `--policy` paths, read as given rather than from inside the bundle. */
  external: boolean;
  /** A JSON data file, relative to the bundle root, merged over the bundle's `data.json`. */
  data?: string;
  /** The entrypoints to evaluate; absent means every deny, warn and violation rule. */
  entrypoints?: readonly string[];
  budget: PolicyBudget;
}

/** Why a policy gave no (or not every) result. */
export type PolicyFailureKind =
  /** The policy file cannot be read. */
  | "unreadable"
  /** The file is not a policy spec-kit runs: a refused archive, a module off the OPA ABI. */
  | "refused"
  /** The data file cannot be read, is not a JSON object, or the policy rejects it. */
  | "data"
  /** A requested entrypoint is not in the policy. */
  | "missing-entrypoint"
  /** A requested entrypoint is not a deny, warn or violation rule. */
  | "not-a-rule"
  /** The policy has no deny, warn or violation rule and none was requested. */
  | "no-rules"
  /** An entrypoint threw or trapped (memory exhausted included). */
  | "failed"
  /** The time budget ran out (or the worker died of its heap limit) before the last result. */
  | "stopped";

/** A policy's failure: what went wrong, in words, and the entrypoint it concerns. */
export interface PolicyFailure {
  kind: PolicyFailureKind;
  /** Completes a sentence about the policy ("is not a WebAssembly module", "trapped: unreachable"). */
  detail: string;
  entrypoint?: string;
  /** The policy's entrypoints, when it loaded far enough to list them. */
  available?: readonly string[];
}

/** What evaluating one policy gave. */
export interface PolicyOutcome {
  /** Each evaluated entrypoint's result set (`[{ result }]`, empty when undefined), in evaluation order. */
  results: readonly { entrypoint: string; resultSet: unknown }[];
  /** Set when the policy did not load, or stopped before its last entrypoint. */
  failure?: PolicyFailure;
  /** The files read (the policy, its data file), each with the SHA-256 of its bytes: what the result depends on. */
  files?: readonly PolicyFileDigest[];
}

/** A file a policy was read from, and the SHA-256 (hex) of its bytes. */
export interface PolicyFileDigest {
  path: string;
  sha256: string;
}

/** Reads and evaluates policies for the pure stage. */
export interface PolicyHost {
  /** Loads the policy `request` names and evaluates its entrypoints over `input` (JSON text). Never throws. */
  evaluate(request: PolicyRequest, input: string): PolicyOutcome;
}

/** A policy named outside the manifest (`check --policy PATH`). */
export interface ExtraPolicy {
  /** As given on the command line. */
  path: string;
  /** Where its findings without a location go: the policy file, relative to the bundle root. */
  file: string;
}

/** What `check` needs to evaluate policies. */
export interface PolicyOptions {
  host: PolicyHost;
  /** Policies besides the manifest's `policies` list. */
  extra?: readonly ExtraPolicy[];
}
