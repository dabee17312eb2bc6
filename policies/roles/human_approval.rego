# Human approval of merge and deploy, as spec-kit's built-in rule roles/human-approval checks
# it (seed 000 §5.4): a high-impact action requires a human or names a break-glass protocol,
# and a role able to perform one has it declared.
package spec_kit.roles

import data.spec_kit.lib
import rego.v1

# The high-impact action kinds, each with the capability that lets a role perform it.
high_impact := {"merge-to-main": "merge-to-main", "deploy-to-production": "deploy"}

approved(action) if action.requires_human_approval == true

approved(action) if {
	is_object(action.break_glass)
	lib.text(action.break_glass, "protocol")
}

action_name(action) := lib.text(action.record, "id") if {
	lib.text(action.record, "id")
} else := sprintf("#%d", [action.index + 1])

# The approval flag when the action has one (whatever its value), else the action.
approval_path(action) := ["actions", action.index, "requires_human_approval"] if {
	lib.has_key(action.record, "requires_human_approval")
} else := ["actions", action.index]

deny contains finding if {
	some mission in input.missions
	some action in lib.items(mission.data, "actions")
	kind := lib.text(action.record, "kind")
	high_impact[kind]
	not approved(action.record)
	finding := {
		"msg": sprintf("action %q (%s) neither requires human approval nor names a break-glass protocol", [action_name(action), kind]),
		"file": mission.file,
		"path": approval_path(action),
		"rule": "human-approval",
	}
}

# Whether the mission declares an action of `kind` performed by the role `id`.
declared(mission, id, kind) if {
	some action in lib.items(mission.data, "actions")
	lib.text(action.record, "kind") == kind
	lib.text(action.record, "performed_by") == id
}

deny contains finding if {
	some mission in input.missions
	some role in lib.items(mission.data, "roles")
	id := lib.text(role.record, "id")
	some capability in lib.string_items(object.get(role.record, "capabilities", []))
	some kind, needed in high_impact
	capability.value == needed
	not declared(mission, id, kind)
	finding := {
		"msg": sprintf("role %q has capability %s but the mission declares no %s action performed by it, so its approval is unspecified", [id, capability.value, kind]),
		"file": mission.file,
		"path": ["roles", role.index, "capabilities", capability.index],
		"rule": "human-approval",
	}
}
