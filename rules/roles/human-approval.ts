import { defineMissionRule } from "../../compiler/check/rule.js";
import { asRecord, own, stringItems, textField } from "../../compiler/guards.js";
import type { ActionKind, Capability } from "../../compiler/types/mission.js";
import { EXAMPLE_TEAM_MISSION_YAML, missionBundle, withReplacement } from "../../compiler/check/rule-examples.js";

/** The high-impact action kinds and the capability that lets a role perform each. */
const HIGH_IMPACT: readonly { kind: ActionKind; capability: Capability }[] = [
  { kind: "merge-to-main", capability: "merge-to-main" },
  { kind: "deploy-to-production", capability: "deploy" },
];

/** The break-glass protocol an action names, if any. */
function breakGlassProtocol(action: Record<string, unknown>): string | undefined {
  const breakGlass = asRecord(own(action, "break_glass"));
  return breakGlass ? textField(breakGlass, "protocol") : undefined;
}

/** roles/human-approval: high-impact actions are gated by a human or by break-glass. */
export const humanApproval = defineMissionRule({
  id: "roles/human-approval",
  scope: "mission",
  defaultSeverity: "error",
  doc: "A merge-to-main or deploy-to-production action does not require human approval.",
  details: [
    "High-impact actions, merge-to-main and deploy-to-production, require explicit human approval or an",
    "emergency break-glass protocol. An action of either kind must set `requires_human_approval: true` or name",
    "`break_glass.protocol`; otherwise it is reported at `requires_human_approval`.",
    "A role whose capabilities allow a high-impact action (merge-to-main for merges, deploy for deployments)",
    "while the mission declares no such action performed by that role leaves the approval unspecified; that is",
    "reported at the capability.",
  ].join("\n"),
  messages: {
    noApproval: 'action "{{action}}" ({{kind}}) neither requires human approval nor names a break-glass protocol',
    undeclaredAction: 'role "{{role}}" has capability {{capability}} but the mission declares no {{kind}} action performed by it, so its approval is unspecified',
  },
  examples: {
    failing: {
      description: "Deployment runs without a human.",
      files: missionBundle(withReplacement(EXAMPLE_TEAM_MISSION_YAML, "requires_human_approval: true", "requires_human_approval: false")),
    },
    passing: { description: "Deployment needs a human.", files: missionBundle(EXAMPLE_TEAM_MISSION_YAML) },
  },
  check({ mission }, report) {
    const file = mission.file;
    const declared = new Set<string>();
    for (const { index, record } of mission.items("actions")) {
      const kind = textField(record, "kind");
      const entry = HIGH_IMPACT.find((h) => h.kind === kind);
      if (!entry) continue;
      const role = textField(record, "performed_by");
      if (role !== undefined) declared.add(`${role}\u0000${entry.kind}`);
      if (own(record, "requires_human_approval") === true || breakGlassProtocol(record) !== undefined) continue;
      const hasFlag = own(record, "requires_human_approval") !== undefined;
      report(
        "noApproval",
        { file, path: hasFlag ? ["actions", index, "requires_human_approval"] : ["actions", index] },
        { action: textField(record, "id") ?? `#${index + 1}`, kind: entry.kind },
      );
    }
    for (const { index, record } of mission.items("roles")) {
      const role = textField(record, "id");
      if (role === undefined) continue;
      for (const capability of stringItems(own(record, "capabilities"))) {
        const entry = HIGH_IMPACT.find((h) => h.capability === capability.value);
        if (!entry || declared.has(`${role}\u0000${entry.kind}`)) continue;
        report(
          "undeclaredAction",
          { file, path: ["roles", index, "capabilities", capability.index] },
          { role, capability: capability.value, kind: entry.kind },
        );
      }
    }
  },
});

export default humanApproval;
