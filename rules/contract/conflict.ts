import { defineBundleRule } from "../../compiler/check/rule.js";
import { phaseBundle } from "../../compiler/check/rule-examples.js";
import { bundleContracts, contractsByName, siteText } from "../../compiler/contracts/bundle-contracts.js";
import { describeDifference, diffShapes, sameShape } from "../../compiler/contracts/schema-diff.js";

const mission = (schema: string): string =>
  [
    "mission: { id: m, title: M, system: S }",
    "actors: [{ name: Gate }, { name: Audit }]",
    "contracts:",
    "  - name: SessionLease",
    `    schema: "${schema}"`,
    "    producers: [Gate]",
    "    consumers: [Audit]",
    "",
  ].join("\n");

/** contract/conflict: two contracts or data models of one name with different shapes. */
export const contractConflict = defineBundleRule({
  id: "contract/conflict",
  scope: "bundle",
  // Contracts of one name may be declared in any document; it reads nothing else of them.
  reach: "contracts",
  defaultSeverity: "error",
  doc: "Contracts and data models that share a name must have the same shape.",
  details: [
    "A name stands for one generated type, schema and validator (contracts/<Name>.*). When a mission contract and a",
    "phase's data model, or two phases' data models, share a name, their fields, types and required fields must agree",
    "(descriptions may differ). The later declaration is reported, with the first one's location and the first",
    "difference. A new version of a contract takes a new name in its version namespace, such as SessionLease.v2.",
  ].join("\n"),
  messages: {
    differentShape:
      'contract "{{name}}" is declared again with another shape ({{difference}}); the first declaration is at {{first}}: make them equal, or give this one its own name such as {{name}}.v2',
  },
  examples: {
    failing: {
      description: "The mission types SessionLease's session_id as UUID; phase P7's data model has it as a string key.",
      files: { ...phaseBundle(), "missions/m.yaml": mission("{ session_id: UUID, tenant_id: string }") },
    },
    passing: {
      description: "Both declarations give SessionLease the same two string fields.",
      files: { ...phaseBundle(), "missions/m.yaml": mission("{ session_id: string, tenant_id: string }") },
    },
  },
  check({ bundle }, report) {
    for (const [name, group] of contractsByName(bundleContracts(bundle))) {
      const shaped = group.filter((definition) => definition.schema !== undefined);
      const first = shaped[0];
      if (!first) continue;
      for (const other of shaped.slice(1)) {
        if (sameShape(first.schema!, other.schema!)) continue;
        const change = diffShapes(first.schema!, other.schema!)[0];
        report(
          "differentShape",
          { file: other.document.file, path: [...other.path, "name"] },
          {
            name,
            difference: change ? describeDifference(change) : "their constraints differ",
            first: siteText(first, { file: first.document.file, path: [...first.path, "name"] }),
          },
        );
      }
    }
  },
});

export default contractConflict;
