import { describe, expect, it } from "vitest";
import { createGate, TRACE_ID_KEYS, type AuditEvent } from "../../runtime/index.js";
import { ALLOW_ALL, FULL_POLICY, NOW, fixedNow, spyTask, validEnvelope } from "./gate-fixture.js";

describe("gate audit events", () => {
  it("stamps every event with the five trace ids, tenant, phase, sequence and the injected time", async () => {
    let tick = NOW;
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: () => new Date((tick += 1000)) });
    const receipt = await gate.execute(validEnvelope(), spyTask("r").task);
    expect(receipt.events.map((e) => e.type)).toEqual(["gate.checked", "task.started", "task.completed"]);
    receipt.events.forEach((event, index) => {
      expect(event).toMatchObject({
        trace_id: "tr-1",
        session_id: "se-1",
        task_id: "ta-1",
        capability_id: "cap-1",
        version: "v1",
        tenant_id: "acme",
        phase_id: "P7",
        seq: index,
      });
    });
    expect(receipt.events.map((e) => e.at)).toEqual([
      "2026-03-01T12:00:02.000Z",
      "2026-03-01T12:00:03.000Z",
      "2026-03-01T12:00:04.000Z",
    ]);
  });

  it("carries the ids it has on a denial and blanks only the missing one", async () => {
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const receipt = await gate.execute({ ...validEnvelope(), version: undefined }, spyTask(0).task);
    const [denied] = receipt.events;
    expect(denied).toMatchObject({ type: "gate.denied", trace_id: "tr-1", session_id: "se-1", version: "" });
  });

  it("freezes the events, their data and the receipt", async () => {
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const receipt = await gate.execute(validEnvelope(), spyTask(0).task);
    const events = receipt.events as AuditEvent[];
    expect(() => events.push(events[0]!)).toThrow(TypeError);
    expect(() => {
      (events[0] as { trace_id: string }).trace_id = "forged";
    }).toThrow(TypeError);
    expect(Object.isFrozen(events[0]!.data)).toBe(true);
    expect(Object.isFrozen(receipt)).toBe(true);
  });

  it("numbers events across executions of one gate without gaps", async () => {
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const first = await gate.execute(validEnvelope(), spyTask(0).task);
    const second = await gate.execute(validEnvelope({ tenant_id: "other" }), spyTask(0).task);
    const seqs = [...first.events, ...second.events].map((e) => e.seq);
    expect(seqs).toEqual([0, 1, 2, 3]);
  });

  it("records a digest of the admitted envelope, independent of key order", async () => {
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const envelope = validEnvelope();
    const reordered = Object.fromEntries(Object.entries(envelope).reverse());
    const a = await gate.execute(envelope, spyTask(0).task);
    const b = await gate.execute(reordered, spyTask(0).task);
    const digest = (events: readonly AuditEvent[]) => events[0]!.data.envelope_digest;
    expect(digest(a.events)).toMatch(/^[0-9a-f]{64}$/);
    expect(digest(a.events)).toBe(digest(b.events));
    const other = await gate.execute(validEnvelope({ principal: "agent-8" }), spyTask(0).task);
    expect(digest(other.events)).not.toBe(digest(a.events));
  });

  it("sends the sink exactly the receipt's events", async () => {
    const seen: AuditEvent[] = [];
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, sink: (event) => void seen.push(event) });
    const receipt = await gate.execute(validEnvelope(), spyTask(0).task);
    expect(seen).toEqual([...receipt.events]);
  });

  it("keeps the decision when the sink throws or rejects", async () => {
    for (const sink of [
      () => {
        throw new Error("sink down");
      },
      () => Promise.reject(new Error("sink down")),
    ]) {
      const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow, sink });
      const receipt = await gate.execute(validEnvelope(), spyTask("ok").task);
      expect(receipt).toMatchObject({ decision: "allowed", result: "ok" });
      expect(receipt.events).toHaveLength(3);
    }
  });

  it("hands the task a frozen copy of the envelope", async () => {
    const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });
    const original = validEnvelope();
    const receipt = await gate.execute(original, ({ envelope }) => {
      expect(() => {
        (envelope.lease as { tenant_id: string }).tenant_id = "globex";
      }).toThrow(TypeError);
      return envelope === original;
    });
    expect(receipt.result).toBe(false);
  });
});

describe("a task that throws", () => {
  const gate = createGate(FULL_POLICY, { ...ALLOW_ALL, now: fixedNow });

  it.each([
    ["an async rejection", async () => Promise.reject(new Error("boom"))],
    ["a synchronous throw", () => {
      throw new Error("boom");
    }],
  ])("was allowed: %s gives decision allowed, an error and a task.failed event", async (_name, task) => {
    const receipt = await gate.execute(validEnvelope(), task);
    expect(receipt).toMatchObject({ decision: "allowed", error: "Error: boom" });
    expect(receipt.result).toBeUndefined();
    expect(receipt.events.at(-1)?.type).toBe("task.failed");
    expect(receipt.events.at(-1)?.data.error).toBe("Error: boom");
  });

  it("describes a thrown non-Error value", async () => {
    const receipt = await gate.execute(validEnvelope(), () => {
      throw "plain text";
    });
    expect(receipt.error).toBe("thrown: plain text");
  });
});

describe("trace id keys", () => {
  it("are the five the protocol names", () => {
    expect([...TRACE_ID_KEYS]).toEqual(["trace_id", "session_id", "task_id", "capability_id", "version"]);
  });
});
