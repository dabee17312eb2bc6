import { readArchive, type ArchiveLimits } from "../archive/read-archive.js";
import type { PolicyFailure } from "../../compiler/policy/policy-host.js";
import { parseJsonBytes } from "./json-bytes.js";

/** A policy file taken apart: its module and its data document. */
export type PolicyFile =
  | { ok: true; wasm: Uint8Array; fromBundle: boolean; data?: Record<string, unknown> }
  | { ok: false; failure: PolicyFailure };

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const GZIP_MAGIC = [0x1f, 0x8b];
/** Where a POSIX tar header says `ustar`. */
const USTAR_OFFSET = 257;

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
}

function isArchive(bytes: Uint8Array): boolean {
  return startsWith(bytes, GZIP_MAGIC) || startsWith(bytes, [0x75, 0x73, 0x74, 0x61, 0x72], USTAR_OFFSET);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // A key such as __proto__ is data here, never a prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Merges `source` into `target` key by key, into nested objects; where either side is not an
 * object, `source` wins when `override`, else the merge fails and returns the dotted key.
 */
export function mergeData(target: Record<string, unknown>, source: Record<string, unknown>, override: boolean, prefix = ""): string | undefined {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const current = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
    if (isObject(current) && isObject(value)) {
      const conflict = mergeData(current, value, override, `${prefix}${key}.`);
      if (conflict !== undefined) return conflict;
    } else if (current === undefined || override) {
      setOwn(target, key, isObject(value) ? mergeCopy(value) : value);
    } else {
      return `${prefix}${key}`;
    }
  }
  return undefined;
}

function mergeCopy(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  mergeData(copy, value, true);
  return copy;
}

/**
 * Takes a policy file apart, as untrusted input: a bare WebAssembly module, or an OPA bundle
 * (`opa build -t wasm`: a tar.gz holding `/policy.wasm`, `/data.json` and `/.manifest`) read by
 * the safe archive reader, which refuses links, unsafe or repeated paths, and oversized or too
 * many members. The bundle's data files (`data.json` at the root, `a/b/data.json` for `data.a.b`)
 * and then the configured data are merged into the data document. Never throws.
 */
export async function readPolicyFile(bytes: Uint8Array, limits: ArchiveLimits, configured?: Record<string, unknown>): Promise<PolicyFile> {
  const data: Record<string, unknown> = {};
  let wasm: Uint8Array;
  let fromBundle = false;
  let hasData = false;
  if (startsWith(bytes, WASM_MAGIC)) {
    wasm = bytes;
  } else if (isArchive(bytes)) {
    const archive = await readArchive(bytes, limits);
    if (!archive.ok) return { ok: false, failure: { kind: "refused", detail: `is refused as an OPA bundle: ${archive.problem.message}` } };
    const module = archive.files.find((file) => file.path === "policy.wasm");
    if (!module) return { ok: false, failure: { kind: "refused", detail: "is an archive without /policy.wasm; build it with opa build -t wasm" } };
    wasm = module.bytes;
    fromBundle = true;
    for (const file of archive.files) {
      if (file.path === ".manifest") {
        if (!isObject(parseJsonBytes(file.bytes)?.value)) return { ok: false, failure: { kind: "refused", detail: "is refused as an OPA bundle: its /.manifest is not a JSON object" } };
      } else if (file.path === "data.json" || file.path.endsWith("/data.json")) {
        const parsed = parseJsonBytes(file.bytes)?.value;
        if (!isObject(parsed)) return { ok: false, failure: { kind: "data", detail: `file /${file.path} in the bundle is not a JSON object` } };
        const at = file.path.split("/").slice(0, -1);
        let nested: Record<string, unknown> = parsed;
        for (const key of [...at].reverse()) nested = Object.defineProperty({}, key, { value: nested, enumerable: true, writable: true, configurable: true });
        const conflict = mergeData(data, nested, false);
        if (conflict !== undefined) return { ok: false, failure: { kind: "data", detail: `files of the bundle both set data.${conflict}` } };
        hasData = true;
      }
    }
  } else {
    return { ok: false, failure: { kind: "refused", detail: "is neither a WebAssembly module nor an OPA bundle (tar or tar.gz)" } };
  }
  if (configured) {
    mergeData(data, configured, true);
    hasData = true;
  }
  return hasData ? { ok: true, wasm, fromBundle, data } : { ok: true, wasm, fromBundle };
}
