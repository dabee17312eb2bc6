import { canonicalJson } from "../common/canonical-json.js";
import { sha256Hex, type HashFn } from "../common/hash.js";
import { verifyChain, type ChainBreak, type ChainRecord } from "../common/hash-chain.js";

/** One side of a divergence: the payload's digest and the payload, or `undefined` past the end. */
export interface ReplayStep {
  readonly digest: string;
  readonly payload: unknown;
}

/**
 * The outcome of a replay (seed 002 P10): identical, a broken chain, or the first step where
 * the two runs differ, with both sides so the drift can be explained.
 */
export type ReplayReport =
  | { readonly ok: true; readonly length: number }
  | { readonly ok: false; readonly kind: "broken-chain"; readonly index: number; readonly reason: ChainBreak; readonly detail: string }
  | {
      readonly ok: false;
      readonly kind: "divergence";
      readonly index: number;
      readonly expected: ReplayStep | undefined;
      readonly actual: ReplayStep | undefined;
    };

/** The digest of one payload: the hash of its canonical JSON. */
export function payloadDigest(payload: unknown, hash: HashFn = sha256Hex): string {
  return hash(canonicalJson(payload));
}

/**
 * Compares two payload sequences step by step by digest and reports the first index where
 * they differ, including one run ending early. Key order inside payloads does not matter.
 */
export function compareReplay(expected: readonly unknown[], actual: readonly unknown[], hash: HashFn = sha256Hex): ReplayReport {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index += 1) {
    const want = index < expected.length ? step(expected[index], hash) : undefined;
    const got = index < actual.length ? step(actual[index], hash) : undefined;
    if (want?.digest !== got?.digest) return { ok: false, kind: "divergence", index, expected: want, actual: got };
  }
  return { ok: true, length };
}

/**
 * Replays a recorded log against the payloads a fresh run produced: the log's chain must verify,
 * then its payloads must match `expected` step by step.
 */
export function replay(log: readonly ChainRecord[], expected: readonly unknown[], hash: HashFn = sha256Hex): ReplayReport {
  const verification = verifyChain(log, hash);
  if (!verification.ok) {
    const { index, reason, detail } = verification;
    return { ok: false, kind: "broken-chain", index, reason, detail };
  }
  return compareReplay(
    expected,
    log.map((record) => record.payload),
    hash,
  );
}

function step(payload: unknown, hash: HashFn): ReplayStep {
  return { digest: payloadDigest(payload, hash), payload };
}
