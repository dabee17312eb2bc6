import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEventLog, GENESIS_PREV, recordHash, sha256Hex, verifyChain, type ChainRecord } from "../../runtime/index.js";

type Payload = { type: string; n: number };

function logOf(count: number) {
  const log = createEventLog<Payload>();
  for (let n = 0; n < count; n += 1) log.append({ type: "task.started", n });
  return log;
}

const thaw = (records: readonly ChainRecord<Payload>[]): ChainRecord<Payload>[] => JSON.parse(JSON.stringify(records)) as ChainRecord<Payload>[];

describe("event log", () => {
  it("chains each record to the previous one by hash over canonical JSON", () => {
    const log = logOf(3);
    const [first, second] = log.records();
    expect(first).toMatchObject({ seq: 0, prev: GENESIS_PREV });
    expect(second!.prev).toBe(first!.hash);
    expect(first!.hash).toBe(sha256Hex('{"payload":{"n":0,"type":"task.started"},"prev":"' + GENESIS_PREV + '","seq":0}'));
    expect(log.head()).toBe(log.records()[2]!.hash);
    expect(log.verify()).toEqual({ ok: true, length: 3 });
  });

  it("is append-only: records are frozen copies of the payload", () => {
    const log = createEventLog<{ list: number[] }>();
    const payload = { list: [1] };
    const record = log.append(payload);
    payload.list.push(2);
    expect(record.payload.list).toEqual([1]);
    expect(() => (record.payload.list as number[]).push(3)).toThrow(TypeError);
    expect(() => (log.records() as unknown[]).pop()).toThrow(TypeError);
  });

  it("refuses payloads that are not JSON data", () => {
    const log = createEventLog<unknown>();
    expect(() => log.append({ when: new Date() })).toThrow(TypeError);
    expect(() => log.append({ n: Number.NaN })).toThrow(TypeError);
    expect(log.records()).toHaveLength(0);
  });

  it("uses an injected hash function", () => {
    const log = createEventLog<number>({ hash: (text) => `len:${text.length}` });
    const record = log.append(7);
    expect(record.hash).toBe(`len:${JSON.stringify({ payload: 7, prev: GENESIS_PREV, seq: 0 }).length}`);
    expect(log.verify().ok).toBe(true);
    expect(verifyChain(log.records()).ok).toBe(false);
  });

  it("names an edited record", () => {
    const records = thaw(logOf(4).records());
    (records[2]!.payload as Payload).n = 99;
    expect(verifyChain(records)).toMatchObject({ ok: false, index: 2, reason: "hash mismatch" });
  });

  it("names an edited record even when its hash was recomputed, at the record after it", () => {
    const records = thaw(logOf(4).records());
    const forged = records[1]!;
    (forged.payload as Payload).n = 99;
    (forged as { hash: string }).hash = recordHash(forged.seq, forged.prev, forged.payload);
    expect(verifyChain(records)).toMatchObject({ ok: false, index: 2, reason: "prev mismatch" });
  });

  it("names a deleted record", () => {
    const records = thaw(logOf(4).records());
    records.splice(1, 1);
    expect(verifyChain(records)).toMatchObject({ ok: false, index: 1, reason: "seq mismatch" });
  });

  it("names reordered records", () => {
    const records = thaw(logOf(4).records());
    [records[1], records[2]] = [records[2]!, records[1]!];
    expect(verifyChain(records)).toMatchObject({ ok: false, index: 1 });
  });

  it("names a record that is not a record at all", () => {
    const records: unknown[] = thaw(logOf(2).records());
    records[1] = { seq: 1 };
    expect(verifyChain(records)).toMatchObject({ ok: false, index: 1, reason: "not a record" });
  });

  it("detects any single tampering: edit, delete, swap or duplicate, at the first affected index", () => {
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant("edit" as const), at: fc.nat(), value: fc.integer() }),
      fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("swap" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), tamper, (length, change) => {
        const records = thaw(logOf(length).records());
        const at = change.kind === "swap" ? change.at % (length - 1) : change.at % length;
        if (change.kind === "edit") {
          const payload = records[at]!.payload as Payload;
          fc.pre(payload.n !== change.value);
          payload.n = change.value;
        } else if (change.kind === "delete") {
          fc.pre(at < length - 1);
          records.splice(at, 1);
        } else if (change.kind === "swap") {
          [records[at], records[at + 1]] = [records[at + 1]!, records[at]!];
        } else {
          records.splice(at, 0, records[at]!);
        }
        const result = verifyChain(records);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.index).toBe(change.kind === "duplicate" ? at + 1 : at);
      }),
    );
  });
});
