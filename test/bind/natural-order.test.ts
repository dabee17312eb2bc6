import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareNatural } from "../../compiler/bind/natural-order.js";

describe("compareNatural", () => {
  it("compares digit runs by value", () => {
    expect(["P10", "P2", "P1", "step:P7#10", "step:P7#2", "P02"].sort(compareNatural)).toEqual([
      "P1", "P02", "P2", "P10", "step:P7#2", "step:P7#10",
    ]);
  });

  it("is a total order: antisymmetric, transitive, zero only on equal strings", () => {
    const id = fc.stringMatching(/^[A-Pa-p0-9#:/]{0,6}$/);
    fc.assert(
      fc.property(id, id, id, (a, b, c) => {
        expect(Math.sign(compareNatural(a, b))).toBe(-Math.sign(compareNatural(b, a)) || 0);
        expect(compareNatural(a, b) === 0).toBe(a === b);
        if (compareNatural(a, b) < 0 && compareNatural(b, c) < 0) expect(compareNatural(a, c)).toBeLessThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
