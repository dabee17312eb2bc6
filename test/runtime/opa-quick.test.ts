import { expect, it } from "vitest";
import { loadOpaPolicy } from "../../runtime/opa-policy.js";
import { opaPolicyWasm } from "../policy/opa-wat.js";
it("works", async () => {
  for (const abiMinor of [1, 2]) {
    const bytes = await opaPolicyWasm({ abiMinor, entrypoints: { "a/deny": { result: ["x"] }, "a/warn": "echo-input", "a/u": "undefined", "a/t": "trap", "a/g": "grow" } });
    const loaded = await loadOpaPolicy(bytes, 64);
    if (!loaded.ok) throw new Error(loaded.problem);
    expect(loaded.policy.entrypoints).toEqual(["a/deny", "a/g", "a/t", "a/u", "a/warn"]);
    expect(loaded.policy.evaluate({ q: 1 }, "a/deny")).toEqual([{ result: ["x"] }]);
    expect(loaded.policy.evaluate({ q: [1, "z"] }, "a/warn")).toEqual([{ result: { q: [1, "z"] } }]);
    expect(loaded.policy.evaluate({ q: 1 }, "a/u")).toEqual([]);
    expect(() => loaded.policy.evaluate({ q: 1 }, "a/t")).toThrow();
    expect(() => loaded.policy.evaluate({ q: 1 }, "a/g")).toThrow(/out of memory/);
    expect(loaded.policy.evaluate({ q: 2 }, "a/deny")).toEqual([{ result: ["x"] }]);
  }
});
