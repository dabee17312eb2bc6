import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, parseIsoInstant } from "../../runtime/index.js";

describe("canonical JSON", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }], "é": "x", A: "y" })).toBe('{"A":"y","a":[{"c":null,"d":true}],"b":1,"é":"x"}');
  });

  it("drops undefined members and writes undefined array items as null, as JSON does", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a bigint", 1n],
    ["a function", () => 1],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
  ])("refuses %s", (_name, value) => {
    expect(() => canonicalJson({ value })).toThrow(TypeError);
  });

  it("refuses a cycle but accepts a shared, acyclic child", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it("round-trips through JSON.parse and is independent of key insertion order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const reversed = JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
          v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        );
        expect(canonicalJson(reversed)).toBe(text);
      }),
    );
  });
});

describe("ISO instants", () => {
  it.each([
    ["2026-03-01T12:00:00Z", Date.UTC(2026, 2, 1, 12)],
    ["2026-03-01T12:00:00.250Z", Date.UTC(2026, 2, 1, 12, 0, 0, 250)],
    ["2026-03-01T14:00+02:00", Date.UTC(2026, 2, 1, 12)],
  ])("reads %s", (text, ms) => {
    expect(parseIsoInstant(text)).toBe(ms);
  });

  it.each(["2026-03-01", "2026-03-01T12:00:00", "March 1, 2026", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-03-01T24:30:00Z", "", 1_700_000_000_000])("refuses %j", (text) => {
    expect(parseIsoInstant(text)).toBeUndefined();
  });
});
