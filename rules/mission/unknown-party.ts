import { defineMissionRule } from "../../compiler/check/rule.js";
import { own, stringItems, textField } from "../../compiler/guards.js";
import { EXAMPLE_TEAM_MISSION_YAML, missionBundle, withReplacement } from "../../compiler/check/rule-examples.js";

/** mission/unknown-party: contracts and actions name only parties the mission declares. */
export const unknownParty = defineMissionRule({
  id: "mission/unknown-party",
  scope: "mission",
  defaultSeverity: "error",
  doc: "A contract producer or consumer names no declared component or actor, or an action names no declared role.",
  details: [
    "Every name in a contract's `producers` and `consumers` must be declared in the same mission document:",
    "a component's `id`, a component's `name`, or an actor's `name` from the `actors` list (exact, case-sensitive match).",
    "Parties outside the system (a CLI, a dashboard, a downstream service) are declared as actors.",
    "Every action's `performed_by` must be the `id` of a role of the same document.",
    "When a name differs from a declared one only in case or spacing, the message suggests the declared spelling.",
  ].join("\n"),
  messages: {
    unknownProducer: 'contract "{{contract}}" names producer "{{party}}", which is no declared component or actor{{hint}}',
    unknownConsumer: 'contract "{{contract}}" names consumer "{{party}}", which is no declared component or actor{{hint}}',
    unknownRole: 'action "{{action}}" is performed by "{{party}}", which is no declared role{{hint}}',
  },
  examples: {
    failing: {
      description: "The consumer Audit Service is not declared.",
      files: missionBundle(withReplacement(EXAMPLE_TEAM_MISSION_YAML, "actors: [{ name: Audit Service, kind: service }]\n", "")),
    },
    passing: { description: "Audit Service is declared as an actor.", files: missionBundle(EXAMPLE_TEAM_MISSION_YAML) },
  },
  check({ mission }, report) {
    const file = mission.file;
    const parties = new Set<string>();
    for (const { record } of mission.items("components")) {
      for (const key of ["id", "name"]) {
        const value = textField(record, key);
        if (value !== undefined) parties.add(value);
      }
    }
    for (const { record } of mission.items("actors")) {
      const name = textField(record, "name");
      if (name !== undefined) parties.add(name);
    }
    const roles = new Set<string>();
    for (const { record } of mission.items("roles")) {
      const id = textField(record, "id");
      if (id !== undefined) roles.add(id);
    }

    for (const { index, record } of mission.items("contracts")) {
      const contract = textField(record, "name") ?? `#${index + 1}`;
      for (const [key, messageId] of [
        ["producers", "unknownProducer"],
        ["consumers", "unknownConsumer"],
      ] as const) {
        for (const party of stringItems(own(record, key))) {
          if (parties.has(party.value)) continue;
          report(messageId, { file, path: ["contracts", index, key, party.index] }, { contract, party: party.value, hint: hintFor(party.value, parties) });
        }
      }
    }
    for (const { index, record } of mission.items("actions")) {
      const role = own(record, "performed_by");
      if (typeof role !== "string" || roles.has(role)) continue;
      report(
        "unknownRole",
        { file, path: ["actions", index, "performed_by"] },
        { action: textField(record, "id") ?? `#${index + 1}`, party: role, hint: hintFor(role, roles) },
      );
    }
  },
});

/** Folds case and spacing so that near-misses can be suggested. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

/** ` (did you mean "X"?)` when exactly one declared name folds to the same text. */
function hintFor(name: string, declared: ReadonlySet<string>): string {
  const matches = [...declared].filter((candidate) => fold(candidate) === fold(name)).sort();
  return matches.length === 1 ? ` (did you mean "${matches[0]}"?)` : "";
}

export default unknownParty;
