// Loading and evaluating policies for real: the CLI's policy host reads the file, a worker
// thread (the build's, as `npm test` builds first) unpacks it, loads it with
// @open-policy-agent/opa-wasm and evaluates it under its time and memory budget. Modules come
// from ./opa-wat.ts (the OPA Wasm ABI, assembled with wabt) and from the real OPA compiler.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { PolicyOutcome, PolicyRequest } from "../../compiler/policy/policy-host.js";
import { readPolicyFile } from "../../cli/policy/policy-file.js";
import { createPolicyHost } from "../../cli/policy/policy-host.js";
import { policyWorkerScript } from "../../cli/policy/run-policy.js";
import { DEFAULT_ARCHIVE_LIMITS } from "../../cli/archive/read-archive.js";
import { loadOpaPolicy } from "../../runtime/opa-policy.js";
import { memoryHost, type MemoryFiles } from "../helpers/memory-host.js";
import { opaPolicyWasm, type WatPolicy } from "./opa-wat.js";
import { tarball } from "./policy-fixtures.js";

/** The real OPA-compiled module and what its README says it gives. */
const REAL_POLICY = new URL("../../../shared/standards/opa/policy.wasm", import.meta.url);
const REAL_DATA = { user_roles: { userA: ["editor"] }, role_permissions: { editor: [{ action: "edit", object: "article" }] } };
const EDIT = { user: "userA", action: "edit", object: "article" };
const DELETE = { user: "userA", action: "delete", object: "article" };

const INPUT = JSON.stringify({ policyInput: 1, bundle: "t", note: "ünïcode ✓" });

function evaluate(files: MemoryFiles, request: Partial<PolicyRequest> & { path: string }, input = INPUT): PolicyOutcome {
  const host = createPolicyHost(memoryHost(files));
  return host.evaluate({ external: false, budget: { timeoutMs: 10_000, memoryMiB: 64 }, ...request }, input);
}

async function evaluateModule(policy: WatPolicy, request: Partial<PolicyRequest> = {}, input = INPUT): Promise<PolicyOutcome> {
  return evaluate({ "p.wasm": await opaPolicyWasm(policy) }, { path: "p.wasm", ...request }, input);
}

