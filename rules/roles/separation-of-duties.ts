import { defineMissionRule } from "../../compiler/check/rule.js";
import { own, stringItems, textField } from "../../compiler/guards.js";
import type { ActionKind, Capability } from "../../compiler/types/mission.js";
import { EXAMPLE_TEAM_MISSION_YAML, missionBundle, withReplacement } from "../../compiler/check/rule-examples.js";

/** What makes a role an implementer or a releaser, by capability, scope and performed action. */
interface Duty {
  capabilities: readonly Capability[];
  scopes: readonly string[];
  actions: readonly ActionKind[];
}

const IMPLEMENTS: Duty = { capabilities: ["write-branch"], scopes: ["branch:write", "code:write", "main:write"], actions: ["push-branch"] };
const RELEASES: Duty = {
  capabilities: ["merge-to-main", "deploy"],
  scopes: ["main:merge", "production:deploy"],
  actions: ["merge-to-main", "deploy-to-production"],
};

/** The evidence that a role holds a duty, such as `capability write-branch`, in a stable order. */
function evidence(duty: Duty, capabilities: readonly string[], scopes: readonly string[], actions: readonly string[]): string[] {
  return [
    ...capabilities.filter((c) => (duty.capabilities as readonly string[]).includes(c)).map((c) => `capability ${c}`),
    ...scopes.filter((s) => duty.scopes.includes(s)).map((s) => `scope ${s}`),
    ...actions.filter((a) => (duty.actions as readonly string[]).includes(a)).map((a) => `action ${a}`),
  ];
}

/** roles/separation-of-duties: no role both writes the change and releases it. */
export const separationOfDuties = defineMissionRule({
  id: "roles/separation-of-duties",
  scope: "mission",
  defaultSeverity: "error",
  doc: "A role both implements changes and releases them.",
  details: [
    "The Gen-4 mesh separates the role that writes a change from the role that lets it into main or production.",
    "A role implements when it has the capability write-branch, a scope among branch:write, code:write,",
    "main:write, or performs a push-branch action. A role releases when it has the capability merge-to-main or",
    "deploy, a scope among main:merge, production:deploy, or performs a merge-to-main or deploy-to-production",
    "action (actions are matched to roles by `performed_by`). A role that does both is reported once, at its id,",
    "with the evidence for each side.",
  ].join("\n"),
  messages: {
    bothDuties: 'role "{{role}}" both implements ({{implements}}) and releases ({{releases}}); give these duties to separate roles',
  },
  examples: {
    failing: {
      description: "The release captain may also write branches.",
      files: missionBundle(withReplacement(EXAMPLE_TEAM_MISSION_YAML, "capabilities: [deploy]", "capabilities: [write-branch, deploy]")),
    },
    passing: { description: "Implementing and deploying belong to different roles.", files: missionBundle(EXAMPLE_TEAM_MISSION_YAML) },
  },
  check({ mission }, report) {
    const file = mission.file;
    const actionsByRole = new Map<string, string[]>();
    for (const { record } of mission.items("actions")) {
      const role = textField(record, "performed_by");
      const kind = textField(record, "kind");
      if (role === undefined || kind === undefined) continue;
      const list = actionsByRole.get(role) ?? [];
      if (!list.includes(kind)) list.push(kind);
      actionsByRole.set(role, list);
    }
    for (const { index, record } of mission.items("roles")) {
      const id = textField(record, "id");
      const capabilities = stringItems(own(record, "capabilities")).map((item) => item.value);
      const scopes = stringItems(own(record, "access_scope")).map((item) => item.value);
      const actions = (id !== undefined ? actionsByRole.get(id) : undefined) ?? [];
      const implementing = evidence(IMPLEMENTS, capabilities, scopes, actions);
      const releasing = evidence(RELEASES, capabilities, scopes, actions);
      if (implementing.length === 0 || releasing.length === 0) continue;
      report(
        "bothDuties",
        { file, path: id !== undefined ? ["roles", index, "id"] : ["roles", index] },
        { role: id ?? `#${index + 1}`, implements: implementing.join(", "), releases: releasing.join(", ") },
      );
    }
  },
});

export default separationOfDuties;
