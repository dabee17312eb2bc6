import { describe, expect, it } from "vitest";
import { ContractViolationError, appendContract, assertContract, createEventLog, type ContractError, type ContractValidator } from "../../runtime/index.js";

/** A hand-made validator with ajv's shape: accepts objects whose `n` is a number. */
function validator(): ContractValidator<{ n: number }> {
  const validate = ((data: unknown): data is { n: number } => {
    const ok = typeof data === "object" && data !== null && typeof (data as { n?: unknown }).n === "number";
    const errors: ContractError[] = [];
    if (!ok) {
      errors.push({ instancePath: "/n", schemaPath: "#/properties/n/type", keyword: "type", params: { type: "number" }, message: "must be number" });
      for (let i = 0; i < 6; i++) errors.push({ instancePath: "", schemaPath: "#/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: `x${i}` }, message: "must NOT have additional properties" });
    }
    validate.errors = ok ? null : errors;
    return ok;
  }) as ContractValidator<{ n: number }>;
  return validate;
}

describe("assertContract", () => {
  it("passes a valid value and throws ContractViolationError with every error and their paths otherwise", () => {
    const validate = validator();
    expect(() => assertContract("Beat", validate, { n: 1 })).not.toThrow();
    let error: unknown;
    try {
      assertContract("Beat", validate, { n: "x" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error).toBeInstanceOf(TypeError);
    const violation = error as ContractViolationError;
    expect(violation.contract).toBe("Beat");
    expect(violation.errors).toHaveLength(7);
    expect(violation.message).toBe(
      'not a valid Beat: /n must be number; (root) must NOT have additional properties "x0"; (root) must NOT have additional properties "x1"; (root) must NOT have additional properties "x2"; (root) must NOT have additional properties "x3"; and 2 more',
    );
  });
});

describe("appendContract", () => {
  it("appends a valid record to the hash chain and never appends an invalid one", () => {
    const log = createEventLog<{ n: number }>();
    const record = appendContract("Beat", validator(), log, { n: 1 });
    expect(record.seq).toBe(0);
    expect(() => appendContract("Beat", validator(), log, { n: "two" } as unknown as { n: number })).toThrow(ContractViolationError);
    expect(log.records()).toHaveLength(1);
    expect(log.verify()).toEqual({ ok: true, length: 1 });
  });
});
