import { canonicalJson } from "../common/canonical-json.js";
import { sha256Hex, type HashFn } from "../common/hash.js";
import type { Now } from "./clock.js";
import { createFlowRecorder, type FlowLog } from "./flow-events.js";
import type { TraceIds } from "./trace-ids.js";

/** One live call as it was recorded: the request, the response, and the digest of each. */
export interface RecordedCall {
  readonly step: number;
  readonly request: unknown;
  readonly response: unknown;
  readonly request_digest: string;
  readonly response_digest: string;
}

/** A session's recorded calls (seed 002 P10), sealed by the digest of all of them. */
export interface ReplaySnapshot {
  readonly calls: readonly RecordedCall[];
  /** The digest of the calls' canonical JSON: a snapshot changed after recording no longer matches it. */
  readonly digest: string;
}

/** One field where a replayed call differs from the recorded one. */
export interface FieldDifference {
  /** JSONPath-like: `$`, `$.route.provider`, `$.messages[2]`. */
  readonly path: string;
  readonly change: "changed" | "missing" | "unexpected";
  readonly expected?: unknown;
  readonly observed?: unknown;
}

/** The first divergence of a replay from its snapshot, explained: the step, both digests, and each differing field. */
export interface ReplayDivergence {
  readonly step: number;
  readonly kind: "request" | "extra call" | "missing call";
  readonly expected_digest: string | undefined;
  readonly observed_digest: string | undefined;
  readonly fields: readonly FieldDifference[];
}

/** How a replay went: every recorded call replayed in order, or the first divergence. */
export type ReplayOutcome = { readonly ok: true; readonly steps: number } | { readonly ok: false; readonly divergence: ReplayDivergence };

/** The error a replayed call rejects with when it departs from the snapshot; no live call is ever made. */
export class ReplayDivergenceError extends Error {
  override readonly name = "ReplayDivergenceError";
  constructor(readonly divergence: ReplayDivergence) {
    super(`replay diverged at step ${divergence.step} (${divergence.kind}): ${divergence.fields.map((f) => `${f.path} ${f.change}`).join(", ") || "no field"}`);
  }
}

/** The error `createReplayBoundary` throws for a snapshot that was changed after it was recorded. */
export class SnapshotIntegrityError extends Error {
  override readonly name = "SnapshotIntegrityError";
}

/** Records live calls into a snapshot. */
export interface CallRecorder<Req, Res> {
  /** Makes the live call and records it (a failed call is not recorded and rejects as it did). */
  call(request: Req): Promise<Res>;
  snapshot(): ReplaySnapshot;
}

/** Replays a snapshot in place of the live calls. */
export interface ReplayBoundary<Req, Res> {
  /**
   * Answers the next call from the snapshot when its request is the recorded one; otherwise
   * rejects with a {@link ReplayDivergenceError} explaining the first divergence, and so does every
   * later call. It never calls anything live.
   */
  call(request: Req): Promise<Res>;
  /** Ends the replay: whole, or the first divergence (a recorded call never made counts). Recorded in the log. */
  finish(): ReplayOutcome;
  readonly log: FlowLog;
}

function digestOf(value: unknown, hash: HashFn): string {
  return `sha256:${hash(canonicalJson(value))}`;
}

function snapshotDigest(calls: readonly RecordedCall[], hash: HashFn): string {
  return digestOf(calls.map(({ step, request, response, request_digest, response_digest }) => ({ step, request, response, request_digest, response_digest })), hash);
}

/** Wraps a live call so that each call is recorded, for a later replay. */
export function createCallRecorder<Req, Res>(live: (request: Req) => Res | Promise<Res>, options: { hash?: HashFn } = {}): CallRecorder<Req, Res> {
  const hash = options.hash ?? sha256Hex;
  const calls: RecordedCall[] = [];
  return {
    async call(request) {
      const frozenRequest = JSON.parse(canonicalJson(request)) as unknown;
      const response = await live(request);
      const frozenResponse = JSON.parse(canonicalJson(response)) as unknown;
      calls.push(
        Object.freeze({
          step: calls.length,
          request: frozenRequest,
          response: frozenResponse,
          request_digest: digestOf(frozenRequest, hash),
          response_digest: digestOf(frozenResponse, hash),
        }),
      );
      return response;
    },
    snapshot: () => Object.freeze({ calls: Object.freeze([...calls]), digest: snapshotDigest(calls, hash) }),
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function childPath(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Explains how `observed` differs from `expected`, field by field (JSON data; key order does not
 * matter): each path whose value changed, is missing from `observed` or is unexpected in it.
 * Empty when they are equal.
 */
export function explainDivergence(expected: unknown, observed: unknown, path = "$"): FieldDifference[] {
  if (expected === undefined || observed === undefined) {
    if (expected === observed) return [];
    return expected === undefined ? [{ path, change: "unexpected", observed }] : [{ path, change: "missing", expected }];
  }
  if (isPlainObject(expected) && isPlainObject(observed)) {
    const out: FieldDifference[] = [];
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(observed)])].sort()) {
      const here = childPath(path, key);
      if (!Object.hasOwn(observed, key)) out.push({ path: here, change: "missing", expected: expected[key] });
      else if (!Object.hasOwn(expected, key)) out.push({ path: here, change: "unexpected", observed: observed[key] });
      else out.push(...explainDivergence(expected[key], observed[key], here));
    }
    return out;
  }
  if (Array.isArray(expected) && Array.isArray(observed)) {
    const out: FieldDifference[] = [];
    for (let i = 0; i < Math.max(expected.length, observed.length); i += 1) {
      const here = childPath(path, i);
      if (i >= observed.length) out.push({ path: here, change: "missing", expected: expected[i] });
      else if (i >= expected.length) out.push({ path: here, change: "unexpected", observed: observed[i] });
      else out.push(...explainDivergence(expected[i], observed[i], here));
    }
    return out;
  }
  return canonicalJson(expected) === canonicalJson(observed) ? [] : [{ path, change: "changed", expected, observed }];
}

