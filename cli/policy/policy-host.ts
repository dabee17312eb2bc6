import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { BundleHost, ReadResult } from "../../compiler/load/source-document.js";
import type { PolicyFileDigest, PolicyHost, PolicyOptions, PolicyOutcome, PolicyRequest } from "../../compiler/policy/policy-host.js";
import { DEFAULT_ARCHIVE_LIMITS } from "../archive/archive-limits.js";
import { readLimited } from "../node-host.js";
import { parseJsonBytes } from "./json-bytes.js";
import { runPolicy, type PolicyRun } from "./run-policy.js";

/** Largest policy file read: an archive is refused past this size before it is unpacked. */
export const MAX_POLICY_FILE_BYTES = DEFAULT_ARCHIVE_LIMITS.maxUnpackedBytes;

/** Largest data file read. */
export const MAX_POLICY_DATA_BYTES = 16 * 1024 * 1024;

/** Options of {@link createPolicyHost}. */
export interface PolicyHostOptions {
  /** Reads a `--policy` path as given (default: from the file system, relative to the current folder). */
  readExternal?: (path: string, maxBytes: number) => ReadResult;
  /** The worker script (default: the built one). */
  workerScript?: URL;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function unreadable(result: ReadResult & { ok: false }): string {
  return result.reason === "not-found" ? "no such file" : result.message;
}

/**
 * The CLI's policy host: reads a manifest's policy and data files through the bundle's host
 * (so they never come from outside the bundle or through a link out of it), `--policy` paths
 * from the file system, and evaluates each policy on a worker under its budget.
 */
export function createPolicyHost(bundle: BundleHost, options: PolicyHostOptions = {}): PolicyHost {
  const readExternal = options.readExternal ?? ((path: string, maxBytes: number) => readLimited(resolve(path), path, maxBytes));
  return {
    evaluate(request: PolicyRequest, input: string): PolicyOutcome {
      const files: PolicyFileDigest[] = [];
      const outcome = (result: PolicyOutcome): PolicyOutcome => (files.length > 0 ? { ...result, files } : result);
      const file = request.external ? readExternal(request.path, MAX_POLICY_FILE_BYTES) : bundle.readFile(request.path, MAX_POLICY_FILE_BYTES);
      if (!file.ok) return { results: [], failure: { kind: "unreadable", detail: unreadable(file) } };
      files.push({ path: request.path, sha256: sha256(file.bytes) });
      const run: PolicyRun = { bytes: file.bytes, input, budget: request.budget };
      if (request.entrypoints !== undefined) run.entrypoints = request.entrypoints;
      if (request.data !== undefined) {
        const data = bundle.readFile(request.data, MAX_POLICY_DATA_BYTES);
        if (!data.ok) return outcome({ results: [], failure: { kind: "data", detail: `file ${request.data} cannot be read: ${unreadable(data)}` } });
        files.push({ path: request.data, sha256: sha256(data.bytes) });
        const parsed = parseJsonBytes(data.bytes)?.value;
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
          return outcome({ results: [], failure: { kind: "data", detail: `file ${request.data} is not a JSON object` } });
        }
        run.data = parsed as Record<string, unknown>;
      }
      return outcome(runPolicy(run, options.workerScript));
    },
  };
}

/**
 * Policy options for the bundle at `dir` read through `host`, with `--policy` paths (relative to
 * the current folder): their findings without a location point at the policy file, as a path
 * relative to the bundle root like every diagnostic's.
 */
export function bundlePolicyOptions(dir: string, host: BundleHost, extra: readonly string[]): PolicyOptions {
  const root = resolve(dir);
  return {
    host: createPolicyHost(host),
    extra: extra.map((path) => {
      const file = isAbsolute(path) ? resolve(path) : relative(root, resolve(path));
      return { path, file: sep === "/" ? file : file.split(sep).join("/") };
    }),
  };
}
