// spec-kit/runtime's OPA decision source: a gate check decided by a compiled Rego policy,
// allowing only on exactly `true`. The real OPA-compiled module from the shared standards,
// and modules assembled from WebAssembly text (test/policy/opa-wat.ts) for the edges.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createGate, createOpaDecisionSource, OpaPolicyError, type DecisionContext, type TaskEnvelope } from "../../runtime/index.js";
import { ALLOW_ALL, FULL_POLICY, fixedNow, spyTask, validEnvelope } from "./gate-fixture.js";
import { inspectOpaModule } from "../../runtime/opa-module.js";
import { loadOpaPolicy } from "../../runtime/opa-policy.js";
import { assemble, opaPolicyWasm, opaPolicyWat } from "../policy/opa-wat.js";

const REAL_POLICY = new URL("../../../shared/standards/opa/policy.wasm", import.meta.url);
const REAL_DATA = { user_roles: { userA: ["editor"] }, role_permissions: { editor: [{ action: "edit", object: "article" }] } };

const ENVELOPE: TaskEnvelope = {
  trace_id: "t",
  session_id: "s",
  task_id: "k",
  capability_id: "c",
  version: "v1",
  tenant_id: "acme",
  principal: "userA",
  lease: { tenant_id: "acme", expires_at: "2999-01-01T00:00:00Z" },
};
const CONTEXT: DecisionContext = { phaseId: "P7", check: "permission" };

describe("createOpaDecisionSource", () => {
  it("gives the README's results for the real OPA-compiled policy", async () => {
    const decide = await createOpaDecisionSource(new Uint8Array(readFileSync(REAL_POLICY)), {
      entrypoint: "example/allow",
      data: REAL_DATA,
      // The envelope's principal is the user; the check being decided names the action.
      input: (envelope, context) => ({ user: envelope.principal, action: context.check, object: "article" }),
    });
    expect(await decide(ENVELOPE, { phaseId: "P7", check: "edit" })).toBe(true);
    expect(await decide(ENVELOPE, { phaseId: "P7", check: "delete" })).toBe(false);
    expect(await decide({ ...ENVELOPE, principal: "userB" }, { phaseId: "P7", check: "edit" })).toBe(false);
  });

  it("reads the envelope itself as input by default", async () => {
    const decide = await createOpaDecisionSource(new Uint8Array(readFileSync(REAL_POLICY)), { entrypoint: "example/allow", data: REAL_DATA });
    const envelope = { ...ENVELOPE, user: "userA", action: "edit", object: "article" } as TaskEnvelope;
    expect(await decide(envelope, CONTEXT)).toBe(true);
    expect(await decide({ ...envelope, action: "delete" } as TaskEnvelope, CONTEXT)).toBe(false);
  });

  it.each([
    ["true", { result: true }, true],
    ["false", { result: false }, false],
    ["the string true", { result: "true" }, false],
    ["1", { result: 1 }, false],
    ["an object", { result: { allow: true } }, false],
    ["a set holding true", { result: [true] }, false],
    ["an undefined result", "undefined", false],
    ["a trap", "trap", false],
    ["memory exhausted", "grow", false],
  ] as const)("allows only exactly true: %s gives %s", async (_label, behaviour, expected) => {
    const decide = await createOpaDecisionSource(await opaPolicyWasm({ entrypoints: { "gates/allow": behaviour } }), { entrypoint: "gates/allow", maxMemoryPages: 32 });
    expect(await decide(ENVELOPE, CONTEXT)).toBe(expected);
    // A failed evaluation leaves the source usable, and it still fails closed.
    expect(await decide(ENVELOPE, CONTEXT)).toBe(expected);
  });

  it("denies when the gate's signal has aborted, or when mapping the input throws", async () => {
    const bytes = await opaPolicyWasm({ entrypoints: { "gates/allow": { result: true } } });
    const decide = await createOpaDecisionSource(bytes, { entrypoint: "gates/allow" });
    const aborted = new AbortController();
    aborted.abort();
    expect(await decide(ENVELOPE, { ...CONTEXT, signal: aborted.signal })).toBe(false);
    expect(await decide(ENVELOPE, { ...CONTEXT, signal: new AbortController().signal })).toBe(true);
    const throwing = await createOpaDecisionSource(bytes, {
      entrypoint: "gates/allow",
      input: () => {
        throw new Error("no input");
      },
    });
    expect(await throwing(ENVELOPE, CONTEXT)).toBe(false);
  });

  it("sees the input the gate hands it", async () => {
    const echo = await opaPolicyWasm({ abiMinor: 2, entrypoints: { "gates/echo": "echo-input" } });
    const loaded = await loadOpaPolicy(echo);
    expect(loaded.ok && loaded.policy.evaluate({ ...ENVELOPE }, "gates/echo")).toEqual([{ result: { ...ENVELOPE } }]);
  });

  it("refuses to build from a policy that cannot decide", async () => {
    const module = await opaPolicyWasm({ entrypoints: { "gates/allow": { result: true } } });
    await expect(createOpaDecisionSource(module, { entrypoint: "gates/deny" })).rejects.toThrow(new OpaPolicyError('the policy has no entrypoint "gates/deny"; it has "gates/allow"'));
    await expect(createOpaDecisionSource(new TextEncoder().encode("package gates"), { entrypoint: "gates/allow" })).rejects.toThrow(OpaPolicyError);
    await expect(createOpaDecisionSource(await opaPolicyWasm({ memory: "own", entrypoints: { "gates/allow": { result: true } } }), { entrypoint: "gates/allow" })).rejects.toThrow(/defines its own memory/);
  });
});

