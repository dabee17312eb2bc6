import { describe, expect, it } from "vitest";
import { compareReplay, createEventLog, payloadDigest, replay } from "../../runtime/index.js";

const run = [
  { step: "route", to: "pool-a" },
  { step: "invoke", capability: "cap-1", tokens: 10 },
  { step: "settle", cost: 3 },
];

describe("replay", () => {
  it("reports identical runs, ignoring key order", () => {
    const reordered = run.map((p) => Object.fromEntries(Object.entries(p).reverse()));
    expect(compareReplay(run, reordered)).toEqual({ ok: true, length: 3 });
  });

  it("reports the first divergence with both digests and payloads", () => {
    const drifted = [run[0], { ...run[1], tokens: 12 }, { step: "settle", cost: 4 }];
    const report = compareReplay(run, drifted);
    expect(report).toEqual({
      ok: false,
      kind: "divergence",
      index: 1,
      expected: { digest: payloadDigest(run[1]), payload: run[1] },
      actual: { digest: payloadDigest(drifted[1]), payload: drifted[1] },
    });
  });

  it("reports a run that ends early or runs long at the first missing step", () => {
    expect(compareReplay(run, run.slice(0, 2))).toMatchObject({ ok: false, index: 2, actual: undefined });
    expect(compareReplay(run.slice(0, 1), run)).toMatchObject({ ok: false, index: 1, expected: undefined });
  });

  it("replays a recorded log against a fresh run", () => {
    const log = createEventLog<unknown>();
    run.forEach((payload) => log.append(payload));
    expect(replay(log.records(), run)).toEqual({ ok: true, length: 3 });
    expect(replay(log.records(), [...run.slice(0, 2), { step: "settle", cost: 9 }])).toMatchObject({ ok: false, kind: "divergence", index: 2 });
  });

  it("refuses to replay a log whose chain is broken", () => {
    const log = createEventLog<unknown>();
    run.forEach((payload) => log.append(payload));
    const records = JSON.parse(JSON.stringify(log.records())) as { payload: { cost?: number } }[];
    records[2]!.payload.cost = 1;
    expect(replay(records as never, run)).toMatchObject({ ok: false, kind: "broken-chain", index: 2, reason: "hash mismatch" });
  });
});
