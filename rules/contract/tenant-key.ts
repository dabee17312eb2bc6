import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";
import { siteTarget } from "../../compiler/contracts/document-contracts.js";
import { bundleContracts, contractTenancy, isTenantScoped } from "../../compiler/contracts/bundle-contracts.js";

const MODEL = "data_models: [{name: SessionLease, kind: table, keys: [session_id, tenant_id], append_only: true}]";
const withFields = (fields: string): string =>
  phaseYaml({ replace: { [MODEL]: `data_models: [{name: SessionLease, kind: table, keys: [session_id, tenant_id], append_only: true, fields: "${fields}"}]` } });

/** contract/tenant-key: a tenant-scoped data model whose declared fields lack the tenant key, or make it optional. */
export const contractTenantKey = defineBundleRule({
  id: "contract/tenant-key",
  scope: "bundle",
  reach: "document",
  defaultSeverity: "error",
  doc: "A tenant-scoped data model's fields must include the tenant key as a required field.",
  details: [
    "With a tenancy section in the manifest, every data model outside tenancy.global_models is tenant-scoped",
    "(tenancy/tenant-key checks its keys). When the model declares its type with fields:, the generated type and",
    "validator come from those fields, so they must carry the tenant key too, and as a required field: a record",
    "without a tenant cannot be kept apart from other tenants' records.",
  ].join("\n"),
  messages: {
    missing: "data model {{model}} is tenant-scoped but its fields lack {{key}}; add {{key}} to its fields, or list {{model}} in tenancy.global_models",
    optional: "data model {{model}} is tenant-scoped but its {{key}} field is optional; make it required",
  },
  examples: {
    failing: {
      description: "SessionLease's fields have no tenant_id.",
      files: phaseBundle(withFields("{ session_id: UUID, expires_at: timestamp }")),
    },
    passing: {
      description: "SessionLease's fields carry tenant_id, required.",
      files: phaseBundle(withFields("{ session_id: UUID, tenant_id: string, expires_at: timestamp }")),
    },
  },
  check({ bundle }, report) {
    const tenancy = contractTenancy(bundle.manifest.valid ? bundle.manifest.data : undefined);
    for (const definition of bundleContracts(bundle)) {
      if (definition.form === "keys" || !definition.schema || !isTenantScoped(definition, tenancy)) continue;
      const properties = definition.schema.properties as Record<string, unknown>;
      const required = (definition.schema.required as string[] | undefined) ?? [];
      const data = { model: definition.name, key: tenancy.key };
      if (!Object.prototype.hasOwnProperty.call(properties, tenancy.key)) {
        report("missing", { file: definition.document.file, path: definition.shapePath }, data);
      } else if (!required.includes(tenancy.key)) {
        const site = definition.fieldSite(tenancy.key);
        report("optional", siteTarget(site), data);
      }
    }
  },
});

export default contractTenantKey;