describe("the policy worker", () => {
  it("is built (these tests run it from the build when run from sources)", () => {
    expect(policyWorkerScript()).toBeDefined();
  });

  it.each([1, 2])("evaluates every deny, warn and violation rule in order, by ABI 1.%i, and reports the files it read", async (abiMinor) => {
    const outcome = await evaluateModule({
      abiMinor,
      entrypoints: { "p/warn": { result: ["w"] }, "p/allow": { result: true }, "p/deny": { result: [{ msg: "d", phase: "P1" }] }, "p/violation_x": "undefined" },
    });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.results).toEqual([
      { entrypoint: "p/deny", resultSet: [{ result: [{ msg: "d", phase: "P1" }] }] },
      { entrypoint: "p/violation_x", resultSet: [] },
      { entrypoint: "p/warn", resultSet: [{ result: ["w"] }] },
    ]);
    expect(outcome.files).toEqual([{ path: "p.wasm", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it.each([1, 2])("hands the policy the input intact (ABI 1.%i)", async (abiMinor) => {
    const outcome = await evaluateModule({ abiMinor, entrypoints: { "p/deny": "echo-input" } });
    expect(outcome.results).toEqual([{ entrypoint: "p/deny", resultSet: [{ result: JSON.parse(INPUT) }] }]);
  });

  it("merges the bundle's data files and then the configured data file into the data document", async () => {
    const wasm = await opaPolicyWasm({ entrypoints: { "p/deny": "echo-data" } });
    const bundle = await tarball([
      { name: "/policy.wasm", body: wasm },
      { name: "/.manifest", body: '{"revision":"1","roots":[""]}' },
      { name: "/data.json", body: '{"roles":{"a":1,"b":2},"keep":true}' },
      { name: "/tenants/data.json", body: '{"t1":{"region":"eu"}}' },
    ]);
    const outcome = evaluate({ "b.tar.gz": bundle, "d.json": '{"roles":{"b":3},"extra":[1]}' }, { path: "b.tar.gz", data: "d.json" });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.results[0]!.resultSet).toEqual([{ result: { roles: { a: 1, b: 3 }, keep: true, tenants: { t1: { region: "eu" } }, extra: [1] } }]);
    expect(outcome.files?.map((f) => f.path)).toEqual(["b.tar.gz", "d.json"]);
  });

  it("stops at an entrypoint that traps, keeping the results before it", async () => {
    const outcome = await evaluateModule({ entrypoints: { "p/deny": { result: ["first"] }, "p/violation": "trap", "p/warn": { result: ["never"] } } });
    expect(outcome.results).toEqual([{ entrypoint: "p/deny", resultSet: [{ result: ["first"] }] }]);
    expect(outcome.failure).toEqual({ kind: "failed", entrypoint: "p/violation", detail: "trapped (unreachable)" });
  });

  it("stops a policy that loops forever when its time budget runs out, and never hangs", async () => {
    const outcome = await evaluateModule({ entrypoints: { "p/deny": { result: [] }, "p/warn": "loop" } }, { budget: { timeoutMs: 300, memoryMiB: 64 } });
    expect(outcome.results).toEqual([{ entrypoint: "p/deny", resultSet: [{ result: [] }] }]);
    expect(outcome.failure).toEqual({ kind: "stopped", entrypoint: "p/warn", detail: "it did not finish within its budget of 300 ms and 64 MiB", available: ["p/deny", "p/warn"] });
  });

  it("fails a policy that grows its memory past the budget", async () => {
    const outcome = await evaluateModule({ entrypoints: { "p/deny": "grow" } }, { budget: { timeoutMs: 10_000, memoryMiB: 2 } });
    expect(outcome.failure).toEqual({ kind: "failed", entrypoint: "p/deny", detail: "out of memory" });
  });

  it("fails a policy whose input does not fit its memory budget (the SDK grows the memory for it)", async () => {
    const big = JSON.stringify({ filler: "x".repeat(3 * 1024 * 1024) });
    const outcome = await evaluateModule({ abiMinor: 2, entrypoints: { "p/deny": "echo-input" } }, { budget: { timeoutMs: 10_000, memoryMiB: 1 } }, big);
    expect(outcome.failure).toMatchObject({ kind: "failed", entrypoint: "p/deny" });
  });
});

describe("refusing what is not a policy spec-kit can run (policy/load)", () => {
  const refusals: [string, () => Promise<MemoryFiles>, Partial<PolicyRequest>, Partial<PolicyOutcome["failure"]> & { detail: RegExp }][] = [
    ["a missing file", async () => ({}), {}, { kind: "unreadable", detail: /^no such file$/ }],
    ["a text file", async () => ({ "p.wasm": "package spec_kit\n" }), {}, { kind: "refused", detail: /^is neither a WebAssembly module nor an OPA bundle/ }],
    ["a truncated module", async () => ({ "p.wasm": (await opaPolicyWasm({ entrypoints: { "p/deny": "undefined" } })).slice(0, 60) }), {}, { kind: "refused", detail: /^is not a valid WebAssembly module$/ }],
    ["a module with its own memory", async () => ({ "p.wasm": await opaPolicyWasm({ memory: "own", entrypoints: { "p/deny": "undefined" } }) }), {}, { kind: "refused", detail: /defines its own memory/ }],
    [
      "a module importing what the ABI does not provide",
      async () => ({ "p.wasm": await opaPolicyWasm({ extraFields: '(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))', entrypoints: { "p/deny": "undefined" } }) }),
      {},
      { kind: "refused", detail: /imports function "wasi_snapshot_preview1\.fd_write", which the OPA Wasm ABI does not provide/ },
    ],
    ["a module off the ABI", async () => ({ "p.wasm": await opaPolicyWasm({ omitExports: ["opa_json_dump", "entrypoints"], entrypoints: { "p/deny": "undefined" } }) }), {}, { kind: "refused", detail: /lacks the exports opa_json_dump, entrypoints$/ }],
    ["an ABI version the loader does not know", async () => ({ "p.wasm": await opaPolicyWasm({ abiVersion: 2, entrypoints: { "p/deny": "undefined" } }) }), {}, { kind: "refused", detail: /cannot be loaded: unsupported ABI version 2/ }],
    ["ABI 1.2 without opa_eval", async () => ({ "p.wasm": await opaPolicyWasm({ abiMinor: 2, omitExports: ["opa_eval"], entrypoints: { "p/deny": "undefined" } }) }), {}, { kind: "refused", detail: /declares OPA Wasm ABI 1\.2 but lacks its opa_eval export/ }],
    ["a start function that traps", async () => ({ "p.wasm": await opaPolicyWasm({ extraFields: "(func $boom unreachable) (start $boom)", entrypoints: { "p/deny": "undefined" } }) }), {}, { kind: "refused", detail: /cannot be loaded: .*unreachable/ }],
    ["a module that needs more memory than its budget", async () => ({ "p.wasm": await opaPolicyWasm({ memory: 100, entrypoints: { "p/deny": "undefined" } }) }), { budget: { timeoutMs: 10_000, memoryMiB: 2 } }, { kind: "refused", detail: /needs 100 pages of memory, over its limit of 32/ }],
    ["a missing entrypoint", async () => ({ "p.wasm": await opaPolicyWasm({ entrypoints: { "p/deny": "undefined" } }) }), { entrypoints: ["p/deny", "p/warn"] }, { kind: "missing-entrypoint", entrypoint: "p/warn", detail: /^$/ }],
    ["an entrypoint that is no deny, warn or violation rule", async () => ({ "p.wasm": await opaPolicyWasm({ entrypoints: { "p/allow": { result: true } } }) }), { entrypoints: ["p/allow"] }, { kind: "not-a-rule", entrypoint: "p/allow", detail: /^$/ }],
    ["a policy with no rule to check", async () => ({ "p.wasm": await opaPolicyWasm({ entrypoints: { "p/allow": { result: true } } }) }), {}, { kind: "no-rules", available: ["p/allow"], detail: /^$/ }],
    ["a data file that is not a JSON object", async () => ({ "p.wasm": await opaPolicyWasm({ entrypoints: { "p/deny": "undefined" } }), "d.json": "[1, 2]" }), { data: "d.json" }, { kind: "data", detail: /^file d\.json is not a JSON object$/ }],
    ["a missing data file", async () => ({ "p.wasm": await opaPolicyWasm({ entrypoints: { "p/deny": "undefined" } }) }), { data: "d.json" }, { kind: "data", detail: /^file d\.json cannot be read/ }],
  ];

  it.each(refusals)("refuses %s", async (_label, files, request, failure) => {
    const outcome = evaluate(await files(), { path: "p.wasm", ...request });
    expect(outcome.results).toEqual([]);
    expect(outcome.failure).toMatchObject({ ...failure, detail: expect.stringMatching(failure.detail) });
  });

  const module = () => opaPolicyWasm({ entrypoints: { "p/deny": "undefined" } });
  const bundles: [string, () => Promise<Uint8Array>, Partial<PolicyOutcome["failure"]> & { detail: RegExp }][] = [
    ["a member outside the root", async () => tarball([{ name: "policy.wasm", body: await module() }, { name: "../escape.json", body: "{}" }]), { kind: "refused", detail: /^is refused as an OPA bundle: member "\.\.\/escape\.json" has a "\.\." segment$/ }],
    ["a symbolic link", async () => tarball([{ name: "policy.wasm", body: await module() }, { name: "data.json", type: "symlink", linkname: "/etc/passwd" }]), { kind: "refused", detail: /symbolic link \("data\.json" -> "\/etc\/passwd"\)/ }],
    ["a hard link", async () => tarball([{ name: "policy.wasm", body: await module() }, { name: "other.wasm", type: "link", linkname: "policy.wasm" }]), { kind: "refused", detail: /hard link/ }],
    ["a repeated member", async () => tarball([{ name: "/policy.wasm", body: await module() }, { name: "./policy.wasm", body: await module() }]), { kind: "refused", detail: /"policy\.wasm" appears more than once/ }],
    ["too many members", async () => tarball([{ name: "policy.wasm", body: await module() }, ...Array.from({ length: DEFAULT_ARCHIVE_LIMITS.maxFiles }, (_, i) => ({ name: `f/${i}.rego`, body: "" }))]), { kind: "refused", detail: /holds more than 10000 files/ }],
    ["an oversized member", async () => tarball([{ name: "policy.wasm", body: await module() }, { name: "data.json", body: new Uint8Array(DEFAULT_ARCHIVE_LIMITS.maxFileBytes + 1) }]), { kind: "refused", detail: /"data\.json" is \d+ bytes, over the limit/ }],
    ["a decompression bomb", async () => tarball([{ name: "a.bin", body: new Uint8Array(DEFAULT_ARCHIVE_LIMITS.maxFileBytes) }, { name: "b.bin", body: new Uint8Array(DEFAULT_ARCHIVE_LIMITS.maxFileBytes) }, { name: "c.bin", body: new Uint8Array(DEFAULT_ARCHIVE_LIMITS.maxFileBytes) }, { name: "d.bin", body: new Uint8Array(DEFAULT_ARCHIVE_LIMITS.maxFileBytes) }, { name: "e.bin", body: new Uint8Array(1024) }]), { kind: "refused", detail: /unpacks to more than 67108864 bytes/ }],
    ["no /policy.wasm", async () => tarball([{ name: "policy.rego", body: "package p" }]), { kind: "refused", detail: /^is an archive without \/policy\.wasm/ }],
    ["a /.manifest that is not JSON", async () => tarball([{ name: "policy.wasm", body: await module() }, { name: ".manifest", body: "revision: 1" }]), { kind: "refused", detail: /\/\.manifest is not a JSON object/ }],
    ["a data.json that is not an object", async () => tarball([{ name: "policy.wasm", body: await module() }, { name: "data.json", body: '"x"' }]), { kind: "data", detail: /^file \/data\.json in the bundle is not a JSON object$/ }],
    ["data files that collide", async () => tarball([{ name: "policy.wasm", body: await module() }, { name: "data.json", body: '{"a":{"b":1}}' }, { name: "a/data.json", body: '{"b":2}' }]), { kind: "data", detail: /both set data\.a\.b/ }],
    ["a /policy.wasm that is not a module", async () => tarball([{ name: "policy.wasm", body: "not wasm" }]), { kind: "refused", detail: /^holds a \/policy\.wasm that is not a WebAssembly module/ }],
    ["garbage behind a gzip header", async () => new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]), { kind: "refused", detail: /is refused as an OPA bundle: the archive is not valid gzip/ }],
  ];

  it.each(bundles)("refuses a bundle with %s", async (_label, archive, failure) => {
    const outcome = evaluate({ "b.tar.gz": await archive() }, { path: "b.tar.gz" });
    expect(outcome.results).toEqual([]);
    expect(outcome.failure).toMatchObject({ ...failure, detail: expect.stringMatching(failure.detail) });
  }, 60_000);

  it("takes a plain (uncompressed) tar bundle too", async () => {
    const outcome = evaluate({ "b.tar": await tarball([{ name: "/policy.wasm", body: await opaPolicyWasm({ entrypoints: { "p/deny": { result: ["x"] } } }) }], false) }, { path: "b.tar" });
    expect(outcome).toMatchObject({ results: [{ entrypoint: "p/deny", resultSet: [{ result: ["x"] }] }] });
  });
});

describe("the real OPA-compiled policy (shared standards)", () => {
  const bytes = (): Uint8Array => new Uint8Array(readFileSync(REAL_POLICY));

  it("is there", () => {
    expect(existsSync(REAL_POLICY)).toBe(true);
  });

  it("gives the README's results through spec-kit's loader, as a bare module and as an OPA bundle", async () => {
    const bundle = await tarball([
      { name: "/policy.wasm", body: bytes() },
      { name: "/data.json", body: JSON.stringify(REAL_DATA) },
      { name: "/.manifest", body: JSON.stringify({ revision: "", roots: [""], wasm: [{ entrypoint: "example/allow", module: "/policy.wasm" }] }) },
    ]);
    for (const file of [await readPolicyFile(bytes(), DEFAULT_ARCHIVE_LIMITS, REAL_DATA), await readPolicyFile(bundle, DEFAULT_ARCHIVE_LIMITS)]) {
      expect(file.ok).toBe(true);
      if (!file.ok) return;
      const loaded = await loadOpaPolicy(file.wasm);
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) return;
      expect(loaded.policy.entrypoints).toEqual(["example/allow"]);
      loaded.policy.setData(file.data);
      expect(loaded.policy.evaluate(EDIT, "example/allow")).toEqual([{ result: true }]);
      expect(loaded.policy.evaluate(DELETE, "example/allow")).toEqual([{ result: false }]);
    }
  });

  it("loads on the worker, and is refused for check because example/allow is a gate's rule, not a deny rule", () => {
    const outcome = evaluate({ "policy.wasm": bytes() }, { path: "policy.wasm" });
    expect(outcome).toEqual({ results: [], failure: { kind: "no-rules", detail: "", available: ["example/allow"] }, files: [{ path: "policy.wasm", sha256: expect.any(String) }] });
  });
});
