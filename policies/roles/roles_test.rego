# `opa test policies/` runs these. Each case mirrors an example of the built-in rule of the
# same name (rules/roles/*.ts): the team passes, each broken variant gives that rule's message
# at the same place.
package spec_kit.roles_test

import data.spec_kit.roles
import rego.v1

team := {
	"mission": {"id": "m", "title": "M", "system": "S"},
	"roles": [
		{"id": "planner", "capabilities": ["plan-tasks"], "access_scope": ["tickets:read", "tickets:write"]},
		{"id": "implementer", "capabilities": ["write-branch"], "access_scope": ["branch:write"]},
		{"id": "release-captain", "capabilities": ["deploy"], "access_scope": ["production:deploy"]},
	],
	"actions": [{"id": "ship", "kind": "deploy-to-production", "performed_by": "release-captain", "requires_human_approval": true}],
}

bundle(mission) := {"missions": [{"file": "missions/team.yaml", "data": mission}], "phases": []}

findings(mission, rule) := {f |
	results := roles.deny with input as bundle(mission)
	some f in results
	f.rule == rule
}

test_the_team_passes if {
	count(roles.deny) == 0 with input as bundle(team)
}

test_a_planner_that_may_write_production if {
	mission := json.patch(team, [{"op": "add", "path": "/roles/0/access_scope/-", "value": "production:write"}])
	findings(mission, "least-privilege") == {{
		"msg": "role \"planner\" holds production write scope \"production:write\" but lacks the deploy capability",
		"file": "missions/team.yaml",
		"path": ["roles", 0, "access_scope", 2],
		"rule": "least-privilege",
	}}
}

test_a_scope_no_capability_needs if {
	mission := json.patch(team, [{"op": "add", "path": "/roles/1/access_scope/-", "value": "logs:read"}])
	findings(mission, "least-privilege") == {{
		"msg": "role \"implementer\" holds scope \"logs:read\", which none of its capabilities needs (it needs branch:write)",
		"file": "missions/team.yaml",
		"path": ["roles", 1, "access_scope", 1],
		"rule": "least-privilege",
	}}
}

test_a_role_without_capabilities_needs_no_scope if {
	mission := json.patch(team, [{"op": "replace", "path": "/roles/0/capabilities", "value": []}])
	{f.msg | some f in findings(mission, "least-privilege")} == {
		"role \"planner\" holds scope \"tickets:read\", which none of its capabilities needs (it needs no scope)",
		"role \"planner\" holds scope \"tickets:write\", which none of its capabilities needs (it needs no scope)",
	}
}

test_a_release_captain_that_writes_branches if {
	mission := json.patch(team, [{"op": "replace", "path": "/roles/2/capabilities", "value": ["write-branch", "deploy"]}])
	findings(mission, "separation-of-duties") == {{
		"msg": "role \"release-captain\" both implements (capability write-branch) and releases (capability deploy, scope production:deploy, action deploy-to-production); give these duties to separate roles",
		"file": "missions/team.yaml",
		"path": ["roles", 2, "id"],
		"rule": "separation-of-duties",
	}}
}

test_a_deployment_without_a_human if {
	mission := json.patch(team, [{"op": "replace", "path": "/actions/0/requires_human_approval", "value": false}])
	findings(mission, "human-approval") == {{
		"msg": "action \"ship\" (deploy-to-production) neither requires human approval nor names a break-glass protocol",
		"file": "missions/team.yaml",
		"path": ["actions", 0, "requires_human_approval"],
		"rule": "human-approval",
	}}
}

test_a_break_glass_protocol_stands_in_for_the_human if {
	mission := json.patch(team, [
		{"op": "remove", "path": "/actions/0/requires_human_approval"},
		{"op": "add", "path": "/actions/0/break_glass", "value": {"protocol": "two-person rule"}},
	])
	count(findings(mission, "human-approval")) == 0
}

test_an_undeclared_merge if {
	mission := json.patch(team, [{"op": "add", "path": "/roles/2/capabilities/-", "value": "merge-to-main"}, {"op": "add", "path": "/roles/2/access_scope/-", "value": "main:merge"}])
	findings(mission, "human-approval") == {{
		"msg": "role \"release-captain\" has capability merge-to-main but the mission declares no merge-to-main action performed by it, so its approval is unspecified",
		"file": "missions/team.yaml",
		"path": ["roles", 2, "capabilities", 1],
		"rule": "human-approval",
	}}
}

test_malformed_documents_give_nothing if {
	count(roles.deny) == 0 with input as {"missions": [{"file": "m.yaml", "data": "roles"}, {"file": "n.yaml", "data": {"roles": {"a": 1}, "actions": [1, "x"]}}]}
}
