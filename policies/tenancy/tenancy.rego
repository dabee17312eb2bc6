# Tenant boundaries, as spec-kit's built-in rules tenancy/tenant-key and tenancy/boundary-gate
# check them: with a `tenancy` section in the manifest, every data model outside its
# global_models is tenant-scoped, carries the tenant key, and the phase holding it lists the
# "tenant boundary" policy gate. Without a tenancy section nothing is reported.
package spec_kit.tenancy

import data.spec_kit.lib
import rego.v1

tenancy := input.manifest.data.tenancy if is_object(input.manifest.data.tenancy)

tenant_key := tenancy.key if is_string(tenancy.key)

global_models := {name | some name in lib.string_values(object.get(tenancy, "global_models", []))}

# Phase documents with a usable phase id, as spec-kit binds them.
phases contains phase if {
	some phase in input.phases
	is_string(phase.id)
	trim_space(phase.id) != ""
}

# The named data models of a phase, each with its index.
models(phase) := [model |
	some item in lib.items(phase.data, "data_models")
	name := lib.text(item.record, "name")
	model := {"index": item.index, "name": name, "keys": lib.string_values(object.get(item.record, "keys", []))}
]

deny contains finding if {
	key := tenant_key
	some phase in phases
	some model in models(phase)
	not model.name in global_models
	not key in model.keys
	finding := {
		"msg": sprintf("data model %s is tenant-scoped but its keys lack %s; add %s or list %s in tenancy.global_models", [model.name, key, key, model.name]),
		"file": phase.file,
		"path": ["data_models", model.index, "keys"],
		"rule": "tenant-key",
	}
}

deny contains finding if {
	tenant_key
	some phase in phases
	scoped := lib.dedup([model.name | some model in models(phase); not model.name in global_models])
	count(scoped) > 0
	not "tenant boundary" in lib.string_values(object.get(object.get(phase.data, "guardrails", {}), "policy_gate", []))
	finding := {
		"msg": sprintf("phase %s holds tenant-scoped data (%s) but guardrails.policy_gate lacks \"tenant boundary\"", [phase.id, concat(", ", scoped)]),
		"file": phase.file,
		"path": ["guardrails", "policy_gate"],
		"rule": "boundary-gate",
	}
}
