import { defineManifestRule } from "../../compiler/check/rule.js";
import { EXAMPLE_MANIFEST_YAML, phaseBundle, withReplacement } from "../../compiler/check/rule-examples.js";
import { asRecord, own } from "../../compiler/guards.js";
import { foldIdentifier, nearestName } from "../../compiler/suggest.js";

/** manifest/unknown-layer: an `allow` entry names a layer the manifest does not declare. */
export const unknownLayer = defineManifestRule({
  id: "manifest/unknown-layer",
  scope: "manifest",
  defaultSeverity: "error",
  doc: "An allow entry names a layer the manifest does not declare.",
  details:
    "Each allow entry permits the data flow from one declared layer to another. A from or to that names no layer of the " +
    "layers section (a typo, a layer renamed or removed) permits nothing, so the flow it was meant to allow is reported as a " +
    "layer bypass wherever a phase makes it. The entry is reported in the manifest, at the name, with the nearest declared " +
    "layer offered.",
  messages: {
    unknown: 'allow[{{index}}].{{end}} names layer "{{layer}}", which the manifest does not declare (layers: {{known}})',
    unknownNear: 'allow[{{index}}].{{end}} names layer "{{layer}}", which the manifest does not declare; did you mean "{{suggestion}}"?',
    noLayers: 'allow[{{index}}].{{end}} names layer "{{layer}}", but the manifest declares no layers',
  },
  examples: {
    failing: {
      description: "The allowed flow names the layer sessions as session.",
      files: { ...phaseBundle(), "spec-kit.yaml": withReplacement(EXAMPLE_MANIFEST_YAML, "{from: sessions, to: security}", "{from: session, to: security}") },
    },
    passing: { description: "Both ends of the flow are declared layers.", files: phaseBundle() },
  },
  check({ manifest }, report) {
    const data = manifest.data;
    const layers = own(data, "layers");
    const declared = Array.isArray(layers) ? layers.map((layer) => own(layer, "id")).filter((id): id is string => typeof id === "string") : [];
    const allow = own(data, "allow");
    if (!Array.isArray(allow)) return;
    allow.forEach((flow: unknown, index) => {
      if (!asRecord(flow)) return;
      for (const end of ["from", "to"] as const) {
        const layer = own(flow, end);
        if (typeof layer !== "string" || declared.includes(layer)) continue;
        const at = { file: manifest.document.file, path: ["allow", index, end] };
        if (declared.length === 0) {
          report("noLayers", at, { index, end, layer });
          continue;
        }
        const suggestion = nearestName(layer, declared, { fold: foldIdentifier });
        if (suggestion !== undefined) report("unknownNear", at, { index, end, layer, suggestion });
        else report("unknown", at, { index, end, layer, known: declared.join(", ") });
      }
    });
  },
});

export default unknownLayer;
