# Readers for the documents in spec-kit's policy input (schemas/policy-input.schema.json).
# Documents that fail their schema are in the input as they are, so every reader checks the
# shape of what it reads, as spec-kit's built-in rules do (compiler/check/guards.ts).
package spec_kit.lib

import rego.v1

# The object items of the list at `key` of `document`, each with its index:
# [{"index": 0, "record": {...}}, ...]. A missing or malformed list yields none.
items(document, key) := [{"index": i, "record": record} |
	is_object(document)
	list := object.get(document, key, [])
	is_array(list)
	some i, record in list
	is_object(record)
]

# The string items of a list with their indices; anything else yields none.
string_items(list) := [{"index": i, "value": value} |
	is_array(list)
	some i, value in list
	is_string(value)
]

# The string values of a list, in order (duplicates kept).
string_values(list) := [item.value | some item in string_items(list)]

# A field that is a non-empty string; undefined otherwise.
text(record, key) := value if {
	is_object(record)
	value := record[key]
	is_string(value)
	value != ""
}

# Whether an object has `key` at all (with any value, null and false included).
has_key(record, key) if {
	is_object(record)
	_ = record[key]
}

# The values of an array without repeats, first occurrence kept, in order.
dedup(values) := [value |
	some i, value in values
	not value in array.slice(values, 0, i)
]
