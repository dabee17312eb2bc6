import { defineBundleRule } from "../../compiler/check/rule.js";
import { sectionItems, textField } from "../../compiler/check/mission-view.js";
import { stringItems, own } from "../../compiler/check/guards.js";

const MANIFEST = "specKit: 1\nname: x\n";

/** mission/orphan-contract: a contract that nobody produces or nobody consumes. */
export const orphanContract = defineBundleRule({
  id: "mission/orphan-contract",
  scope: "bundle",
  defaultSeverity: "warning",
  doc: "A data contract has no producer or no consumer.",
  details: [
    "A contract exists to carry data from a producer to a consumer. A contract whose `producers` list is empty",
    "is never emitted; one whose `consumers` list is empty is emitted into the void. Either is usually a missing",
    "declaration or a contract that should be removed. The finding points at the empty list.",
    "Whether the named parties exist is mission/unknown-party's concern, not this rule's.",
  ].join("\n"),
  messages: {
    noProducer: 'contract "{{contract}}" has no producer: nothing ever emits it',
    noConsumer: 'contract "{{contract}}" has no consumer: nothing ever reads it',
  },
  examples: {
    failing: {
      description: "Nobody consumes the Heartbeat contract.",
      files: {
        "spec-kit.yaml": MANIFEST,
        "missions/m.yaml": [
          "mission: { id: m, title: M, system: S }",
          "actors: [{ name: Agent }]",
          "contracts:",
          "  - name: Heartbeat",
          "    schema: { fields: [{ name: at, type: string, format: date-time }] }",
          "    producers: [Agent]",
          "    consumers: []",
          "",
        ].join("\n"),
      },
    },
    passing: {
      description: "The Heartbeat contract has a producer and a consumer.",
      files: {
        "spec-kit.yaml": MANIFEST,
        "missions/m.yaml": [
          "mission: { id: m, title: M, system: S }",
          "actors: [{ name: Agent }, { name: Monitor }]",
          "contracts:",
          "  - name: Heartbeat",
          "    schema: { fields: [{ name: at, type: string, format: date-time }] }",
          "    producers: [Agent]",
          "    consumers: [Monitor]",
          "",
        ].join("\n"),
      },
    },
  },
  check({ bundle }, report) {
    for (const mission of bundle.missions) {
      const file = mission.document.file;
      for (const { index, record } of sectionItems(mission, "contracts")) {
        const contract = textField(record, "name") ?? `#${index + 1}`;
        for (const [key, messageId] of [
          ["producers", "noProducer"],
          ["consumers", "noConsumer"],
        ] as const) {
          const list = own(record, key);
          if (Array.isArray(list) && stringItems(list).length === 0) {
            report(messageId, { file, path: ["contracts", index, key] }, { contract });
          }
        }
      }
    }
  },
});

export default orphanContract;