/**
 * Creates the replay boundary of a snapshot (seed 002 P10: replay under a fixed boundary, detect
 * deviation, explain it). Throws a {@link SnapshotIntegrityError} when the snapshot's digests do
 * not match its calls (it was changed after recording). The first divergence and the end of the
 * replay are events in the hash-chained log, with the replay's trace ids.
 */
export function createReplayBoundary<Req, Res>(snapshot: ReplaySnapshot, options: { now: Now; trace: TraceIds; log?: FlowLog; hash?: HashFn }): ReplayBoundary<Req, Res> {
  const hash = options.hash ?? sha256Hex;
  const calls = snapshot?.calls;
  if (!Array.isArray(calls)) throw new SnapshotIntegrityError("the snapshot has no list of calls");
  for (const [index, call] of (calls as readonly RecordedCall[]).entries()) {
    if (call?.step !== index) throw new SnapshotIntegrityError(`recorded call ${index} is out of order`);
    if (call.request_digest !== digestOf(call.request, hash) || call.response_digest !== digestOf(call.response, hash)) {
      throw new SnapshotIntegrityError(`recorded call ${index} does not match its digests: the snapshot was changed after recording`);
    }
  }
  if (snapshot.digest !== snapshotDigest(calls, hash)) throw new SnapshotIntegrityError("the snapshot does not match its digest: it was changed after recording");
  const recorder = createFlowRecorder({ now: options.now, trace: options.trace, log: options.log, what: "the replay boundary" });
  recorder.emit("replay.started", { snapshot_digest: snapshot.digest, calls: calls.length });
  let next = 0;
  let divergence: ReplayDivergence | undefined;
  let finished: ReplayOutcome | undefined;

  const diverge = (found: ReplayDivergence): ReplayDivergence => {
    divergence = found;
    recorder.emit("replay.diverged", { ...found, fields: found.fields.map((field) => ({ ...field })) });
    return found;
  };

  return {
    log: recorder.log,
    call(request) {
      if (divergence !== undefined) return Promise.reject(new ReplayDivergenceError(divergence));
      let observed: unknown;
      try {
        observed = JSON.parse(canonicalJson(request)) as unknown;
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new TypeError(String(error)));
      }
      const step = next;
      const recorded = (calls as readonly RecordedCall[])[step];
      if (recorded === undefined) {
        return Promise.reject(
          new ReplayDivergenceError(diverge({ step, kind: "extra call", expected_digest: undefined, observed_digest: digestOf(observed, hash), fields: explainDivergence(undefined, observed) })),
        );
      }
      const observedDigest = digestOf(observed, hash);
      if (observedDigest !== recorded.request_digest) {
        return Promise.reject(
          new ReplayDivergenceError(
            diverge({ step, kind: "request", expected_digest: recorded.request_digest, observed_digest: observedDigest, fields: explainDivergence(recorded.request, observed) }),
          ),
        );
      }
      next += 1;
      return Promise.resolve(JSON.parse(canonicalJson(recorded.response)) as Res);
    },
    finish() {
      if (finished !== undefined) return finished;
      if (divergence === undefined && next < calls.length) {
        const missed = (calls as readonly RecordedCall[])[next]!;
        diverge({ step: next, kind: "missing call", expected_digest: missed.request_digest, observed_digest: undefined, fields: explainDivergence(missed.request, undefined) });
      }
      finished = divergence === undefined ? { ok: true, steps: next } : { ok: false, divergence };
      recorder.emit("replay.finished", { ok: finished.ok, steps: next });
      return finished;
    },
  };
}
