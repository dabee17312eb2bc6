# `opa test policies/` runs these: the cases of the built-in rules tenancy/tenant-key and
# tenancy/boundary-gate (rules/tenancy/*.ts).
package spec_kit.tenancy_test

import data.spec_kit.tenancy
import rego.v1

manifest := {"file": "spec-kit.yaml", "data": {"specKit": 1, "name": "example", "tenancy": {"key": "tenant_id", "global_models": ["CapabilityCatalog"]}}}

p7 := {
	"phase_meta": {"phase_id": "P7"},
	"data_models": [
		{"name": "SessionLease", "kind": "table", "keys": ["session_id", "tenant_id"]},
		{"name": "CapabilityCatalog", "kind": "table", "keys": ["capability_id"]},
	],
	"guardrails": {"policy_gate": ["approval", "tenant boundary"]},
}

bundle(phase) := {"manifest": manifest, "phases": [{"file": "phases/P7.yaml", "id": "P7", "data": phase}], "missions": []}

findings(phase, rule) := {f |
	results := tenancy.deny with input as bundle(phase)
	some f in results
	f.rule == rule
}

test_p7_passes if {
	count(tenancy.deny) == 0 with input as bundle(p7)
}

test_a_model_without_the_tenant_key if {
	phase := json.patch(p7, [{"op": "replace", "path": "/data_models/0/keys", "value": ["session_id"]}])
	findings(phase, "tenant-key") == {{
		"msg": "data model SessionLease is tenant-scoped but its keys lack tenant_id; add tenant_id or list SessionLease in tenancy.global_models",
		"file": "phases/P7.yaml",
		"path": ["data_models", 0, "keys"],
		"rule": "tenant-key",
	}}
}

test_a_phase_without_the_boundary_gate if {
	phase := json.patch(p7, [{"op": "replace", "path": "/guardrails/policy_gate", "value": ["approval"]}])
	findings(phase, "boundary-gate") == {{
		"msg": "phase P7 holds tenant-scoped data (SessionLease) but guardrails.policy_gate lacks \"tenant boundary\"",
		"file": "phases/P7.yaml",
		"path": ["guardrails", "policy_gate"],
		"rule": "boundary-gate",
	}}
}

test_global_models_need_neither if {
	phase := json.patch(p7, [{"op": "remove", "path": "/data_models/0"}, {"op": "replace", "path": "/guardrails/policy_gate", "value": []}])
	count(tenancy.deny) == 0 with input as bundle(phase)
}

test_nothing_without_a_tenancy_section if {
	phase := json.patch(p7, [{"op": "replace", "path": "/data_models/0/keys", "value": []}])
	untenanted := {"file": "spec-kit.yaml", "data": {"specKit": 1, "name": "example"}}
	count(tenancy.deny) == 0 with input as {"manifest": untenanted, "phases": [{"file": "phases/P7.yaml", "id": "P7", "data": phase}], "missions": []}
}

test_a_phase_without_an_id_is_not_bound if {
	phase := json.patch(p7, [{"op": "replace", "path": "/data_models/0/keys", "value": []}])
	count(tenancy.deny) == 0 with input as {"manifest": manifest, "phases": [{"file": "phases/x.yaml", "data": phase}], "missions": []}
}
