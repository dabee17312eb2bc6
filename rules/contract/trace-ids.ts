import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle, phaseYaml } from "../../compiler/check/rule-examples.js";
import { siteTarget } from "../../compiler/contracts/document-contracts.js";
import { bundleContracts, isMetricModel } from "../../compiler/contracts/bundle-contracts.js";

/** The ids a metric must carry to be traced back to its task (seed 002 §7, P13: "trace every metric back to task"). */
export const METRIC_TRACE_IDS = ["trace_id", "task_id"] as const;

const MODEL = "data_models: [{name: SessionLease, kind: table, keys: [session_id, tenant_id], append_only: true}]";
const withEvent = (keys: string): string =>
  phaseYaml({ replace: { [MODEL]: `data_models: [{name: LeaseGranted, kind: event, keys: [${keys}], append_only: true}]` } });

/** contract/trace-ids: an event or metric data model without trace_id and task_id. */
export const contractTraceIds = defineBundleRule({
  id: "contract/trace-ids",
  scope: "bundle",
  reach: "document",
  defaultSeverity: "error",
  doc: "An event or metric data model must carry trace_id and task_id.",
  details: [
    'Section 7 of the protocol: "any metric without trace IDs => invalid", and P13 traces every metric back to its',
    "task. Every data model of kind event, and every model whose name or kind says metric, must carry trace_id and",
    "task_id: among its keys, or as required fields when it declares fields:.",
  ].join("\n"),
  messages: {
    missing: "{{what}} {{model}} lacks {{missing}}: a metric without trace IDs is invalid (protocol §7); add {{missing}} to its {{where}}",
    optional: "{{what}} {{model}} has {{field}} only as an optional field: a metric without trace IDs is invalid (protocol §7); make it required",
  },
  examples: {
    failing: {
      description: "The LeaseGranted event carries trace_id but not task_id.",
      files: phaseBundle(withEvent("session_id, tenant_id, trace_id")),
    },
    passing: {
      description: "The LeaseGranted event carries both.",
      files: phaseBundle(withEvent("session_id, tenant_id, trace_id, task_id")),
    },
  },
  check({ bundle }, report) {
    for (const definition of bundleContracts(bundle)) {
      if (!isMetricModel(definition) || !definition.schema) continue;
      const properties = definition.schema.properties as Record<string, unknown>;
      const required = (definition.schema.required as string[] | undefined) ?? [];
      const what = definition.model?.kind === "event" ? "event model" : "metric model";
      const missing = METRIC_TRACE_IDS.filter((id) => !Object.prototype.hasOwnProperty.call(properties, id));
      if (missing.length > 0) {
        report(
          "missing",
          { file: definition.document.file, path: definition.shapePath },
          { what, model: definition.name, missing: missing.join(" and "), where: definition.form === "keys" ? "keys" : "fields" },
        );
      }
      for (const field of METRIC_TRACE_IDS) {
        if (missing.includes(field) || required.includes(field)) continue;
        const site = definition.fieldSite(field);
        report("optional", siteTarget(site), { what, model: definition.name, field });
      }
    }
  },
});

export default contractTraceIds;
