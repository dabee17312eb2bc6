// The compiled policy `spec-kit explain policy/load` and `explain policy/eval` show: a module that
// follows the OPA Wasm ABI, small enough to read as WebAssembly text. No Rego compiler runs
// where spec-kit is built, so it is written by hand; test/rules/policy/example-policy.test.ts
// checks that the bytes are exactly what the text assembles to (with wabt).

/**
 * The module as WebAssembly text: entrypoints `example/deny` (id 0), which traps, and
 * `example/warn` (id 1), which is undefined (an empty result set). A value is the address of
 * NUL-terminated JSON text, as far as this module needs values at all.
 */
export const EXAMPLE_POLICY_WAT = `(module
  (import "env" "memory" (memory 1))
  (import "env" "opa_abort" (func $abort (param i32)))
  (global $heap (mut i32) (i32.const 1024))
  (global (export "opa_wasm_abi_version") i32 (i32.const 1))
  (global (export "opa_wasm_abi_minor_version") i32 (i32.const 1))
  (data (i32.const 16) "{}\\00")
  (data (i32.const 32) "{\\"example/deny\\":0,\\"example/warn\\":1}\\00")
  (data (i32.const 96) "[]\\00")
  (data (i32.const 112) "out of memory\\00")
  (func $malloc (export "opa_malloc") (param $n i32) (result i32)
    (global.get $heap)
    (global.set $heap (i32.add (global.get $heap) (i32.add (local.get $n) (i32.const 1))))
    (if (i32.gt_u (global.get $heap) (i32.const 65536)) (then (call $abort (i32.const 112)) (unreachable))))
  (func (export "opa_json_parse") (param $at i32) (param $n i32) (result i32)
    (i32.store8 (i32.add (local.get $at) (local.get $n)) (i32.const 0))
    (local.get $at))
  (func (export "opa_json_dump") (param $value i32) (result i32) (local.get $value))
  (func (export "opa_heap_ptr_get") (result i32) (global.get $heap))
  (func (export "opa_heap_ptr_set") (param $at i32) (global.set $heap (local.get $at)))
  (func (export "builtins") (result i32) (i32.const 16))
  (func (export "entrypoints") (result i32) (i32.const 32))
  (func (export "opa_eval_ctx_new") (result i32) (call $malloc (i32.const 4)))
  (func (export "opa_eval_ctx_set_input") (param i32 i32))
  (func (export "opa_eval_ctx_set_data") (param i32 i32))
  (func (export "opa_eval_ctx_set_entrypoint") (param $ctx i32) (param $id i32) (i32.store (local.get $ctx) (local.get $id)))
  (func (export "opa_eval_ctx_get_result") (param i32) (result i32) (i32.const 96))
  (func (export "eval") (param $ctx i32) (result i32)
    (if (i32.eqz (i32.load (local.get $ctx))) (then (unreachable)))
    (i32.const 0)))
`;

/** {@link EXAMPLE_POLICY_WAT} assembled. */
const EXAMPLE_POLICY_BASE64 =
  "AGFzbQEAAAABGQVgAX8AYAF/AX9gAn9/AX9gAAF/YAJ/fwACHwIDZW52Bm1lbW9yeQIAAQNlbnYJb3BhX2Fib3J0AAADDg0BAgED" +
  "AAMDAwQEBAEBBhEDfwFBgAgLfwBBAQt/AEEBCwelAg8Ub3BhX3dhc21fYWJpX3ZlcnNpb24DARpvcGFfd2FzbV9hYmlfbWlub3Jf" +
  "dmVyc2lvbgMCCm9wYV9tYWxsb2MAAQ5vcGFfanNvbl9wYXJzZQACDW9wYV9qc29uX2R1bXAAAxBvcGFfaGVhcF9wdHJfZ2V0AAQQ" +
  "b3BhX2hlYXBfcHRyX3NldAAFCGJ1aWx0aW5zAAYLZW50cnlwb2ludHMABxBvcGFfZXZhbF9jdHhfbmV3AAgWb3BhX2V2YWxfY3R4" +
  "X3NldF9pbnB1dAAJFW9wYV9ldmFsX2N0eF9zZXRfZGF0YQAKG29wYV9ldmFsX2N0eF9zZXRfZW50cnlwb2ludAALF29wYV9ldmFs" +
  "X2N0eF9nZXRfcmVzdWx0AAwEZXZhbAANCnYNHgAjACMAIABBAWpqJAAjAEGAgARLBEBB8AAQAAALCw4AIAAgAWpBADoAACAACwQA" +
  "IAALBAAjAAsGACAAJAALBABBEAsEAEEgCwYAQQQQAQsCAAsCAAsJACAAIAE2AgALBQBB4AALDgAgACgCAEUEQAALQQALC08EAEEQ" +
  "CwN7fQAAQSALJHsiZXhhbXBsZS9kZW55IjowLCJleGFtcGxlL3dhcm4iOjF9AABB4AALA1tdAABB8AALDm91dCBvZiBtZW1vcnkA";

/** The example module's bytes. */
export function examplePolicyWasm(): Uint8Array {
  return Uint8Array.from(atob(EXAMPLE_POLICY_BASE64), (char) => char.charCodeAt(0));
}
