import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";

/** tenancy/tenant-key: every data model outside `tenancy.global_models` carries `tenancy.key` among its keys. */
export const tenantKey = defineBundleRule({
  id: "tenancy/tenant-key",
  scope: "bundle",
  reach: "document",
  defaultSeverity: "error",
  doc: "A tenant-scoped data model lacks the tenant key.",
  details:
    "With a tenancy section in the manifest, every data model not named in tenancy.global_models is tenant-scoped and must have " +
    "tenancy.key among its keys, so that no row can be read across tenants. Without a tenancy section this rule does nothing.",
  messages: {
    missingKey: "data model {{model}} is tenant-scoped but its keys lack {{key}}; add {{key}} or list {{model}} in tenancy.global_models",
  },
  examples: {
    failing: {
      description: "SessionLease has no tenant_id key.",
      files: phaseBundle(phaseYaml({ replace: { "keys: [session_id, tenant_id]": "keys: [session_id]" } })),
    },
    passing: {
      description: "SessionLease carries tenant_id.",
      files: phaseBundle(),
    },
  },
  check({ graph }, report) {
    const tenancy = graph.tenancy;
    if (!tenancy) return;
    for (const entry of graph.phaseEntries()) {
      for (const model of entry.models) {
        if (tenancy.globalModels.has(model.name) || model.keys.some((key) => key.value === tenancy.key)) continue;
        report("missingKey", { file: entry.file, path: model.keysPath }, { model: model.name, key: tenancy.key });
      }
    }
  },
});

export default tenantKey;
