// Builds WebAssembly modules that follow the OPA Wasm ABI (what `opa build -t wasm` emits and
// `@open-policy-agent/opa-wasm` calls), assembled from WebAssembly text with wabt. No Rego
// compiler runs here, so these stand in for compiled policies: each entrypoint has a fixed
// behaviour (a result, an undefined result, a trap, an endless loop, unbounded memory growth,
// or echoing its input back), and the module's shape can be bent to test the loader's refusals.
//
// A "value" in these modules is the address of NUL-terminated JSON text: opa_json_parse only
// terminates the text it is given, opa_json_dump returns its argument.
import wabtFactory from "wabt";

/** What an entrypoint does when evaluated. */
export type EntrypointBehaviour =
  | { result: unknown }
  | "undefined"
  | "trap"
  | "loop"
  | "grow"
  | "echo-input"
  | "echo-data";

/** A module to build. */
export interface WatPolicy {
  /** Entrypoint name to behaviour; ids are assigned in this order. */
  entrypoints: Record<string, EntrypointBehaviour>;
  /** `opa_wasm_abi_minor_version` (default 1: the eval-context exports; 2 adds `opa_eval`). */
  abiMinor?: number;
  /** `opa_wasm_abi_version` (default 1). */
  abiVersion?: number;
  /** Exports to leave out. */
  omitExports?: readonly string[];
  /** Extra module fields in WebAssembly text (an import, a memory, a start function). */
  extraFields?: string;
  /** Pages the `env.memory` import asks for (default 2); `"own"` defines a memory instead of importing one. */
  memory?: number | "own";
}

const HEAP_START = 65_536;

