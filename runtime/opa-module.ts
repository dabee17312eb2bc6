// Reads the shape of an untrusted WebAssembly module before anything instantiates it: which
// imports it asks for, what it exports, whether it brings its own memory. Hand-written over
// the binary format (no dependency), bounds-checked at every read; never throws.

/** Size of a WebAssembly memory page. */
export const WASM_PAGE_BYTES = 64 * 1024;

/** The one memory an OPA policy imports, and the functions the host may give it (the OPA Wasm ABI). */
const ALLOWED_IMPORTS: Readonly<Record<string, "memory" | "function">> = {
  "env.memory": "memory",
  "env.opa_abort": "function",
  "env.opa_println": "function",
  "env.opa_builtin0": "function",
  "env.opa_builtin1": "function",
  "env.opa_builtin2": "function",
  "env.opa_builtin3": "function",
  "env.opa_builtin4": "function",
};

/** Exports every OPA policy has, whatever its ABI minor version (`@open-policy-agent/opa-wasm` calls them). */
const REQUIRED_FUNCTIONS = ["opa_malloc", "opa_json_parse", "opa_json_dump", "opa_heap_ptr_get", "opa_heap_ptr_set", "builtins", "entrypoints"];
/** The evaluation exports of ABI 1.0 and 1.1; 1.2 adds the one-call `opa_eval`. */
const CONTEXT_EVAL_FUNCTIONS = ["eval", "opa_eval_ctx_new", "opa_eval_ctx_set_input", "opa_eval_ctx_set_data", "opa_eval_ctx_set_entrypoint", "opa_eval_ctx_get_result"];

const KIND_NAMES = ["function", "table", "memory", "global", "tag"] as const;
type ExternalKind = (typeof KIND_NAMES)[number];

/** What an OPA policy module declares, read without instantiating it. */
export interface OpaModuleShape {
  /** Pages of memory the module's `env.memory` import needs at least. */
  minMemoryPages: number;
  /** Pages the import allows at most, when it says. */
  maxMemoryPages?: number;
  /** Whether it exports the ABI 1.2 one-call `opa_eval`. */
  hasOpaEval: boolean;
}

/** The module's shape, or why it cannot be an OPA policy spec-kit runs. */
export type OpaModuleInspection = { ok: true; shape: OpaModuleShape } | { ok: false; problem: string };

class Reader {
  offset = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end: number = bytes.length,
  ) {}

  byte(): number {
    if (this.offset >= this.end) throw new Truncated();
    return this.bytes[this.offset++]!;
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (result > 0xffffffff) throw new Malformed("a number is larger than 32 bits");
        return result;
      }
    }
    throw new Malformed("a number is longer than 5 bytes");
  }

  name(): string {
    const length = this.u32();
    if (this.offset + length > this.end) throw new Truncated();
    const text = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(text);
    } catch {
      throw new Malformed("a name is not UTF-8");
    }
  }

  limits(): { min: number; max?: number; flags: number } {
    const flags = this.byte();
    const min = this.u32();
    if (flags & 0x01) return { min, max: this.u32(), flags };
    return { min, flags };
  }
}

