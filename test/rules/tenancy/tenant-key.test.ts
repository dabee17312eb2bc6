import { describe, expect, it } from "vitest";
import rule from "../../../rules/tenancy/tenant-key.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { FORMATS, checkFixture, jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const TENANCY = { specKit: 1, name: "m", tenancy: { key: "org_id", global_models: ["Catalog"] } };
const model = (name: string, keys: string[]) => ({ name, kind: "table", keys, append_only: true });

describe("tenancy/tenant-key", () => {
  it.each(FORMATS)("reports a tenant-scoped model without the key at its keys (%s)", (format) => {
    expectDiagnostics(checkFixture(`layers-errors-${format}`), rule.id, [
      {
        ruleId: rule.id,
        file: `phases/P7.${format}`,
        line: format === "yaml" ? 24 : 33,
        column: format === "yaml" ? 11 : 15,
        message: "data model SessionLease is tenant-scoped but its keys lack tenant_id; add tenant_id or list SessionLease in tenancy.global_models",
      },
    ]);
  });

  it("uses the manifest's key and exempts global models", () => {
    const result = checkFiles(
      jsonBundle([phaseReport("P1", { models: [model("Catalog", []), model("Lease", ["tenant_id"]), model("Order", ["org_id"])], policyGate: ["tenant boundary"] })], TENANCY),
    );
    expect(only(result, rule.id).map((d) => d.message)).toEqual([
      "data model Lease is tenant-scoped but its keys lack org_id; add org_id or list Lease in tenancy.global_models",
    ]);
  });

  it("does nothing when the manifest has no tenancy section", () => {
    expect(only(checkFiles(jsonBundle([phaseReport("P1", { models: [model("Lease", [])] })])), rule.id)).toEqual([]);
  });

  it.each(FORMATS)("is silent when every tenant-scoped model carries the key (%s)", (format) => {
    expect(only(checkFixture(`layers-valid-${format}`), rule.id)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((d) => d.ruleId)).toEqual(failing.map(() => rule.id));
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
