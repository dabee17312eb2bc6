# Separation of duties, as spec-kit's built-in rule roles/separation-of-duties checks it
# (seed 000 §3): no role both writes a change and lets it into main or production.
package spec_kit.roles

import data.spec_kit.lib
import rego.v1

# What makes a role an implementer, and a releaser: capabilities, scopes, performed actions.
implements := {"capabilities": ["write-branch"], "scopes": ["branch:write", "code:write", "main:write"], "actions": ["push-branch"]}

releases := {"capabilities": ["merge-to-main", "deploy"], "scopes": ["main:merge", "production:deploy"], "actions": ["merge-to-main", "deploy-to-production"]}

# The kinds of the actions a role performs (matched by performed_by), first occurrence first.
role_actions(mission, role) := lib.dedup([kind |
	some action in lib.items(mission.data, "actions")
	lib.text(action.record, "performed_by") == lib.text(role, "id")
	kind := lib.text(action.record, "kind")
])

# The evidence that a role holds a duty, such as "capability write-branch", in a stable order.
evidence(duty, role, actions) := array.concat(
	array.concat(
		[sprintf("capability %s", [c]) | some c in lib.string_values(object.get(role, "capabilities", [])); c in duty.capabilities],
		[sprintf("scope %s", [s]) | some s in lib.string_values(object.get(role, "access_scope", [])); s in duty.scopes],
	),
	[sprintf("action %s", [a]) | some a in actions; a in duty.actions],
)

# Where the finding points: the role's id, else the role.
role_path(role) := ["roles", role.index, "id"] if {
	lib.text(role.record, "id")
} else := ["roles", role.index]

deny contains finding if {
	some mission in input.missions
	some role in lib.items(mission.data, "roles")
	actions := role_actions(mission, role.record)
	implementing := evidence(implements, role.record, actions)
	releasing := evidence(releases, role.record, actions)
	count(implementing) > 0
	count(releasing) > 0
	finding := {
		"msg": sprintf("role %q both implements (%s) and releases (%s); give these duties to separate roles", [role_name(role.record, role.index), concat(", ", implementing), concat(", ", releasing)]),
		"file": mission.file,
		"path": role_path(role),
		"rule": "separation-of-duties",
	}
}
