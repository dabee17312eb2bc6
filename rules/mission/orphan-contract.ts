import { defineMissionRule } from "../../compiler/check/rule.js";
import { own, stringItems, textField } from "../../compiler/guards.js";
import { EXAMPLE_TEAM_MISSION_YAML, missionBundle, withReplacement } from "../../compiler/check/rule-examples.js";

/** mission/orphan-contract: a contract that nobody produces or nobody consumes. */
export const orphanContract = defineMissionRule({
  id: "mission/orphan-contract",
  scope: "mission",
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
      description: "Nobody consumes the Report contract.",
      files: missionBundle(withReplacement(EXAMPLE_TEAM_MISSION_YAML, "consumers: [Audit Service]", "consumers: []")),
    },
    passing: { description: "The Report contract has a producer and a consumer.", files: missionBundle(EXAMPLE_TEAM_MISSION_YAML) },
  },
  check({ mission }, report) {
    const file = mission.file;
    for (const { index, record } of mission.items("contracts")) {
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
  },
});

export default orphanContract;
