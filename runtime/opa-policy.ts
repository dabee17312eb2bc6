import { inspectOpaModule, WASM_PAGE_BYTES } from "./opa-module.js";

/** Default memory bound of a policy: 1,024 pages of 64 KiB (64 MiB). */
export const DEFAULT_POLICY_MEMORY_PAGES = 1024;

/** Memory a policy starts with, as `@open-policy-agent/opa-wasm` defaults it (5 pages). */
const INITIAL_PAGES = 5;

/** A compiled Rego policy, instantiated with a bounded memory. */
export interface OpaPolicy {
  /** Its entrypoints (`package/path/rule`), sorted. */
  readonly entrypoints: readonly string[];
  /** Replaces the policy's `data` document. Throws what the policy throws. */
  setData(data: unknown): void;
  /**
   * Evaluates one entrypoint over `input` (a value, or UTF-8 JSON as an ArrayBuffer) and returns
   * the result set (`[{ result }]`, empty when undefined). Throws what the policy throws (a
   * trap, an abort, memory exhausted), not always an Error.
   */
  evaluate(input: unknown, entrypoint: string): unknown;
}

/** A loaded policy, or why it could not be loaded. */
export type OpaLoadResult = { ok: true; policy: OpaPolicy } | { ok: false; problem: string };

/** The text of anything thrown: OPA's loader and policies throw strings as well as errors. */
export function thrownText(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
  // WebAssembly.RuntimeError: the module trapped (unreachable, an out-of-bounds access, a stack overflow).
  const text = error instanceof Error && error.name === "RuntimeError" ? `trapped (${raw})` : raw;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/**
 * Instantiates an OPA policy (a module from `opa build -t wasm`) with
 * `@open-policy-agent/opa-wasm`, after {@link inspectOpaModule} has checked its imports and
 * exports, with at most `maxMemoryPages` pages of memory (64 KiB each): a policy that grows
 * past it fails its evaluation instead of taking the host's memory. Never throws; a
 * start function that traps, an ABI version the loader does not know, or a module whose ABI
 * minor version promises exports it lacks is a problem.
 */
export async function loadOpaPolicy(bytes: Uint8Array, maxMemoryPages: number = DEFAULT_POLICY_MEMORY_PAGES): Promise<OpaLoadResult> {
  const inspected = inspectOpaModule(bytes);
  if (!inspected.ok) return { ok: false, problem: inspected.problem };
  const { shape } = inspected;
  const maximum = Math.min(maxMemoryPages, shape.maxMemoryPages ?? maxMemoryPages);
  if (shape.minMemoryPages > maximum) {
    return { ok: false, problem: `needs ${shape.minMemoryPages} pages of memory, over its limit of ${maximum} (${(maximum * WASM_PAGE_BYTES) / 1024 / 1024} MiB)` };
  }
  const initial = Math.min(maximum, Math.max(INITIAL_PAGES, shape.minMemoryPages));
  // Loaded on first use: gates that take no policy never pay for the SDK and its built-ins.
  const { loadPolicy } = await import("@open-policy-agent/opa-wasm");
  let loaded: Awaited<ReturnType<typeof loadPolicy>>;
  try {
    loaded = await loadPolicy(bytes, { initial, maximum });
  } catch (error) {
    return { ok: false, problem: `cannot be loaded: ${thrownText(error)}` };
  }
  if (typeof loaded.minorVersion === "number" && loaded.minorVersion >= 2 && !shape.hasOpaEval) {
    return { ok: false, problem: `declares OPA Wasm ABI 1.${loaded.minorVersion} but lacks its opa_eval export` };
  }
  const table: unknown = loaded.entrypoints;
  if (typeof table !== "object" || table === null) return { ok: false, problem: "lists no entrypoints" };
  const entrypoints = Object.keys(table).sort();
  return {
    ok: true,
    policy: {
      entrypoints,
      setData: (data) => loaded.setData(data as object),
      evaluate: (input, entrypoint) => loaded.evaluate(input, entrypoint),
    },
  };
}
