import { defineMissionRule } from "../../compiler/check/rule.js";
import { own, stringItems, textField } from "../../compiler/guards.js";
import type { Capability } from "../../compiler/types/mission.js";
import { EXAMPLE_TEAM_MISSION_YAML, missionBundle, withReplacement } from "../../compiler/check/rule-examples.js";

/** The scopes each capability needs; a role may hold exactly the union over its capabilities. */
const SCOPES_NEEDED: Readonly<Record<Capability, readonly string[]>> = {
  "read-code": ["code:read"],
  "read-logs": ["logs:read"],
  "read-metrics": ["metrics:read"],
  "read-production": ["production:read"],
  "plan-tasks": ["tickets:read", "tickets:write"],
  "write-branch": ["branch:write"],
  "write-scratchpad": ["scratchpad:write"],
  "run-ci": ["ci:execute"],
  "review-pr": ["pr:read", "pr:comment"],
  "merge-to-main": ["main:merge"],
  deploy: ["production:deploy"],
  rollback: ["production:rollback"],
  communicate: ["comms:write"],
  "manage-change": ["change:write"],
};

function isCapability(value: string): value is Capability {
  return Object.prototype.hasOwnProperty.call(SCOPES_NEEDED, value);
}

/** A scope that changes production: any verb but `read` on `production` (or a wildcard covering it). */
function writesProduction(scope: string): boolean {
  const [resource, verb] = scope.split(":");
  return (resource === "production" || resource === "*") && verb !== undefined && verb !== "read";
}

const TABLE = Object.entries(SCOPES_NEEDED)
  .map(([capability, scopes]) => `  ${capability.padEnd(17)} -> ${scopes.join(", ")}`)
  .join("\n");

/** roles/least-privilege: a role's access scopes do not exceed what its capabilities need. */
export const leastPrivilege = defineMissionRule({
  id: "roles/least-privilege",
  scope: "mission",
  defaultSeverity: "error",
  doc: "A role's access_scope grants more than its capabilities need.",
  details: [
    "Each capability a role declares needs a fixed set of resource:verb scopes:",
    TABLE,
    "A role may hold the union of the scopes its capabilities need. Every other scope in its `access_scope` is",
    "excess and reported at that scope: an unknown scope, a wildcard (`*`), or a known scope no capability of",
    "the role needs. A scope that changes production (`production:<verb>` with any verb but `read`, or a",
    "wildcard resource) held by a role without the `deploy` capability is always excess and says so, even when",
    "another capability (such as `rollback`) would need it: only a deploying role may touch production.",
  ].join("\n"),
  messages: {
    excess: 'role "{{role}}" holds scope "{{scope}}", which none of its capabilities needs ({{needed}})',
    productionWithoutDeploy: 'role "{{role}}" holds production write scope "{{scope}}" but lacks the deploy capability',
  },
  examples: {
    failing: {
      description: "The planner may write to production.",
      files: missionBundle(withReplacement(EXAMPLE_TEAM_MISSION_YAML, "tickets:write]", "tickets:write, production:write]"), "missions/roles.yaml"),
    },
    passing: { description: "The planner holds only the ticket scopes it needs.", files: missionBundle(EXAMPLE_TEAM_MISSION_YAML, "missions/roles.yaml") },
  },
  check({ mission }, report) {
    const file = mission.file;
    for (const { index, record } of mission.items("roles")) {
      const role = textField(record, "id") ?? `#${index + 1}`;
      const capabilities = stringItems(own(record, "capabilities"))
        .map((item) => item.value)
        .filter(isCapability);
      const needed = new Set(capabilities.flatMap((capability) => SCOPES_NEEDED[capability]));
      const canDeploy = capabilities.includes("deploy");
      const neededText = needed.size > 0 ? `it needs ${[...needed].sort().join(", ")}` : "it needs no scope";
      for (const scope of stringItems(own(record, "access_scope"))) {
        const at = { file, path: ["roles", index, "access_scope", scope.index] };
        if (writesProduction(scope.value) && !canDeploy) {
          report("productionWithoutDeploy", at, { role, scope: scope.value });
        } else if (!needed.has(scope.value)) {
          report("excess", at, { role, scope: scope.value, needed: neededText });
        }
      }
    }
  },
});

export default leastPrivilege;
