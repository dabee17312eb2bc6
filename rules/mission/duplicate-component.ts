import { defineMissionRule } from "../../compiler/check/rule.js";
import { textField } from "../../compiler/guards.js";
import { EXAMPLE_MISSION_YAML, missionBundle, withReplacement } from "../../compiler/check/rule-examples.js";

const SECOND_COMPONENT = [
  "  - id: mission-control",
  "    name: Mission Control Orchestrator",
  "    responsibilities: [Schedule milestones.]",
  "    interfaces: []",
  "",
].join("\n");

/** mission/duplicate-component: two components of one mission share an id or a name. */
export const duplicateComponent = defineMissionRule({
  id: "mission/duplicate-component",
  scope: "mission",
  defaultSeverity: "error",
  doc: "Two components of one mission have the same id or the same name.",
  details: [
    "Contracts name their producers and consumers by a component's id or name, and the task graph has one node per",
    "component id: a second component with an id or name already taken makes those references ambiguous and would be",
    "left out of the graph. Reported at the later component, naming the first by its position among the components.",
  ].join("\n"),
  messages: {
    duplicateId: 'component id "{{id}}" is already the id of component #{{first}} ("{{other}}")',
    duplicateName: 'component name "{{name}}" is already the name of component #{{first}}',
  },
  examples: {
    failing: {
      description: "Mission Control Orchestrator is declared twice.",
      files: missionBundle(withReplacement(EXAMPLE_MISSION_YAML, "        address: POST /missions\n", `        address: POST /missions\n${SECOND_COMPONENT}`)),
    },
    passing: { description: "One component.", files: missionBundle(EXAMPLE_MISSION_YAML) },
  },
  check({ mission }, report) {
    const file = mission.file;
    const firstId = new Map<string, number>();
    const firstName = new Map<string, number>();
    const names = new Map<number, string>();
    for (const { index, record } of mission.items("components")) {
      const id = textField(record, "id");
      const name = textField(record, "name");
      const idAt = id === undefined ? undefined : firstId.get(id);
      const nameAt = name === undefined ? undefined : firstName.get(name);
      if (id !== undefined && idAt !== undefined) {
        report("duplicateId", { file, path: ["components", index, "id"] }, { id, first: idAt + 1, other: names.get(idAt) ?? id });
      } else if (name !== undefined && nameAt !== undefined) {
        report("duplicateName", { file, path: ["components", index, "name"] }, { name, first: nameAt + 1 });
      }
      if (id !== undefined && idAt === undefined) firstId.set(id, index);
      if (name !== undefined && nameAt === undefined) firstName.set(name, index);
      names.set(index, name ?? id ?? `#${index + 1}`);
    }
  },
});

export default duplicateComponent;