/** The WebAssembly global (the compiler's `lib` setting here does not declare it). */
function wasmApi(): { validate(bytes: Uint8Array): boolean } {
  return (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
}

class Truncated extends Error {}
class Malformed extends Error {}

interface Declared {
  imports: { module: string; name: string; kind: ExternalKind; limits?: { min: number; max?: number; flags: number } }[];
  exports: Map<string, ExternalKind>;
  ownsMemory: boolean;
}

function readImport(reader: Reader): Declared["imports"][number] {
  const module = reader.name();
  const name = reader.name();
  const kindByte = reader.byte();
  const kind = KIND_NAMES[kindByte];
  if (kind === undefined) throw new Malformed(`import ${module}.${name} has the unknown kind ${kindByte}`);
  switch (kind) {
    case "function":
      reader.u32();
      return { module, name, kind };
    case "table":
      reader.byte();
      reader.limits();
      return { module, name, kind };
    case "memory":
      return { module, name, kind, limits: reader.limits() };
    case "global":
      reader.byte();
      reader.byte();
      return { module, name, kind };
    case "tag":
      reader.byte();
      reader.u32();
      return { module, name, kind };
  }
}

function readSections(bytes: Uint8Array): Declared {
  const reader = new Reader(bytes);
  const declared: Declared = { imports: [], exports: new Map(), ownsMemory: false };
  reader.offset = 8;
  while (reader.offset < bytes.length) {
    const id = reader.byte();
    const size = reader.u32();
    const end = reader.offset + size;
    if (end > bytes.length) throw new Truncated();
    const section = new Reader(bytes, end);
    section.offset = reader.offset;
    if (id === 2) {
      for (let count = section.u32(); count > 0; count--) declared.imports.push(readImport(section));
    } else if (id === 5) {
      declared.ownsMemory = section.u32() > 0;
    } else if (id === 7) {
      for (let count = section.u32(); count > 0; count--) {
        const name = section.name();
        const kind = KIND_NAMES[section.byte()];
        section.u32();
        if (kind !== undefined) declared.exports.set(name, kind);
      }
    }
    reader.offset = end;
  }
  return declared;
}

/**
 * Checks that `bytes` is a WebAssembly module an OPA policy loader may instantiate with a
 * bounded memory: valid WebAssembly, importing exactly the OPA ABI's `env.memory` (not
 * shared, not 64-bit) and no import the ABI does not provide, defining no memory of its own
 * (which would escape the host's memory limit), and exporting the ABI's functions and
 * version globals. Never throws.
 */
export function inspectOpaModule(bytes: Uint8Array): OpaModuleInspection {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (bytes.length < 8 || magic.some((byte, i) => bytes[i] !== byte)) return { ok: false, problem: "is not a WebAssembly module (no \\0asm header)" };
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) return { ok: false, problem: "is a WebAssembly binary of an unsupported version" };
  let valid = false;
  try {
    valid = wasmApi().validate(bytes);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, problem: "is not a valid WebAssembly module" };
  let declared: Declared;
  try {
    declared = readSections(bytes);
  } catch (error) {
    return { ok: false, problem: error instanceof Malformed ? `is malformed (${error.message})` : "is truncated" };
  }
  if (declared.ownsMemory) return { ok: false, problem: "defines its own memory instead of importing env.memory, so its memory cannot be bounded" };
  let memory: { min: number; max?: number; flags: number } | undefined;
  for (const entry of declared.imports) {
    const key = `${entry.module}.${entry.name}`;
    const allowed = Object.prototype.hasOwnProperty.call(ALLOWED_IMPORTS, key) ? ALLOWED_IMPORTS[key] : undefined;
    if (allowed !== entry.kind) return { ok: false, problem: `imports ${entry.kind} ${JSON.stringify(key)}, which the OPA Wasm ABI does not provide` };
    if (entry.kind === "memory") memory = entry.limits;
  }
  if (!memory) return { ok: false, problem: "does not import env.memory, as OPA policies do" };
  if (memory.flags > 1) return { ok: false, problem: "imports a shared or 64-bit memory, which OPA policies do not use" };
  const missing = REQUIRED_FUNCTIONS.filter((name) => declared.exports.get(name) !== "function");
  for (const name of ["opa_wasm_abi_minor_version", "opa_wasm_abi_version"]) {
    if (declared.exports.get(name) !== "global") missing.unshift(name);
  }
  const hasOpaEval = declared.exports.get("opa_eval") === "function";
  if (!hasOpaEval) missing.push(...CONTEXT_EVAL_FUNCTIONS.filter((name) => declared.exports.get(name) !== "function"));
  if (missing.length > 0) return { ok: false, problem: `does not follow the OPA Wasm ABI: it lacks the export${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` };
  const shape: OpaModuleShape = { minMemoryPages: memory.min, hasOpaEval };
  if (memory.max !== undefined) shape.maxMemoryPages = memory.max;
  return { ok: true, shape };
}
