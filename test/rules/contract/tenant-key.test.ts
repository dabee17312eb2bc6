import { describe, expect, it } from "vitest";
import rule from "../../../rules/contract/tenant-key.js";
import { checkFiles, expectDiagnostics, only } from "../../helpers/rule-tester.js";
import { jsonBundle, phaseReport } from "../../bind/fixture-bundles.js";

const RULE = rule.id;
const TENANCY = { specKit: 1, name: "m", tenancy: { key: "org_id", global_models: ["Catalog"] } };
const model = (name: string, fields: unknown) => ({ name, kind: "table", keys: ["org_id"], append_only: false, fields });

describe(RULE, () => {
  it("reports declared fields without the tenant key at the fields, and an optional tenant key at the field", () => {
    const result = checkFiles(
      jsonBundle(
        [
          phaseReport("P1", {
            policyGate: ["tenant boundary"],
            models: [
              model("Lease", "{ lease_id: UUID }"),
              model("Grant", [{ name: "grant_id", type: "UUID" }, { name: "org_id", type: "string", optional: true }]),
              model("Catalog", "{ id: UUID }"),
              model("Order", { type: "object", properties: { org_id: { type: "string" } }, required: ["org_id"] }),
            ],
          }),
        ],
        TENANCY,
      ),
    );
    expectDiagnostics(result, RULE, [
      { ruleId: RULE, messageId: "missing", file: "phases/P1.json", line: 31, column: 17, message: "data model Lease is tenant-scoped but its fields lack org_id; add org_id to its fields, or list Lease in tenancy.global_models" },
      { ruleId: RULE, messageId: "optional", line: 46, column: 19, message: "data model Grant is tenant-scoped but its org_id field is optional; make it required" },
    ]);
  });

  it("leaves models without fields to tenancy/tenant-key, and does nothing without tenancy", () => {
    const keysOnly = { name: "Lease", kind: "table", keys: ["lease_id"], append_only: false };
    expect(only(checkFiles(jsonBundle([phaseReport("P1", { models: [keysOnly], policyGate: ["tenant boundary"] })], TENANCY)), RULE)).toEqual([]);
    expect(only(checkFiles(jsonBundle([phaseReport("P1", { models: [model("Lease", "{ id: UUID }")] })])), RULE)).toEqual([]);
  });

  it("flags its failing example with this rule alone and passes its passing example cleanly", () => {
    const failing = checkFiles(rule.examples!.failing.files).diagnostics;
    expect(failing.map((d) => d.ruleId)).toEqual([RULE]);
    expect(checkFiles(rule.examples!.passing.files).diagnostics).toEqual([]);
  });
});