function watString(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    out += byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** The WebAssembly text of `policy`. */
export function opaPolicyWat(policy: WatPolicy): string {
  const names = Object.keys(policy.entrypoints);
  const statics: string[] = [];
  let offset = 16;
  const place = (text: string): number => {
    const at = offset;
    statics.push(`(data (i32.const ${at}) "${watString(text)}\\00")`);
    offset += new TextEncoder().encode(text).length + 1;
    return at;
  };
  const builtins = place("{}");
  const entrypoints = place(JSON.stringify(Object.fromEntries(names.map((name, id) => [name, id]))));
  const outOfMemory = place("out of memory");
  const resultPrefix = place('{"result":');
  const unknownEntrypoint = place("unknown entrypoint");
  const nullInput = place("null");
  const bodies = names.map((name, id) => {
    const behaviour = policy.entrypoints[name]!;
    let body: string;
    if (behaviour === "undefined") body = `(return (i32.const ${place("[]")}))`;
    else if (behaviour === "trap") body = "(unreachable)";
    else if (behaviour === "loop") body = "(loop $forever (br $forever)) (unreachable)";
    else if (behaviour === "grow") body = `(loop $more (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) (call $abort (i32.const ${outOfMemory})) (unreachable)`;
    else if (behaviour === "echo-input") body = "(return (call $wrap (local.get $input)))";
    else if (behaviour === "echo-data") body = "(return (call $wrap (local.get $data)))";
    else body = `(return (i32.const ${place(JSON.stringify([{ result: behaviour.result }]))}))`;
    return `(if (i32.eq (local.get $ep) (i32.const ${id})) (then ${body}))`;
  });
  const omit = new Set(policy.omitExports ?? []);
  const exp = (name: string): string => (omit.has(name) ? "" : `(export "${name}")`);
  const importedMemory = policy.memory === "own" ? "" : `(import "env" "memory" (memory ${policy.memory ?? 2}))`;
  const ownMemory = policy.memory === "own" ? "(memory 2)" : "";
  const minor = policy.abiMinor ?? 1;
  return `(module
  ${importedMemory}
  (import "env" "opa_abort" (func $abort (param i32)))
  ${policy.extraFields ?? ""}
  ${ownMemory}
  (global $heap (mut i32) (i32.const ${HEAP_START}))
  (global ${exp("opa_wasm_abi_version")} i32 (i32.const ${policy.abiVersion ?? 1}))
  (global ${exp("opa_wasm_abi_minor_version")} i32 (i32.const ${minor}))
  ${statics.join("\n  ")}
  (func $ensure (param $end i32)
    (loop $more
      (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then (call $abort (i32.const ${outOfMemory})) (unreachable)))
          (br $more)))))
  (func $malloc ${exp("opa_malloc")} (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (i32.add (local.get $n) (i32.const 1))))
    (call $ensure (global.get $heap))
    (i32.store8 (i32.add (local.get $p) (local.get $n)) (i32.const 0))
    (local.get $p))
  (func ${exp("opa_json_parse")} (param $addr i32) (param $len i32) (result i32)
    (i32.store8 (i32.add (local.get $addr) (local.get $len)) (i32.const 0))
    (local.get $addr))
  (func ${exp("opa_json_dump")} (param $v i32) (result i32) (local.get $v))
  (func ${exp("opa_heap_ptr_get")} (result i32) (global.get $heap))
  (func ${exp("opa_heap_ptr_set")} (param $p i32) (global.set $heap (local.get $p)))
  (func ${exp("builtins")} (result i32) (i32.const ${builtins}))
  (func ${exp("entrypoints")} (result i32) (i32.const ${entrypoints}))
  ;; [{"result":<text at $v>}] in fresh heap memory
  (func $wrap (param $v i32) (result i32)
    (local $out i32) (local $len i32) (local $i i32)
    (block $done (loop $count
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $v) (local.get $len)))))
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (br $count)))
    (local.set $out (call $malloc (i32.add (local.get $len) (i32.const 13))))
    (i32.store8 (local.get $out) (i32.const 91))
    (call $copy (i32.add (local.get $out) (i32.const 1)) (i32.const ${resultPrefix}) (i32.const 10))
    (call $copy (i32.add (local.get $out) (i32.const 11)) (local.get $v) (local.get $len))
    (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 11))) (i32.const 125))
    (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 12))) (i32.const 93))
    (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 13))) (i32.const 0))
    (local.get $out))
  (func $copy (param $to i32) (param $from i32) (param $n i32)
    (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (local.get $to) (local.get $i)) (i32.load8_u (i32.add (local.get $from) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
  (func $run (param $ep i32) (param $data i32) (param $input i32) (result i32)
    ${bodies.join("\n    ")}
    (call $abort (i32.const ${unknownEntrypoint}))
    (unreachable))
  (func ${exp("opa_eval_ctx_new")} (result i32) (call $malloc (i32.const 16)))
  (func ${exp("opa_eval_ctx_set_input")} (param $ctx i32) (param $v i32) (i32.store (local.get $ctx) (local.get $v)))
  (func ${exp("opa_eval_ctx_set_data")} (param $ctx i32) (param $v i32) (i32.store offset=4 (local.get $ctx) (local.get $v)))
  (func ${exp("opa_eval_ctx_set_entrypoint")} (param $ctx i32) (param $ep i32) (i32.store offset=8 (local.get $ctx) (local.get $ep)))
  (func ${exp("opa_eval_ctx_get_result")} (param $ctx i32) (result i32) (i32.load offset=12 (local.get $ctx)))
  (func ${exp("eval")} (param $ctx i32) (result i32)
    (i32.store offset=12 (local.get $ctx)
      (call $run (i32.load offset=8 (local.get $ctx)) (i32.load offset=4 (local.get $ctx)) (i32.load (local.get $ctx))))
    (i32.const 0))
  ${
    minor >= 2
      ? `(func ${exp("opa_eval")} (param $reserved i32) (param $ep i32) (param $data i32) (param $input i32) (param $len i32) (param $heapPtr i32) (param $format i32) (result i32)
    (global.set $heap (i32.add (local.get $heapPtr) (i32.const 1)))
    (call $ensure (global.get $heap))
    (if (i32.eqz (local.get $input))
      (then (local.set $input (i32.const ${nullInput})))
      (else (i32.store8 (i32.add (local.get $input) (local.get $len)) (i32.const 0))))
    (call $run (local.get $ep) (local.get $data) (local.get $input)))`
      : ""
  }
)`;
}

let wabt: Awaited<ReturnType<typeof wabtFactory>> | undefined;

/** Assembles WebAssembly text into a binary module (`threads` allows a shared memory). */
export async function assemble(wat: string, features: { threads?: boolean } = {}): Promise<Uint8Array> {
  wabt ??= await wabtFactory();
  const module = wabt.parseWat("policy.wat", wat, features);
  try {
    // wabt's validator does not see the features the parser was given; V8 validates what it loads anyway.
    if (!features.threads) module.validate();
    return module.toBinary({}).buffer.slice();
  } finally {
    module.destroy();
  }
}

/** Builds an OPA-ABI module from `policy`. */
export async function opaPolicyWasm(policy: WatPolicy): Promise<Uint8Array> {
  return assemble(opaPolicyWat(policy));
}
