import { describe, expect, it } from "vitest";
import rule from "../../../rules/tenancy/boundary-gate.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const TENANCY = { specKit: 1, name: "m", tenancy: { key: "tenant_id", global_models: ["Catalog"] } };
const model = (name: string) => ({ name, kind: "table", keys: ["tenant_id"], append_only: true });

describe("tenancy/boundary-gate", () => {
  it.each(FORMATS)("reports a phase with tenant-scoped data at guardrails.policy_gate (%s)", (format) => {
    expectDiagnostics(checkFixture(`layers-errors-${format}`), rule.id, [
      {
        ruleId: rule.id,
        file: `phases/P7.${format}`,
        line: format === "yaml" ? 39 : 55,
        column: format === "yaml" ? 5 : 20,
        message: 'phase P7 holds tenant-scoped data (SessionLease) but guardrails.policy_gate lacks "tenant boundary"',
      },
    ]);
  });

  it("lists every tenant-scoped model and leaves phases with only global models alone", () => {
    const result = checkFiles(
      jsonBundle(
        [phaseReport("P1", { models: [model("Lease"), model("Catalog"), model("Order")] }), phaseReport("P2", { models: [model("Catalog")] })],
        TENANCY,
      ),
    );
    expect(only(result, rule.id).map((d) => `${d.file} ${d.message}`)).toEqual([
      'phases/P1.json phase P1 holds tenant-scoped data (Lease, Order) but guardrails.policy_gate lacks "tenant boundary"',
    ]);
  });

  it("does nothing when the manifest has no tenancy section", () => {
    expect(only(checkFiles(jsonBundle([phaseReport("P1", { models: [model("Lease")] })])), rule.id)).toEqual([]);
  });

  it.each(FORMATS)("is silent when the gate is listed (%s)", (format) => {
    expect(only(checkFixture(`layers-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