describe("an OPA decision source in a gate", () => {
  it("decides the gate's permission check: the real policy allows userA to edit, and the task runs only then", async () => {
    const permission = await createOpaDecisionSource(new Uint8Array(readFileSync(REAL_POLICY)), {
      entrypoint: "example/allow",
      data: REAL_DATA,
      input: (envelope) => ({ user: envelope.principal, action: envelope.capability_id, object: "article" }),
    });
    const gate = createGate(FULL_POLICY, { now: fixedNow, ...ALLOW_ALL, checks: { ...ALLOW_ALL.checks, permission } });
    const allowed = spyTask("done");
    const receipt = await gate.execute(validEnvelope({ principal: "userA", capability_id: "edit" }), allowed.task);
    expect(receipt.decision).toBe("allowed");
    expect(allowed.calls()).toBe(1);
    const denied = spyTask("never");
    const refusal = await gate.execute(validEnvelope({ principal: "userA", capability_id: "delete" }), denied.task);
    expect(refusal.decision).toBe("denied");
    expect(refusal.reason).toBe("permission denied");
    expect(denied.calls()).toBe(0);
  });

  it("denies through the gate when the policy traps", async () => {
    const permission = await createOpaDecisionSource(await opaPolicyWasm({ entrypoints: { "gates/allow": "trap" } }), { entrypoint: "gates/allow" });
    const gate = createGate(FULL_POLICY, { now: fixedNow, ...ALLOW_ALL, checks: { ...ALLOW_ALL.checks, permission } });
    const task = spyTask("never");
    expect((await gate.execute(validEnvelope(), task.task)).decision).toBe("denied");
    expect(task.calls()).toBe(0);
  });
});

describe("inspectOpaModule", () => {
  it("reads the memory the module imports and whether it has opa_eval", async () => {
    expect(inspectOpaModule(await opaPolicyWasm({ memory: 3, entrypoints: {} }))).toEqual({ ok: true, shape: { minMemoryPages: 3, hasOpaEval: false } });
    expect(inspectOpaModule(await opaPolicyWasm({ abiMinor: 2, entrypoints: {} }))).toEqual({ ok: true, shape: { minMemoryPages: 2, hasOpaEval: true } });
    expect(inspectOpaModule(new Uint8Array(readFileSync(REAL_POLICY)))).toMatchObject({ ok: true, shape: { hasOpaEval: false } });
  });

  it("refuses, without throwing, bytes that are not such a module", () => {
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const cases: [number[], RegExp][] = [
      [[], /no \\0asm header/],
      [[0], /no \\0asm header/],
      [[...header.slice(0, 4), 0x02, 0, 0, 0], /unsupported version/],
      [header, /does not import env\.memory/],
      [[...header, 0x02, 0xff, 0xff, 0xff, 0xff, 0x7f], /not a valid WebAssembly module/],
      [[...header, 0x07, 0x80], /not a valid WebAssembly module/],
    ];
    for (const [bytes, problem] of cases) expect(inspectOpaModule(new Uint8Array(bytes)), JSON.stringify(bytes)).toEqual({ ok: false, problem: expect.stringMatching(problem) });
  });

  it("refuses a shared memory", async () => {
    const text = opaPolicyWat({ entrypoints: {} }).replace('(import "env" "memory" (memory 2))', '(import "env" "memory" (memory 2 4 shared))');
    expect(inspectOpaModule(await assemble(text, { threads: true }))).toEqual({ ok: false, problem: "imports a shared or 64-bit memory, which OPA policies do not use" });
  });
});
