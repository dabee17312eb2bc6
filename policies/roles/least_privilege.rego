# Least privilege of roles, as spec-kit's built-in rule roles/least-privilege checks it
# (seed 000 §5.1): a role may hold exactly the scopes its capabilities need; a scope that
# changes production belongs only to a role that can deploy.
package spec_kit.roles

import data.spec_kit.lib
import rego.v1

# The scopes each capability needs.
scopes_needed := {
	"read-code": {"code:read"},
	"read-logs": {"logs:read"},
	"read-metrics": {"metrics:read"},
	"read-production": {"production:read"},
	"plan-tasks": {"tickets:read", "tickets:write"},
	"write-branch": {"branch:write"},
	"write-scratchpad": {"scratchpad:write"},
	"run-ci": {"ci:execute"},
	"review-pr": {"pr:read", "pr:comment"},
	"merge-to-main": {"main:merge"},
	"deploy": {"production:deploy"},
	"rollback": {"production:rollback"},
	"communicate": {"comms:write"},
	"manage-change": {"change:write"},
}

# The known capabilities a role declares.
capabilities(role) := {capability |
	some capability in lib.string_values(object.get(role, "capabilities", []))
	scopes_needed[capability]
}

# The union of the scopes a role's capabilities need.
needed_scopes(role) := union({scopes_needed[capability] | some capability in capabilities(role)})

# A scope that changes production: any verb but read on production, or on a wildcard resource.
writes_production(scope) if {
	parts := split(scope, ":")
	count(parts) > 1
	parts[0] in {"production", "*"}
	parts[1] != "read"
}

# How a role is named in messages: its id, else its position.
role_name(role, index) := lib.text(role, "id") if {
	lib.text(role, "id")
} else := sprintf("#%d", [index + 1])

needed_text(needed) := sprintf("it needs %s", [concat(", ", sort(needed))]) if {
	count(needed) > 0
} else := "it needs no scope"

deny contains finding if {
	some mission in input.missions
	some role in lib.items(mission.data, "roles")
	some scope in lib.string_items(object.get(role.record, "access_scope", []))
	writes_production(scope.value)
	not "deploy" in capabilities(role.record)
	finding := {
		"msg": sprintf("role %q holds production write scope %q but lacks the deploy capability", [role_name(role.record, role.index), scope.value]),
		"file": mission.file,
		"path": ["roles", role.index, "access_scope", scope.index],
		"rule": "least-privilege",
	}
}

deny contains finding if {
	some mission in input.missions
	some role in lib.items(mission.data, "roles")
	needed := needed_scopes(role.record)
	some scope in lib.string_items(object.get(role.record, "access_scope", []))
	not production_without_deploy(role.record, scope.value)
	not scope.value in needed
	finding := {
		"msg": sprintf("role %q holds scope %q, which none of its capabilities needs (%s)", [role_name(role.record, role.index), scope.value, needed_text(needed)]),
		"file": mission.file,
		"path": ["roles", role.index, "access_scope", scope.index],
		"rule": "least-privilege",
	}
}

production_without_deploy(role, scope) if {
	writes_production(scope)
	not "deploy" in capabilities(role)
}
